import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PasswordForm } from "../auth/PasswordForm.tsx";
import { useMe } from "../auth/session.tsx";
import { StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { TokensSection } from "./TokensSection.tsx";

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <Page title={t("account.title")}>
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("account.profile")}</h2>
        <dl className="details">
          <div>
            <dt>{t("account.displayName")}</dt>
            <dd>{me.user.displayName}</dd>
          </div>
          <div>
            <dt>{t("account.username")}</dt>
            <dd>{me.user.username}</dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("password.changeTitle")}</h2>
        <StatusMessage message={status} />
        <PasswordForm username={me.user.username} onChanged={() => setStatus(t("password.done"))} />
      </section>
      <TokensSection />
    </Page>
  );
}
