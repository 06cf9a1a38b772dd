import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { TextField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";

/** Change your own password. `forced`: after an administrator's reset (the current one is the temporary password). */
export function PasswordForm({ username, forced, onChanged }: { username: string; forced?: boolean; onChanged: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== confirm) {
      setMismatch(true);
      setError(new Error(t("password.mismatch")));
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      await api("POST", "/auth/password", { currentPassword: current, newPassword: next });
      setCurrent("");
      setNext("");
      setConfirm("");
      await onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit}>
      {/* Lets password managers attach the new password to the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <ErrorAlert error={error} />
      <TextField
        label={forced ? t("password.currentForced") : t("password.current")}
        type="password"
        name="current-password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <TextField
        label={t("password.new")}
        type="password"
        name="new-password"
        autoComplete="new-password"
        required
        minLength={12}
        hint={t("password.hint")}
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <TextField
        label={t("password.confirm")}
        type="password"
        name="confirm-password"
        autoComplete="new-password"
        required
        value={confirm}
        error={mismatch ? t("password.mismatch") : null}
        onChange={(e) => setConfirm(e.target.value)}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t("password.submit")}
        </Button>
      </div>
    </form>
  );
}
