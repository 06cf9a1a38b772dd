import { useTranslation } from "react-i18next";
import { Page } from "../ui/Page.tsx";
import { PasswordForm } from "./PasswordForm.tsx";
import { useMe, useSession } from "./session.tsx";

/** After an administrator's reset, this is the only thing the app shows until a new password is set. */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const me = useMe();
  const session = useSession();
  return (
    <div className="narrow">
      <Page title={t("password.forcedTitle")} intro={t("password.forcedIntro")}>
        <div className="card">
          <PasswordForm username={me.user.username} forced onChanged={() => session.refresh()} />
        </div>
      </Page>
    </div>
  );
}
