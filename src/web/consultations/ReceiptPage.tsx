import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { TextField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { ProtectionAndChannels } from "./InfoSections.tsx";
import { ThreadView } from "./Thread.tsx";
import { type Thread, downloadByReceipt, uploadAttachment } from "./client.ts";

/**
 * For whoever holds a receipt code, signed in or not: read the replies, write again, attach files.
 * The code lives only in this page's memory (never in the URL, the history or storage). A wrong
 * code, a malformed one and a locked address all get the server's one message — no hint either way.
 */
export function ReceiptPage() {
  const { t } = useTranslation();
  const [input, setInput] = useState("");
  const [code, setCode] = useState<string | null>(null);
  const [thread, setThread] = useState<Thread | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const open = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await api<Thread>("POST", "/consultations/receipt/read", { code: input });
      setThread(r);
      setCode(input);
      setInput("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setThread(null);
    setCode(null);
  };

  if (thread && code) {
    return (
      <Page
        title={t("consultations.threadTitle")}
        actions={
          <Button onClick={close} className="btn-small">
            {t("consultations.receiptClose")}
          </Button>
        }
      >
        <p className="badge-row">
          <span className="badge badge-muted">
            {t("consultations.status")}: {t(`consultations.statuses.${thread.status}`)}
          </span>
        </p>
        <ThreadView
          thread={thread}
          viewer="owner"
          onSend={async (body) => setThread(await api<Thread>("POST", "/consultations/receipt/messages", { code, body }))}
          onAttach={async (file) => setThread(await uploadAttachment<Thread>("/consultations/receipt/attachments", file, { code }))}
          download={{ onClick: (a) => downloadByReceipt(code, a) }}
        />
        <ProtectionAndChannels />
      </Page>
    );
  }
  return (
    <Page title={t("consultations.receiptTitle")} intro={t("consultations.receiptIntro")}>
      <form className="form card" onSubmit={open} noValidate>
        <TextField
          label={t("consultations.receiptCode")}
          hint={t("consultations.receiptCodeHint")}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={200}
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        <ErrorAlert error={error} />
        <p className="muted small">{t("consultations.receiptNoHint")}</p>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? t("consultations.receiptOpening") : t("consultations.receiptOpen")}
          </Button>
        </div>
      </form>
      <ProtectionAndChannels />
    </Page>
  );
}
