import { useTranslation } from "react-i18next";

/** An error for the user: the server's message, already in their language. Announced at once. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert-error" role="alert">
      {message}
    </div>
  );
}

/** A polite live region for results of async actions ("saved", "copied"). Always rendered so it is announced. */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div className={message ? "alert alert-success" : "visually-hidden"} role="status" aria-live="polite">
      {message ?? ""}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("app.loading")}
    </p>
  );
}
