import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink } from "react-router";
import { departmentName, useDepartments } from "../accounts/departments.ts";
import { useSession } from "../auth/session.tsx";
import { PolicyAckBanner } from "../policy/PolicyAckBanner.tsx";
import { LOCALES, type Locale, currentLocale } from "../i18n.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { LiveAlertBanner } from "../live-assist/SupervisePage.tsx";

/** The frame of every page: skip link, header (who is signed in, language, sign out), navigation, main. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const me = session.me;
  const full = !!me && !me.mustChangePassword;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              守
            </span>
            <span className="brand-text">
              <span className="brand-name">{t("app.name")}</span>
              <span className="brand-tagline">{t("app.tagline")}</span>
            </span>
          </div>
          <div className="header-tools">
            {me ? <UserSummary showDepartment={full} /> : null}
            <LanguageSwitch />
            {me ? (
              <Button variant="secondary" className="btn-small" onClick={() => void session.signOut()}>
                {t("app.signOut")}
              </Button>
            ) : null}
          </div>
        </div>
        {full ? <MainNav /> : null}
      </header>
      {full ? <PolicyAckBanner /> : null}
      <main id="main" tabIndex={-1} className="site-main">
        {full ? <LiveAlertBanner /> : null}
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {t("app.name")} — {t("app.tagline")}
        </p>
        {me ? null : (
          <p>
            <Link to="/consultation-anonymous">{t("consultations.anonymousWithoutSignInLink")}</Link>
            {" ・ "}
            <Link to="/consultation-receipt">{t("consultations.haveCodeLink")}</Link>
          </p>
        )}
      </footer>
    </>
  );
}

function UserSummary({ showDepartment }: { showDepartment: boolean }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const departments = useDepartments(showDepartment);
  if (!me) return null;
  const user = me.user;
  const dept = departments.data?.find((d) => d.id === user.departmentId);
  const roles = [...new Set(user.roles.map((g) => g.role))];
  return (
    <section className="user-summary" aria-label={t("app.signedInAs")}>
      <p className="user-name">{user.displayName}</p>
      <dl className="user-meta">
        {showDepartment ? (
          <div>
            <dt>{t("app.department")}</dt>
            <dd>{user.departmentId ? departmentName(dept, i18n.language) || "…" : t("app.noDepartment")}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("app.roles")}</dt>
          <dd>{roles.map((r) => t(`roles.${r}`)).join("、")}</dd>
        </div>
      </dl>
    </section>
  );
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  const active = currentLocale();
  const choose = async (locale: Locale) => {
    setError(null);
    try {
      await session.setLocale(locale);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="lang-switch">
      <fieldset className="segmented">
        <legend className="visually-hidden">{t("app.language")}</legend>
        {LOCALES.map((l) => (
          <button key={l} type="button" lang={l} aria-pressed={active === l} className={active === l ? "is-active" : ""} onClick={() => void choose(l)}>
            {t(`lang.${l}`)}
          </button>
        ))}
      </fieldset>
      <ErrorAlert error={error} />
    </div>
  );
}

function MainNav() {
  const { t } = useTranslation();
  const { hasRole } = useSession();
  const items: Array<{ to: string; label: string; show: boolean }> = [
    { to: "/", label: t("nav.home"), show: true },
    { to: "/incidents", label: t("nav.incidents"), show: hasRole("staff") || hasRole("supervisor") || hasRole("central") },
    { to: "/triage", label: t("triage.nav"), show: hasRole("staff") || hasRole("supervisor") || hasRole("central") },
    { to: "/live", label: t("liveAssist.nav"), show: hasRole("staff") },
    { to: "/live/supervise", label: t("liveAssist.navSupervise"), show: hasRole("supervisor") || hasRole("central") },
    { to: "/live/settings", label: t("liveAssist.navSettings"), show: hasRole("central") },
    { to: "/analytics", label: t("analytics.nav"), show: hasRole("supervisor") || hasRole("central") },
    { to: "/restrictions", label: t("documents.registerNav"), show: hasRole("supervisor") || hasRole("central") },
    { to: "/consultations", label: t("consultations.nav"), show: hasRole("staff") },
    { to: "/desk/consultations", label: t("consultations.navDesk"), show: hasRole("desk") },
    { to: "/desk/consultation-statistics", label: t("consultations.navStatistics"), show: hasRole("desk") },
    { to: "/admin/users", label: t("nav.users"), show: hasRole("admin") },
    { to: "/admin/departments", label: t("nav.departments"), show: hasRole("admin") },
    { to: "/audit", label: t("nav.audit"), show: hasRole("auditor") },
    { to: "/policy", label: t("policy.nav"), show: true },
    { to: "/training", label: t("training.nav"), show: hasRole("staff") || hasRole("central") },
    { to: "/public-notice/edit", label: t("policy.navNotice"), show: hasRole("central") },
    { to: "/account", label: t("nav.account"), show: true },
  ];
  return (
    <nav className="main-nav" aria-label={t("app.mainNav")}>
      <ul>
        {items
          .filter((i) => i.show)
          .map((i) => (
            <li key={i.to}>
              <NavLink to={i.to} end={i.to === "/"}>
                {i.label}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}
