import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation } from "react-router";
import { AccountPage } from "../accounts/AccountPage.tsx";
import { DepartmentsPage } from "../accounts/DepartmentsPage.tsx";
import { UsersPage } from "../accounts/UsersPage.tsx";
import type { Role } from "../api.ts";
import { AuditPage } from "../audit/AuditPage.tsx";
import { DashboardPage } from "../analytics/DashboardPage.tsx";
import { RegisterPage } from "../documents/RegisterPage.tsx";
import { ForcedPasswordChange } from "../auth/ForcedPasswordChange.tsx";
import { ConsultationsPage } from "../consultations/ConsultationsPage.tsx";
import { DeskCasePage } from "../consultations/DeskCasePage.tsx";
import { DeskInboxPage } from "../consultations/DeskInboxPage.tsx";
import { DeskStatisticsPage } from "../consultations/DeskStatisticsPage.tsx";
import { NewConsultationPage } from "../consultations/NewConsultationPage.tsx";
import { OwnConsultationPage } from "../consultations/OwnConsultationPage.tsx";
import { ReceiptPage } from "../consultations/ReceiptPage.tsx";
import { LoginPage } from "../auth/LoginPage.tsx";
import { LivePage } from "../live-assist/LivePage.tsx";
import { LiveSettingsPage } from "../live-assist/SettingsPage.tsx";
import { SupervisePage } from "../live-assist/SupervisePage.tsx";
import { useSession } from "../auth/session.tsx";
import { HomePage } from "../home/HomePage.tsx";
import { IncidentEditPage } from "../incidents/IncidentEditPage.tsx";
import { IncidentPage } from "../incidents/IncidentPage.tsx";
import { IncidentsPage } from "../incidents/IncidentsPage.tsx";
import { ReportingPage } from "../incidents/ReportingPage.tsx";
import { NewIncidentPage } from "../incidents/NewIncidentPage.tsx";
import { LexiconPage as TriageLexiconPage } from "../triage/LexiconPage.tsx";
import { MessagePage as TriageMessagePage } from "../triage/MessagePage.tsx";
import { TriagePage } from "../triage/TriagePage.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { NotFound } from "../ui/NotFound.tsx";
import { PolicyEditPage } from "../policy/PolicyEditPage.tsx";
import { PolicyPage } from "../policy/PolicyPage.tsx";
import { PolicyVersionPage } from "../policy/PolicyVersionPage.tsx";
import { PublicNoticeAdminPage } from "../policy/PublicNoticeAdminPage.tsx";
import { ModulePage } from "../training/ModulePage.tsx";
import { TrainingAdminPage } from "../training/TrainingAdminPage.tsx";
import { TrainingPage } from "../training/TrainingPage.tsx";
import { Page } from "../ui/Page.tsx";
import { Shell } from "./Shell.tsx";

