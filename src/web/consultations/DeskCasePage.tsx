import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { NotFound } from "../ui/NotFound.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { useDeskMembers } from "./DeskInboxPage.tsx";
import { ThreadView } from "./Thread.tsx";
import { CARE_FLAGS, CATEGORIES, type DeskThread, STATUSES, canMove, uploadAttachment } from "./client.ts";

/** One case for the desk: the conversation, replies, files, internal notes, and the handling (status, assignee, care, follow-up). */
export function DeskCasePage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const { me } = useSession();
  const qc = useQueryClient();
  const key = ["desk-consultation", id];
  const c = useQuery({
    queryKey: key,
    queryFn: () => api<DeskThread>("GET", `/consultations/${encodeURIComponent(id)}`),
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
  const set = (next: DeskThread) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: ["desk-consultations"] });
  };
  if (c.error instanceof ApiError && (c.error.status === 404 || c.error.status === 400 || c.error.status === 403)) return <NotFound />;
  if (c.isPending) return <Loading />;
  if (c.error || !c.data) {
    return (
      <Page title={t("consultations.loadFailed")}>
        <ErrorAlert error={c.error} />
      </Page>
    );
  }
  const d = c.data;
  const lang = i18n.language;
  return (
    <Page
      title={t("consultations.caseTitle", { date: formatDateTime(d.createdAt, lang) })}
      actions={
        <Link className="btn btn-secondary" to="/desk/consultations">
          {t("consultations.backToInbox")}
        </Link>
      }
    >
      <p className="badge-row">
        <span className="badge badge-muted" data-testid="case-status">
          {t("consultations.status")}: {t(`consultations.statuses.${d.status}`)}
        </span>
        <span className="badge badge-muted">
          {d.anonymous ? t("consultations.caseKindAnonymous") : t("consultations.caseKindNamed", { name: d.staffName ?? "" })}
        </span>
        {d.followUpDue ? <span className="badge badge-error">{t("consultations.followUpDue")}</span> : null}
      </p>
      <ThreadView
        thread={d}
        viewer="desk"
        sendLabel={t("consultations.reply")}
        onSend={async (body) => set(await api<DeskThread>("POST", `/consultations/${id}/messages`, { body }))}
        onAttach={async (file) => set(await uploadAttachment<DeskThread>(`/consultations/${id}/attachments`, file, { csrf: me?.csrfToken ?? null }))}
        download={{ href: (a) => `/api/consultations/${id}/attachments/${a.id}` }}
      />
      <NotesSection c={d} onChange={set} />
      <ManageSection c={d} onChange={set} />
      <section className="card" aria-labelledby="desk-consents">
        <h2 id="desk-consents">{t("consultations.consentsTitle")}</h2>
        {d.consents.length === 0 ? <p className="muted">{t("consultations.noConsents")}</p> : null}
        <ul>
          {d.consents.map((k) => (
            <li key={k.givenAt}>
              {t("consultations.consentGiven", { at: formatDateTime(k.givenAt, lang), incident: k.incidentId.slice(0, 8) })}
              {k.withdrawnAt ? ` — ${t("consultations.consentWithdrawnAt", { at: formatDateTime(k.withdrawnAt, lang) })}` : ""}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

function NotesSection({ c, onChange }: { c: DeskThread; onChange: (d: DeskThread) => void }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: string) => api<DeskThread>("POST", `/consultations/${c.id}/notes`, { body }),
    onSuccess: (next) => {
      onChange(next);
      setText("");
      setStatus(t("consultations.noteSaved"));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    if (text.trim()) add.mutate(text);
  };
  return (
    <section className="card" aria-labelledby="desk-notes">
      <h2 id="desk-notes">{t("consultations.notes")}</h2>
      {c.notes.length === 0 ? <p className="muted">{t("consultations.noNotes")}</p> : null}
      <ol className="thread">
        {c.notes.map((n) => (
          <li key={n.id} className="thread-item">
            <p className="sub">
              <strong>{n.authorName}</strong> · {formatDateTime(n.createdAt, i18n.language)}
            </p>
            <p className="prewrap">{n.body}</p>
          </li>
        ))}
      </ol>
      <form className="form" onSubmit={submit}>
        <TextAreaField label={t("consultations.noteLabel")} rows={3} maxLength={20000} value={text} onChange={(e) => setText(e.target.value)} />
        <ErrorAlert error={add.error} />
        <StatusMessage message={status} />
        <div className="form-actions">
          <Button type="submit" busy={add.isPending}>
            {t("consultations.addNote")}
          </Button>
        </div>
      </form>
    </section>
  );
}

function ManageSection({ c, onChange }: { c: DeskThread; onChange: (d: DeskThread) => void }) {
  const { t } = useTranslation();
  const members = useDeskMembers();
  const [status, setStatus] = useState(c.status);
  // A reply moves the case (新規 → 対応中): the status field follows.
  useEffect(() => setStatus(c.status), [c.status]);
  const [category, setCategory] = useState(c.category);
  const [assignedTo, setAssignedTo] = useState(c.assignedTo ?? "");
  const [flags, setFlags] = useState<string[]>(c.careFlags);
  const [days, setDays] = useState("");
  const [clearFollowUp, setClearFollowUp] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { category, assignedTo: assignedTo || null, careFlags: flags };
      if (status !== c.status) body.status = status;
      if (clearFollowUp) body.followUpOn = null;
      else if (days.trim() !== "") body.followUpInBusinessDays = Number(days);
      return api<DeskThread>("PATCH", `/consultations/${c.id}`, body);
    },
    onSuccess: (next) => {
      onChange(next);
      setStatus(next.status);
      setDays("");
      setClearFollowUp(false);
      setSaved(t("consultations.saved"));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    save.mutate();
  };
  const current = c.status as (typeof STATUSES)[number];
  return (
    <section className="card" aria-labelledby="desk-manage">
      <h2 id="desk-manage">{t("consultations.manage")}</h2>
      <form className="form" onSubmit={submit}>
        <div className="filter-grid">
          <SelectField label={t("consultations.status")} value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.filter((s) => s === current || canMove("desk", current, s)).map((s) => (
              <option key={s} value={s}>
                {t(`consultations.statuses.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("consultations.assignee")} value={assignedTo} onChange={(e) => setAssignedTo(e.target.value)}>
            <option value="">{t("consultations.unassigned")}</option>
            {(members.data?.members ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t("consultations.category")}
            hint={t("consultations.retaliationHint")}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          >
            {CATEGORIES.map((k) => (
              <option key={k} value={k}>
                {t(`consultations.categories.${k}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset className="fieldset">
          <legend>{t("consultations.careFlagsTitle")}</legend>
          <p className="field-hint">{t("consultations.careFlagsHint")}</p>
          {CARE_FLAGS.map((f) => (
            <CheckboxField
              key={f}
              label={t(`consultations.careFlags.${f}`)}
              checked={flags.includes(f)}
              onChange={(e) => setFlags(e.target.checked ? [...flags, f] : flags.filter((x) => x !== f))}
            />
          ))}
        </fieldset>
        <p>
          {t("consultations.followUp")}: <strong data-testid="follow-up">{c.followUpOn ?? t("consultations.followUpNone")}</strong>
        </p>
        <TextField
          label={t("consultations.followUpInDays")}
          hint={t("consultations.followUpInDaysHint")}
          type="number"
          min={0}
          max={60}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
        {c.followUpOn ? (
          <CheckboxField label={t("consultations.followUpClear")} checked={clearFollowUp} onChange={(e) => setClearFollowUp(e.target.checked)} />
        ) : null}
        <ErrorAlert error={save.error} />
        <StatusMessage message={saved} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            {t("consultations.saveChanges")}
          </Button>
        </div>
      </form>
    </section>
  );
}
