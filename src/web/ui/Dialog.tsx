import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./Button.tsx";

/**
 * A modal dialog on the native <dialog> element: the rest of the page is inert, Escape closes it,
 * and focus returns to where it was when it closes.
 */
export function Dialog({ title, onClose, children, footer }: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
      </div>
      <div className="dialog-body">{children}</div>
      {footer ? <div className="dialog-foot">{footer}</div> : null}
    </dialog>
  );
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  danger,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
          <Button variant={danger ? "danger" : "primary"} busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p>{message}</p>
      {error}
    </Dialog>
  );
}

/** Shows a secret (temporary password, API token) exactly once, with a copy button and a clear warning. */
export function SecretDialog({
  title,
  intro,
  note,
  label,
  secret,
  onClose,
}: {
  title: string;
  intro?: string;
  note: string;
  label: string;
  secret: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setStatus(t("app.copied"));
    } catch {
      input.current?.select();
      setStatus(document.execCommand?.("copy") ? t("app.copied") : t("app.copyFailed"));
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <Button variant="primary" onClick={onClose}>
          {t("app.close")}
        </Button>
      }
    >
      {intro ? <p>{intro}</p> : null}
      <p className="alert alert-warning">
        <strong>{note}</strong>
      </p>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="secret-row">
        <input id={id} ref={input} className="input secret" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} data-testid="secret" />
        <Button onClick={copy}>{t("app.copy")}</Button>
      </div>
      <p role="status" className="secret-status">
        {status ?? ""}
      </p>
    </Dialog>
  );
}