/** Only same-site paths are accepted as a place to return to after signing in. */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export function AppRoutes() {
  const session = useSession();
  const location = useLocation();

  if (session.loading) {
    return (
      <Shell>
        <Loading />
      </Shell>
    );
  }
  if (session.loadError) {
    return (
      <Shell>
        <ErrorAlert error={session.loadError} />
      </Shell>
    );
  }
  if (!session.me) {
    const next = location.pathname === "/login" ? null : `${location.pathname}${location.search}`;
    return (
      <Shell>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/consultation-receipt" element={<ReceiptPage />} />
          <Route path="/consultation-anonymous" element={<NewConsultationPage signedOut />} />
          <Route path="*" element={<Navigate replace to={next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login"} />} />
        </Routes>
      </Shell>
    );
  }
  if (session.me.mustChangePassword) {
    return (
      <Shell>
        <ForcedPasswordChange />
      </Shell>
    );
  }
  return (
    <Shell>
      <Routes>
        <Route path="/login" element={<Navigate replace to={safeNext(new URLSearchParams(location.search).get("next"))} />} />
        <Route path="/" element={<HomePage />} />
        <Route path="/account" element={<AccountPage />} />
        <Route path="/admin/users" element={<RequireRole need="admin">{<UsersPage />}</RequireRole>} />
        <Route path="/admin/departments" element={<RequireRole need="admin">{<DepartmentsPage />}</RequireRole>} />
        <Route path="/audit" element={<RequireRole need="auditor">{<AuditPage />}</RequireRole>} />
        <Route path="/incidents" element={<RequireRole need={INCIDENT_ROLES}>{<IncidentsPage />}</RequireRole>} />
        <Route path="/incidents/new" element={<RequireRole need={INCIDENT_ROLES}>{<NewIncidentPage />}</RequireRole>} />
        <Route path="/incidents/reporting" element={<RequireRole need="central">{<ReportingPage />}</RequireRole>} />
        <Route path="/incidents/:id" element={<RequireRole need={INCIDENT_ROLES}>{<IncidentPage />}</RequireRole>} />
        <Route path="/incidents/:id/edit" element={<RequireRole need={INCIDENT_ROLES}>{<IncidentEditPage />}</RequireRole>} />
        <Route path="/analytics" element={<RequireRole need={["supervisor", "central"]}>{<DashboardPage />}</RequireRole>} />
        <Route path="/restrictions" element={<RequireRole need={["supervisor", "central"]}>{<RegisterPage />}</RequireRole>} />
        <Route path="/triage" element={<RequireRole need={INCIDENT_ROLES}>{<TriagePage />}</RequireRole>} />
        <Route path="/triage/lexicon" element={<RequireRole need={INCIDENT_ROLES}>{<TriageLexiconPage />}</RequireRole>} />
        <Route path="/triage/:id" element={<RequireRole need={INCIDENT_ROLES}>{<TriageMessagePage />}</RequireRole>} />
        <Route path="/policy" element={<PolicyPage />} />
        <Route path="/policy/versions/:version" element={<PolicyVersionPage />} />
        <Route path="/policy/edit" element={<RequireRole need="central">{<PolicyEditPage />}</RequireRole>} />
        <Route path="/public-notice/edit" element={<RequireRole need="central">{<PublicNoticeAdminPage />}</RequireRole>} />
        <Route path="/training" element={<RequireRole need={TRAINING_ROLES}>{<TrainingPage />}</RequireRole>} />
        <Route path="/training/admin" element={<RequireRole need="central">{<TrainingAdminPage />}</RequireRole>} />
        <Route path="/training/:id" element={<RequireRole need={TRAINING_ROLES}>{<ModulePage />}</RequireRole>} />
        <Route path="/live" element={<RequireRole need="staff">{<LivePage />}</RequireRole>} />
        <Route path="/live/supervise" element={<RequireRole need={["supervisor", "central"]}>{<SupervisePage />}</RequireRole>} />
        <Route path="/live/settings" element={<RequireRole need="central">{<LiveSettingsPage />}</RequireRole>} />
        <Route path="/consultations" element={<RequireRole need="staff">{<ConsultationsPage />}</RequireRole>} />
        <Route path="/consultations/new" element={<RequireRole need="staff">{<NewConsultationPage />}</RequireRole>} />
        <Route path="/consultations/:id" element={<RequireRole need="staff">{<OwnConsultationPage />}</RequireRole>} />
        <Route path="/consultation-receipt" element={<ReceiptPage />} />
        <Route path="/consultation-anonymous" element={<Navigate replace to="/consultations/new?anonymous=1" />} />
        <Route path="/desk/consultations" element={<RequireRole need="desk">{<DeskInboxPage />}</RequireRole>} />
        <Route path="/desk/consultations/:id" element={<RequireRole need="desk">{<DeskCasePage />}</RequireRole>} />
        <Route path="/desk/consultation-statistics" element={<RequireRole need="desk">{<DeskStatisticsPage />}</RequireRole>} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

/** Training is taken by staff (supervisors hold the role) and managed by central. */
export const TRAINING_ROLES: readonly Role[] = ["staff", "central"];

/** The roles that record, list and read incidents (which incidents: the API decides). */
export const INCIDENT_ROLES: readonly Role[] = ["staff", "supervisor", "central"];

function RequireRole({ need, children }: { need: Role | readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { hasRole } = useSession();
  if ((typeof need === "string" ? [need] : need).some((r) => hasRole(r))) return children;
  return (
    <Page title={t("app.forbiddenTitle")}>
      <p>{t("app.forbiddenBody")}</p>
      <p>
        <Link to="/">{t("app.backHome")}</Link>
      </p>
    </Page>
  );
}
