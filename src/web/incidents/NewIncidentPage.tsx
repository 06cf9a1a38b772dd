import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { type Incident, api } from "../api.ts";
import { useMe } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { CHANNELS, GROUPS, fromLocalInput, toLocalInput } from "./labels.ts";

/** What the quick form holds; kept in localStorage while typing (with the idempotency key of this form). */
interface Draft {
  key: string;
  channel: string;
  startedAt: string;
  narrative: string;
  quotes: string[];
  groups: number[];
  /** Optional: lets the system find earlier contacts from the same person. */
  counterpartName: string;
  counterpartPhone: string;
}

const draftKey = (userId: string) => `mamoru.incident-draft.${userId}`;

function freshDraft(): Draft {
  return {
    key: crypto.randomUUID(),
    channel: "",
    startedAt: toLocalInput(new Date()),
    narrative: "",
    quotes: [""],
    groups: [],
    counterpartName: "",
    counterpartPhone: "",
  };
}

function loadDraft(userId: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(draftKey(userId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (typeof d.key !== "string" || !/^[A-Za-z0-9_-]{8,100}$/.test(d.key)) return null;
    return {
      key: d.key,
      channel: typeof d.channel === "string" ? d.channel : "",
      startedAt: typeof d.startedAt === "string" ? d.startedAt : toLocalInput(new Date()),
      narrative: typeof d.narrative === "string" ? d.narrative : "",
      quotes: Array.isArray(d.quotes) && d.quotes.length > 0 ? d.quotes.map(String) : [""],
      groups: Array.isArray(d.groups) ? d.groups.filter((g): g is number => typeof g === "number") : [],
      counterpartName: typeof d.counterpartName === "string" ? d.counterpartName : "",
      counterpartPhone: typeof d.counterpartPhone === "string" ? d.counterpartPhone : "",
    };
  } catch {
    return null;
  }
}

function hasContent(d: Draft): boolean {
  return !!(d.channel || d.narrative.trim() || d.quotes.some((q) => q.trim()) || d.groups.length > 0 || d.counterpartName.trim() || d.counterpartPhone.trim());
}

/** The one-line summary shown in lists: the first line of the narrative, else the first words used. */
function summaryOf(d: Draft): string {
  const first = d.narrative.trim().split("\n")[0]?.trim() || d.quotes.find((q) => q.trim())?.trim() || "";
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

/** The quick form: usable on a phone in under two minutes; a double tap or a dropped connection never loses or doubles it. */
export function NewIncidentPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const userId = me.user.id;
  const [restored] = useState(() => loadDraft(userId));
  const [draft, setDraft] = useState<Draft>(() => restored ?? freshDraft());
  const [problem, setProblem] = useState<string | null>(null);
  const channelHint = useId();

  // Keep what is typed on this device (with the same idempotency key) until it is reported.
  useEffect(() => {
    try {
      if (hasContent(draft)) window.localStorage.setItem(draftKey(userId), JSON.stringify(draft));
      else window.localStorage.removeItem(draftKey(userId));
    } catch {
      /* storage full or disabled: the form still works */
    }
  }, [draft, userId]);

  const save = useMutation({
    mutationFn: (d: Draft) =>
      api<Incident>(
        "POST",
        "/incidents",
        {
          channel: d.channel,
          report: true,
          startedAt: fromLocalInput(d.startedAt),
          summary: summaryOf(d),
          narrative: d.narrative.trim(),
          quotes: d.quotes
            .map((q) => q.trim())
            .filter(Boolean)
            .map((text) => ({ text })),
          groups: [...d.groups].sort((a, b) => a - b),
          ...(d.counterpartName.trim() || d.counterpartPhone.trim()
            ? { counterpart: { type: "unknown", name: d.counterpartName.trim() || null, phone: d.counterpartPhone.trim() || null } }
            : {}),
        },
        { headers: { "Idempotency-Key": d.key } },
      ),
    onSuccess: (incident) => {
      try {
        window.localStorage.removeItem(draftKey(userId));
      } catch {
        /* nothing to clear */
      }
      void qc.invalidateQueries({ queryKey: ["incidents"] });
      navigate(`/incidents/${incident.id}`, { state: { created: incident.number } });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    if (!draft.channel) {
      setProblem(t("incidents.needChannel"));
      return;
    }
    if (!draft.narrative.trim() && !draft.quotes.some((q) => q.trim())) {
      setProblem(t("incidents.needContent"));
      return;
    }
    setProblem(null);
    save.mutate(draft);
  };

  const setQuote = (i: number, text: string) => setDraft({ ...draft, quotes: draft.quotes.map((q, j) => (j === i ? text : q)) });
  const toggleGroup = (g: number, on: boolean) => setDraft({ ...draft, groups: on ? [...new Set([...draft.groups, g])] : draft.groups.filter((x) => x !== g) });
  const discard = () => {
    save.reset();
    setProblem(null);
    setDraft(freshDraft());
  };

  return (
    <Page title={t("incidents.newTitle")} intro={t("incidents.newIntro")}>
      <StatusMessage message={restored && hasContent(restored) ? t("incidents.draftRestored") : null} />
      <form className="form quick-form" onSubmit={submit} noValidate>
        <fieldset className="fieldset" aria-describedby={channelHint}>
          <legend>
            {t("incidents.channel")}{" "}
            <span className="field-tag" aria-hidden="true">
              {t("app.required")}
            </span>
          </legend>
          <p id={channelHint} className="visually-hidden">
            {t("incidents.needChannel")}
          </p>
          <div className="choice-grid">
            {CHANNELS.map((c) => (
              <label key={c} className={`choice ${draft.channel === c ? "is-checked" : ""}`}>
                <input type="radio" name="channel" value={c} checked={draft.channel === c} onChange={() => setDraft({ ...draft, channel: c })} />
                <span>{t(`incidents.channels.${c}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <TextField
          label={t("incidents.startedAt")}
          hint={t("incidents.startedAtHint")}
          type="datetime-local"
          value={draft.startedAt}
          onChange={(e) => setDraft({ ...draft, startedAt: e.target.value })}
        />

        <TextAreaField
          label={t("incidents.narrative")}
          hint={t("incidents.narrativeHint")}
          rows={4}
          maxLength={20000}
          value={draft.narrative}
          onChange={(e) => setDraft({ ...draft, narrative: e.target.value })}
        />

        <fieldset className="fieldset">
          <legend>{t("incidents.quotes")}</legend>
          <p className="field-hint">{t("incidents.quotesHint")}</p>
          <ol className="quote-inputs">
            {draft.quotes.map((q, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: quotes are positional; their order is the order they were said
              <li key={i}>
                <TextAreaField
                  label={t("incidents.quoteLabel", { n: i + 1 })}
                  rows={2}
                  maxLength={2000}
                  value={q}
                  onChange={(e) => setQuote(i, e.target.value)}
                />
                {draft.quotes.length > 1 ? (
                  <Button className="btn-small" onClick={() => setDraft({ ...draft, quotes: draft.quotes.filter((_, j) => j !== i) })}>
                    {t("incidents.removeQuote", { n: i + 1 })}
                  </Button>
                ) : null}
              </li>
            ))}
          </ol>
          <Button onClick={() => setDraft({ ...draft, quotes: [...draft.quotes, ""] })} disabled={draft.quotes.length >= 50}>
            {t("incidents.addQuote")}
          </Button>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t("incidents.groups")}</legend>
          <p className="field-hint">{t("incidents.groupsHint")}</p>
          <div className="choice-list">
            {GROUPS.map((g) => (
              <label key={g} className={`choice ${draft.groups.includes(g) ? "is-checked" : ""}`}>
                <input type="checkbox" checked={draft.groups.includes(g)} onChange={(e) => toggleGroup(g, e.target.checked)} />
                <span>{t(`incidents.groupLabels.${g}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t("incidentRecord.counterpartOptional")}</legend>
          <p className="field-hint">{t("incidentRecord.counterpartHint")}</p>
          <TextField
            label={t("incidentRecord.counterpartPhone")}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            maxLength={40}
            value={draft.counterpartPhone}
            onChange={(e) => setDraft({ ...draft, counterpartPhone: e.target.value })}
          />
          <TextField
            label={t("incidentRecord.counterpartName")}
            autoComplete="off"
            maxLength={200}
            value={draft.counterpartName}
            onChange={(e) => setDraft({ ...draft, counterpartName: e.target.value })}
          />
        </fieldset>

        {problem ? (
          <div className="alert alert-error" role="alert">
            {problem}
          </div>
        ) : null}
        <ErrorAlert error={save.error} />
        <p className="field-hint">{t("incidents.draftKept")}</p>
        <div className="form-actions">
          <Button type="submit" variant="primary" className="btn-large" busy={save.isPending}>
            {t("incidents.submit")}
          </Button>
          <Button onClick={discard} disabled={save.isPending}>
            {t("incidents.discardDraft")}
          </Button>
        </div>
      </form>
    </Page>
  );
}
