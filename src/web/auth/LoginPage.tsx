import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { type Me, api } from "../api.ts";
import { safeNext } from "../app/routes.tsx";
import { Button } from "../ui/Button.tsx";
import { TextField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { useSession } from "./session.tsx";

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<Me>("POST", "/auth/login", { username: username.trim(), password });
      session.signedIn({ ...me, via: "session" });
      navigate(safeNext(new URLSearchParams(location.search).get("next")), { replace: true });
    } catch (err) {
      setError(err);
      setPassword("");
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <Page title={t("login.title")} intro={t("login.intro")}>
        {session.notice && !error ? (
          <div className="alert alert-info" role="alert">
            {session.notice}
          </div>
        ) : null}
        <form className="card form" onSubmit={submit} noValidate={false}>
          <ErrorAlert error={error} />
          <TextField
            label={t("login.username")}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <TextField
            label={t("login.password")}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy}>
              {busy ? t("login.submitting") : t("login.submit")}
            </Button>
          </div>
        </form>
        <p className="muted">{t("login.help")}</p>
      </Page>
    </div>
  );
}
