import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation } from "react-router";
import { AccountPage } from "../accounts/AccountPage.tsx";
import { DepartmentsPage } from "../accounts/DepartmentsPage.tsx";
import { UsersPage } from "../accounts/UsersPage.tsx";
import type { Role } from "../api.ts";
import { AuditPage } from "../audit/AuditPage.tsx";
import { DashboardPage } from "../analytics/DashboardPage.tsx";
import { ForcedPasswordChange } from "../auth/ForcedPasswordChange.tsx";
import { LoginPage } from "../auth/LoginPage.tsx";
import { useSession } from "../auth/session.tsx";
import { HomePage } from "../home/HomePage.tsx";
import { IncidentEditPage } from "../incidents/IncidentEditPage.tsx";
import { IncidentPage } from "../incidents/IncidentPage.tsx";
import { IncidentsPage } from "../incidents/IncidentsPage.tsx";
import { NewIncidentPage } from "../incidents/NewIncidentPage.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { NotFound } from "../ui/NotFound.tsx";
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
        <Route path="/incidents/:id" element={<RequireRole need={INCIDENT_ROLES}>{<IncidentPage />}</RequireRole>} />
        <Route path="/incidents/:id/edit" element={<RequireRole need={INCIDENT_ROLES}>{<IncidentEditPage />}</RequireRole>} />
        <Route path="/analytics" element={<RequireRole need={["supervisor", "central"]}>{<DashboardPage />}</RequireRole>} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

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
