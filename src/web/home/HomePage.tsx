import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ROLES, type Role } from "../api.ts";
import { useMe } from "../auth/session.tsx";
import { Page } from "../ui/Page.tsx";

type CardKey = "account" | "users" | "departments" | "audit" | "incidentNew" | "incidents";

/** The pages that exist now, per role. Capabilities not built yet are described, never linked. */
const CARDS: Record<Role, CardKey[]> = {
  staff: ["incidentNew", "incidents"],
  supervisor: ["incidents", "incidentNew"],
  desk: [],
  central: ["incidents"],
  admin: ["users", "departments"],
  auditor: ["audit"],
};

const HREF: Record<CardKey, string> = {
  account: "/account",
  users: "/admin/users",
  departments: "/admin/departments",
  audit: "/audit",
  incidentNew: "/incidents/new",
  incidents: "/incidents",
};

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const roles = ROLES.filter((r) => me.user.roles.some((g) => g.role === r));
  return (
    <Page title={t("home.title")} intro={t("home.intro")}>
      <p className="welcome">{t("home.welcome", { name: me.user.displayName })}</p>
      <h2>{t("home.yourRoles")}</h2>
      {roles.length === 0 ? <p className="alert alert-info">{t("home.noRoles")}</p> : null}
      <ul className="role-list">
        {roles.map((role) => (
          <li key={role}>
            <RoleSection role={role} />
          </li>
        ))}
      </ul>
      <h2>{t("home.availableNow")}</h2>
      <ul className="card-grid">
        {[...new Set<CardKey>([...roles.flatMap((r) => CARDS[r]), "account"])].map((key) => (
          <li key={key}>
            <Link className="link-card" to={HREF[key]}>
              <span className="link-card-title">{t(`home.cards.${key}.title`)}</span>
              <span className="link-card-body">{t(`home.cards.${key}.body`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function RoleSection({ role }: { role: Role }) {
  const { t } = useTranslation();
  const duties = t(`home.duties.${role}`, { returnObjects: true }) as unknown as string[];
  return (
    <section className="card role-card" aria-labelledby={`role-${role}`}>
      <h3 id={`role-${role}`}>{t(`roles.${role}`)}</h3>
      <p className="role-duties-label">{t("home.dutiesHeading")}</p>
      <ul className="duties">
        {duties.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
    </section>
  );
}
