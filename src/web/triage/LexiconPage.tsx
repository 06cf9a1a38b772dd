import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { GROUP_IDS, type LexiconEntry, type LexiconPreview, type LexiconView, flagBadge } from "./types.ts";
import "./triage.css";

/** Signal codes by group (as in src/domain/triage/codes.ts). */
const CODES: Record<number, string[]> = {
  1: ["persistent_demand", "restraint", "nitpicking"],
  2: ["threat_kill", "violence_threat", "harm_plan", "arson", "bomb", "physical_attack", "verbal_abuse", "intimidation", "personal_attack_on_staff"],
  3: ["money_demand", "apology_demand", "dogeza_demand", "punishment_demand", "special_treatment", "escalation_demand"],
  4: ["online_exposure", "online_defamation"],
  5: ["discrimination", "sexual_remark"],
};

/** The lexicon: every word and rule; central adds words, tries them on stored contacts, then saves a version. */
export function LexiconPage() {
  const { t, i18n } = useTranslation();
  const lex = useQuery({ queryKey: ["triage", "lexicon"], queryFn: () => api<LexiconView>("GET", "/triage/lexicon") });
  const data = lex.data;
  return (
    <Page
      title={t("triage.lexiconTitle")}
      intro={t("triage.lexiconIntro")}
      actions={
        <Link className="btn btn-secondary" to="/triage">
          {t("triage.back")}
        </Link>
      }
    >
      <ErrorAlert error={lex.error} />
      {lex.isPending ? <Loading /> : null}
      {data ? (
        <>
          <p>{t("triage.lexiconVersion", { version: data.version })}</p>
          {data.canEdit ? <EntryEditor lexicon={data} /> : <p className="muted">{t("triage.readOnly")}</p>}
          {data.history.length > 0 ? (
            <section className="card" aria-labelledby="triage-history">
              <h2 id="triage-history">{t("triage.historyTitle")}</h2>
              <ul>
                {data.history.map((h) => (
                  <li key={h.version}>
                    {h.version} — {formatDateTime(h.createdAt, i18n.language)} {h.createdBy}: {h.note}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <table className="table">
            <caption>{t("triage.entriesCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("triage.entryCol.id")}</th>
                <th scope="col">{t("triage.entryCol.group")}</th>
                <th scope="col">{t("triage.entryCol.severity")}</th>
                <th scope="col">{t("triage.entryCol.patterns")}</th>
                <th scope="col">{t("triage.entryCol.explanation")}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <code>{e.id}</code>
                    {data.customEntryIds.includes(e.id) ? <span className="badge badge-ok">{t("triage.custom")}</span> : null}
                  </th>
                  <td>{e.group}</td>
                  <td>{t(`triage.severities.${e.severity}`)}</td>
                  <td className="triage-patterns" lang="ja">
                    {e.patterns.join("、")}
                  </td>
                  <td lang="ja">{e.explanationJa}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Page>
  );
}

function EntryEditor({ lexicon }: { lexicon: LexiconView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [entry, setEntry] = useState<LexiconEntry>({ id: "custom.", group: 2, code: "verbal_abuse", severity: "review", patterns: [], explanationJa: "" });
  const [patterns, setPatterns] = useState("");
  const [sample, setSample] = useState("");
  const [note, setNote] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const built = (): LexiconEntry => ({
    ...entry,
    patterns: patterns
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter((p) => p !== ""),
  });
  const preview = useMutation({
    mutationFn: () =>
      api<LexiconPreview>("POST", "/triage/lexicon/preview", { change: { entries: [built()] }, ...(sample.trim() ? { sampleText: sample } : {}) }),
  });
  const save = useMutation({
    mutationFn: () => api<LexiconView>("POST", "/triage/lexicon/versions", { basedOn: lexicon.version, note, change: { entries: [built()] } }),
    onSuccess: (saved) => {
      qc.setQueryData(["triage", "lexicon"], saved);
      setStatus(t("triage.saved", { version: saved.version }));
      setNote("");
    },
    onError: () => setStatus(null),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    save.mutate();
  };
  const p = preview.data;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="triage-entry-title">
      <h2 id="triage-entry-title">{t("triage.newEntryTitle")}</h2>
      <TextField label={t("triage.entryId")} required maxLength={80} value={entry.id} onChange={(e) => setEntry({ ...entry, id: e.target.value })} />
      <SelectField
        label={t("triage.entryGroup")}
        value={String(entry.group)}
        onChange={(e) => {
          const g = Number(e.target.value);
          setEntry({ ...entry, group: g, code: CODES[g]?.[0] ?? entry.code });
        }}
      >
        {GROUP_IDS.map((g) => (
          <option key={g} value={String(g)}>
            {t(`incidents.groupLabels.${g}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("triage.entryCode")} value={entry.code} onChange={(e) => setEntry({ ...entry, code: e.target.value })}>
        {(CODES[entry.group] ?? []).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t("triage.entrySeverity")}
        value={entry.severity}
        onChange={(e) => setEntry({ ...entry, severity: e.target.value as LexiconEntry["severity"] })}
      >
        <option value="review">{t("triage.severities.review")}</option>
        <option value="urgent">{t("triage.severities.urgent")}</option>
      </SelectField>
      <TextAreaField
        label={t("triage.entryPatterns")}
        hint={t("triage.entryPatternsHint")}
        required
        rows={4}
        value={patterns}
        onChange={(e) => setPatterns(e.target.value)}
      />
      <TextAreaField
        label={t("triage.entryExplanation")}
        required
        rows={2}
        maxLength={500}
        value={entry.explanationJa}
        onChange={(e) => setEntry({ ...entry, explanationJa: e.target.value })}
      />
      <TextAreaField label={t("triage.sampleText")} showOptional rows={3} value={sample} onChange={(e) => setSample(e.target.value)} />
      <div className="form-actions">
        <Button onClick={() => preview.mutate()} disabled={preview.isPending}>
          {t("triage.test")}
        </Button>
      </div>
      <ErrorAlert error={preview.error} />
      {p ? (
        <div role="status">
          <p>
            {t("triage.testResult", { samples: p.counts.samples, changed: p.counts.changed, newly: p.counts.newlyFlagged, gone: p.counts.noLongerFlagged })}
          </p>
          {p.sample ? <p>{t("triage.sampleResult", { flag: t(`triage.flags.${p.sample.flag}`) })}</p> : null}
        </div>
      ) : null}
      {p && p.changes.length > 0 ? (
        <table className="table">
          <caption>{t("triage.changesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("triage.col.subject")}</th>
              <th scope="col">{t("triage.before")}</th>
              <th scope="col">{t("triage.after")}</th>
            </tr>
          </thead>
          <tbody>
            {p.changes.map((c) => (
              <tr key={c.id}>
                <th scope="row" className="summary-cell">
                  <Link to={`/triage/${c.id}`}>{c.text.slice(0, 80)}</Link>
                </th>
                <td>
                  <span className={flagBadge(c.before.flag)}>{t(`triage.flags.${c.before.flag}`)}</span>
                </td>
                <td>
                  <span className={flagBadge(c.after.flag)}>{t(`triage.flags.${c.after.flag}`)}</span>
                  {c.added.map((s) => `「${s.text}」`).join(" ")}
                  {c.heldBack && c.heldBack.length > 0 ? (
                    <p className="muted">{t("triage.heldBack", { words: c.heldBack.map((s) => `「${s.text}」`).join(" ") })}</p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <TextField label={t("triage.note")} required maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      <ErrorAlert error={save.error} />
      <StatusMessage message={status} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t("triage.save")}
        </Button>
      </div>
    </form>
  );
}
