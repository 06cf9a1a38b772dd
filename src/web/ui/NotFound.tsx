import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Page } from "./Page.tsx";

/** The not-found page: also what an incident the user may not see looks like (never "forbidden"). */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t("app.notFoundTitle")}>
      <p>{t("app.notFoundBody")}</p>
      <p>
        <Link to="/">{t("app.backHome")}</Link>
      </p>
    </Page>
  );
}
