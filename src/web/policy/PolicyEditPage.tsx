import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { AcknowledgementRates } from "./AcknowledgementRates.tsx";
import { Sanitised } from "./Sanitised.tsx";
import type { PolicyDraft, PolicyVersion } from "./types.ts";

type Editable = { id: string; title: string; markdown: string };

/** Central edits the policy section by section with a live, sanitised preview, saves a draft and publishes a version. */
export function PolicyEditPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const draft = useQuery({ queryKey: ["policy", "draft"], queryFn: () => api<PolicyDraft>("GET", "/policy/draft") });
  const [sections, setSections] = useState<Editable[] | null>(null);
  const [selected, setSelected] = useState<string>("stance");
  const [preview, setPreview] = useState<string>("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (draft.data && !sections) setSections(draft.data.sections.map(({ id, title, markdown }) => ({ id, title, markdown })));
  }, [draft.data, sections]);

  const current = sections?.find((s) => s.id === selected);
  const markdown = current?.markdown ?? "";
  useEffect(() => {
    const timer = setTimeout(() => {
      api<{ html: string }>("POST", "/policy/preview", { markdown })
        .then((r) => setPreview(r.html))
        .catch((err) => setError(err));
    }, 250);
    return () => clearTimeout(timer);
  }, [markdown]);

  const dirty = !!sections && !!draft.data && sections.some((s) => {
    const d = draft.data.sections.find((x) => x.id === s.id);
    return d?.title !== s.title || d?.markdown !== s.markdown;
  });
  const edit = (patch: Partial<Editable>) => setSections((all) => all?.map((s) => (s.id === selected ? { ...s, ...patch } : s)) ?? null);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      await api("PUT", "/policy/draft", { sections });
      await qc.invalidateQueries({ queryKey: ["policy", "draft"] });
      return t("policy.draftSaved");
    });
  const publish = () =>
    run(async () => {
      if (dirty) await api("PUT", "/policy/draft", { sections });
      const v = await api<PolicyVersion>("POST", "/policy/publish", { note });
      setNote("");
      await qc.invalidateQueries({ queryKey: ["policy"] });
      return t("policy.published", { version: v.version });
    });

  const empty = draft.data?.emptySections ?? [];
  return (
    <Page title={t("policy.editTitle")} intro={t("policy.editIntro")}>
      <StatusMessage message={status} />
      <ErrorAlert error={draft.error ?? error} />
      {!sections ? <Loading /> : null}
      {sections ? (
        <div className="policy-editor">
          <nav aria-label={t("policy.sections")} className="policy-section-list">
            <ul>
              {sections.map((s) => (
                <li key={s.id}>
                  <button type="button" aria-current={s.id === selected ? "true" : undefined} className={`btn btn-link ${s.id === selected ? "is-active" : ""}`} onClick={() => setSelected(s.id)}>
                    {s.title || s.id}
                  </button>
                  {empty.includes(s.id) ? <span className="badge badge-error">{t("policy.empty")}</span> : null}
                  {draft.data?.changedSections.includes(s.id) ? <span className="badge badge-warn">{t("policy.changed")}</span> : null}
                </li>
              ))}
            </ul>
          </nav>
          {current ? (
            <div className="policy-edit-pane">
              <TextField label={t("policy.sectionTitle")} value={current.title} maxLength={100} required onChange={(e) => edit({ title: e.target.value })} />
              <TextAreaField label={t("policy.markdown")} hint={t("policy.markdownHint")} rows={14} value={current.markdown} maxLength={20000} onChange={(e) => edit({ markdown: e.target.value })} />
              <section className="card policy-preview" aria-labelledby="policy-preview-title" aria-live="polite">
                <h2 id="policy-preview-title" className="h-small">
                  {t("policy.preview")}
                </h2>
                {preview ? <Sanitised html={preview} /> : <p className="muted">{t("policy.previewEmpty")}</p>}
              </section>
            </div>
          ) : null}
        </div>
      ) : null}
      {sections ? (
        <div className="card">
          {empty.length > 0 ? (
            <p className="alert alert-warning">{t("policy.emptyWarning", { sections: empty.map((id) => sections.find((s) => s.id === id)?.title || id).join("、") })}</p>
          ) : null}
          <TextField label={t("policy.publishNote")} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} showOptional />
          <div className="form-actions">
            <Button onClick={() => void save()} busy={busy} disabled={!dirty}>
              {t("policy.saveDraft")}
            </Button>
            <Button variant="primary" onClick={() => void publish()} busy={busy}>
              {t("policy.publish")}
            </Button>
          </div>
        </div>
      ) : null}
      <AcknowledgementRates />
    </Page>
  );
}
