import "./consultations.css";
import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../ui/Button.tsx";
import { TextAreaField } from "../ui/Field.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import { formatDateTime } from "../ui/format.ts";
import { ACCEPTED_LABEL, ACCEPT_ATTRIBUTE, type Attachment, type Thread, formatSize, useConsultationInfo } from "./client.ts";

/**
 * One consultation as a conversation: the first message, the replies, the files, and forms to write
 * again and to attach a file. Used by the staff member (named or with the receipt code) and by the desk.
 */
export function ThreadView({
  thread,
  viewer,
  onSend,
  onAttach,
  download,
  sendLabel,
}: {
  thread: Thread;
  viewer: "owner" | "desk";
  onSend: (body: string) => Promise<unknown>;
  onAttach: (file: File) => Promise<unknown>;
  /** A link (signed in) or an action (receipt code) for each file. */
  download: { href: (a: Attachment) => string } | { onClick: (a: Attachment) => Promise<void> };
  sendLabel?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const closed = thread.status === "closed";
  const author = (kind: string) =>
    kind === "desk" ? t("consultations.fromDesk") : viewer === "owner" ? t("consultations.fromYou") : t("consultations.fromStaff");
  return (
    <>
      <section className="card" aria-labelledby="thread-messages">
        <h2 id="thread-messages">{t("consultations.messages")}</h2>
        <ol className="thread">
          <li className="thread-item">
            <p className="sub">
              <strong>{author("staff")}</strong> · {formatDateTime(thread.createdAt, lang)} · {t(`consultations.categories.${thread.category}`)}
            </p>
            <p className="prewrap">{thread.body}</p>
          </li>
          {thread.messages.map((m) => (
            <li key={m.id} className={`thread-item ${m.authorKind === "desk" ? "thread-desk" : ""}`}>
              <p className="sub">
                <strong>{author(m.authorKind)}</strong>
                {viewer === "desk" && m.deskUserName ? `(${m.deskUserName})` : ""} · {formatDateTime(m.createdAt, lang)}
              </p>
              <p className="prewrap">{m.body}</p>
            </li>
          ))}
        </ol>
        {thread.messages.length === 0 && viewer === "owner" ? <p className="muted">{t("consultations.noMessages")}</p> : null}
        {closed ? (
          <p className="alert alert-info">{t("consultations.closedNotice")}</p>
        ) : (
          <MessageForm
            label={viewer === "desk" ? t("consultations.replyLabel") : t("consultations.messageLabel")}
            submitLabel={sendLabel ?? t("consultations.send")}
            onSend={onSend}
          />
        )}
      </section>
      <AttachmentsSection attachments={thread.attachments} closed={closed} viewer={viewer} onAttach={onAttach} download={download} />
    </>
  );
}

function MessageForm({ label, submitLabel, onSend }: { label: string; submitLabel: string; onSend: (body: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setStatus(null);
    if (!text.trim()) {
      setError(new Error(t("consultations.bodyRequired")));
      return;
    }
    setBusy(true);
    try {
      await onSend(text);
      setText(""); // only once it is stored: on an error the text stays where it was typed
      setStatus(t("consultations.sent"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form" onSubmit={submit}>
      <TextAreaField label={label} rows={5} maxLength={20000} value={text} onChange={(e) => setText(e.target.value)} />
      <ErrorAlert error={error} />
      <StatusMessage message={status} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

function AttachmentsSection({
  attachments,
  closed,
  viewer,
  onAttach,
  download,
}: {
  attachments: Attachment[];
  closed: boolean;
  viewer: "owner" | "desk";
  onAttach: (file: File) => Promise<unknown>;
  download: { href: (a: Attachment) => string } | { onClick: (a: Attachment) => Promise<void> };
}) {
  const { t, i18n } = useTranslation();
  const info = useConsultationInfo();
  const limit = info.data?.attachmentMaxBytes ?? 10 * 1024 * 1024;
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setStatus(null);
    const file = input.current?.files?.[0];
    if (!file) {
      setError(new Error(t("consultations.attachChoose")));
      return;
    }
    if (file.size > limit) {
      setError(new Error(t("consultations.attachTooLarge", { name: file.name, limit: formatSize(limit) })));
      return;
    }
    setBusy(true);
    try {
      await onAttach(file);
      if (input.current) input.current.value = "";
      setStatus(t("consultations.attached", { name: file.name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const get = async (a: Attachment) => {
    setError(null);
    try {
      if ("onClick" in download) await download.onClick(a);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="thread-attachments">
      <h2 id="thread-attachments">{t("consultations.attachments")}</h2>
      {attachments.length === 0 ? <p className="muted">{t("consultations.noAttachments")}</p> : null}
      <ul className="attachments">
        {attachments.map((a) => (
          <li key={a.id}>
            {"href" in download ? (
              <a href={download.href(a)} download={a.filename}>
                {a.filename}
              </a>
            ) : (
              <Button variant="link" onClick={() => void get(a)}>
                {a.filename}
              </Button>
            )}{" "}
            <span className="sub">
              ({formatSize(a.size)} ·{" "}
              {a.authorKind === "desk" ? t("consultations.fromDesk") : viewer === "owner" ? t("consultations.fromYou") : t("consultations.fromStaff")} ·{" "}
              {formatDateTime(a.createdAt, i18n.language)})
            </span>
          </li>
        ))}
      </ul>
      {closed ? null : (
        <form className="form" onSubmit={submit}>
          <div className="field">
            <label htmlFor={id} className="field-label">
              {t("consultations.attachLabel")}
            </label>
            <p className="field-hint" id={`${id}-hint`}>
              {t("consultations.attachHint", { types: ACCEPTED_LABEL, limit: formatSize(limit) })}
            </p>
            <input id={id} ref={input} type="file" className="input" accept={ACCEPT_ATTRIBUTE} aria-describedby={`${id}-hint`} />
          </div>
          <ErrorAlert error={error} />
          <StatusMessage message={status} />
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {t("consultations.attachButton")}
            </Button>
          </div>
        </form>
      )}
      {closed ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
