import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { type Status, isStatus } from "../../domain/incidents/lifecycle.ts";
import { departmentName, useDepartments } from "../accounts/departments.ts";
import { ApiError, type Incident, api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { TextAreaField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { NotFound } from "../ui/NotFound.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { JudgementForm } from "./JudgementForm.tsx";
import { EvidencePanel } from "../evidence/EvidencePanel.tsx";
import { outcomeBadge } from "./labels.ts";
import { CaseDocuments } from "../documents/CaseDocuments.tsx";
import { RestrictionNotice } from "../documents/RestrictionNotice.tsx";

/** One incident: the record, words used, earlier contacts with the ready-made line, timeline, status changes and the judgement. */
export function IncidentPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | null>(created ? t("incidents.created", { number: created }) : null);

  const incident = useQuery({
    queryKey: ["incident", id],
    queryFn: () => api<Incident>("GET", `/incidents/${encodeURIComponent(id)}`),
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });

  const updated = (next: Incident, message: string) => {
    qc.setQueryData(["incident", id], next);
    void qc.invalidateQueries({ queryKey: ["incidents"] });
    setStatus(message);
  };

  if (incident.error instanceof ApiError && (incident.error.status === 404 || incident.error.status === 400)) return <NotFound />;
  if (incident.isPending) return <Loading />;
  if (incident.error || !incident.data) {
    return (
      <Page title={t("incidents.loadFailed")}>
        <ErrorAlert error={incident.error} />
      </Page>
    );
  }
  const inc = incident.data;
  return (
    <Page
      title={t("incidents.detailTitle", { number: inc.number })}
      actions={
        <>
          {inc.can.update ? (
            <Link className="btn btn-primary" to={`/incidents/${inc.id}/edit`}>
              {t("incidentRecord.edit")}
            </Link>
          ) : null}
          <Button onClick={() => window.print()}>{t("incidentRecord.print")}</Button>
          <a className="btn btn-secondary" href={`/api/incidents/${inc.id}/pdf`} download={`incident-${inc.number}.pdf`}>
            {t("incidentRecord.pdf")}
          </a>
          <Link className="btn btn-secondary" to="/incidents">
            {t("incidents.backToList")}
          </Link>
        </>
      }
    >
      <p className="print-only print-notice">{t("incidentRecord.printedNotice")}</p>
      <StatusMessage message={status} />
      <p className="badge-row">
        <span className="badge badge-muted">
          {t("incidents.status")}: {t(`incidents.statuses.${inc.status}`)}
        </span>
        <span className={outcomeBadge(inc.outcome)} data-testid="outcome">
          {t("incidents.outcome")}: {t(`incidents.outcomes.${inc.outcome ?? "none"}`)}
        </span>
      </p>
      <RecordSection inc={inc} />
      <QuotesSection inc={inc} />
      <CounterpartSection
        inc={inc}
        onLinked={(next) => updated(next, t("incidentRecord.linked"))}
        onUnlinked={(next) => updated(next, t("incidentRecord.unlinked"))}
      />
      <EvidencePanel incidentId={inc.id} />
      <Actions inc={inc} onUpdated={updated} />
      <CaseDocuments incidentId={inc.id} counterpartId={inc.counterpart?.id ?? null} />
      <TimelineSection inc={inc} />
    </Page>
  );
}

function RecordSection({ inc }: { inc: Incident }) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const lang = i18n.language;
  const dept = departments.data?.find((d) => d.id === inc.departmentId);
  const none = <span className="muted">{t("incidents.notRecorded")}</span>;
  const rows: Array<[string, ReactNode]> = [
    [t("incidents.channel"), t(`incidents.channels.${inc.channel}`)],
    [t("incidents.department"), departmentName(dept, lang) || "…"],
    [t("incidents.startedAt"), inc.startedAt ? formatDateTime(inc.startedAt, lang) : none],
    [t("incidents.endedAt"), inc.endedAt ? formatDateTime(inc.endedAt, lang) : none],
  ];
  if (inc.durationMinutes !== null) rows.push([t("incidents.duration"), t("incidents.minutes", { count: inc.durationMinutes })]);
  if (inc.place) rows.push([t("incidents.place"), inc.place]);
  rows.push([t("incidents.group"), inc.groups.length > 0 ? inc.groups.map((g) => t(`incidents.groupLabels.${g}`)).join("、") : none]);
  if (inc.staff.length > 0) rows.push([t("incidents.staffLabel"), inc.staff.map((s) => `${s.displayName}(${t(`incidents.staffRoles.${s.role}`)})`).join("、")]);
  // The quick form's summary is the narrative's first line: shown only when it says something more.
  if (inc.summary && !inc.narrative.startsWith(inc.summary.replace(/…$/, ""))) rows.push([t("incidents.summary"), inc.summary]);
  rows.push([t("incidents.narrative"), inc.narrative || none]);
  if (inc.demand) rows.push([t("incidents.demand"), inc.demand]);
  if (inc.answersGiven) rows.push([t("incidents.answersGiven"), inc.answersGiven]);
  return (
    <section className="card" aria-labelledby="incident-record">
      <h2 id="incident-record">{t("incidents.record")}</h2>
      <dl className="details record">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function QuotesSection({ inc }: { inc: Incident }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="incident-quotes">
      <h2 id="incident-quotes">{t("incidents.quotesTitle")}</h2>
      {inc.quotes.length === 0 ? <p className="muted">{t("incidents.noQuotes")}</p> : null}
      <ol className="quotes">
        {inc.quotes.map((q) => (
          <li key={q.id}>
            {q.isAct ? <span className="badge badge-warn">{t("incidents.act")}</span> : null}
            <blockquote className="quote">{q.text}</blockquote>
          </li>
        ))}
      </ol>
    </section>
  );
}

function CounterpartSection({ inc, onLinked, onUnlinked }: { inc: Incident; onLinked: (i: Incident) => void; onUnlinked: (i: Incident) => void }) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState<string | null>(null);
  const lineId = useId();
  const line = inc.repeatContactLine;
  const copy = async () => {
    if (!line) return;
    try {
      await navigator.clipboard.writeText(line);
      setCopied(t("app.copied"));
    } catch {
      const el = document.getElementById(lineId) as HTMLTextAreaElement | null;
      el?.select();
      setCopied(document.execCommand?.("copy") ? t("app.copied") : t("app.copyFailed"));
    }
  };
  return (
    <section className="card" aria-labelledby="incident-counterpart">
      <h2 id="incident-counterpart">{t("incidents.counterpartTitle")}</h2>
      {inc.counterpart ? <RestrictionNotice counterpartId={inc.counterpart.id} /> : null}
      {inc.counterpart ? (
        <dl className="details record">
          <div>
            <dt>{t("incidentRecord.counterpartDetails")}</dt>
            <dd>
              {[t(`incidentRecord.counterpartTypes.${inc.counterpart.type}`), inc.counterpart.name, inc.counterpart.phone, inc.counterpart.email]
                .filter(Boolean)
                .join(" / ")}
              {inc.personsCount && inc.personsCount > 1 ? `(${inc.personsCount})` : ""}{" "}
              <Link to={`/incidents?counterpartId=${encodeURIComponent(inc.counterpart.id)}`}>{t("incidentRecord.counterpartIncidents")}</Link>
            </dd>
          </div>
        </dl>
      ) : null}
      {inc.counterpart && inc.can.linkCounterpart ? <CounterpartSuggestions inc={inc} onLinked={onLinked} /> : null}
      {inc.can.unlinkCounterpart ? <UnlinkCounterpart inc={inc} onDone={onUnlinked} /> : null}
      {inc.earlierContacts.length === 0 ? <p className="muted">{t("incidents.counterpartNone")}</p> : null}
      {inc.earlierContacts.length > 0 ? (
        <table className="table">
          <caption>{t("incidents.earlierCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("incidents.at")}</th>
              <th scope="col">{t("incidents.channelShort")}</th>
              <th scope="col">{t("incidents.answerGiven")}</th>
            </tr>
          </thead>
          <tbody>
            {inc.earlierContacts.map((c) => (
              <tr key={`${c.at}-${c.channel}`}>
                <th scope="row" data-label={t("incidents.at")}>
                  {formatDateTime(c.at, i18n.language)}
                </th>
                <td data-label={t("incidents.channelShort")}>{t(`incidents.channels.${c.channel}`)}</td>
                <td data-label={t("incidents.answerGiven")}>{c.answerGiven || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {line ? (
        <div className="field">
          <label htmlFor={lineId} className="field-label">
            {t("incidents.repeatLine")}
          </label>
          <p className="field-hint">{t("incidents.repeatLineHint")}</p>
          <textarea id={lineId} className="input textarea" readOnly rows={3} value={line} />
          <div className="form-actions">
            <Button onClick={() => void copy()}>{t("incidents.copyLine")}</Button>
          </div>
          <p role="status" className="secret-status">
            {copied ?? ""}
          </p>
        </div>
      ) : null}
    </section>
  );
}

/** Central only: detach a wrongly linked counterpart, with the reason (audited, in the timeline). */
function UnlinkCounterpart({ inc, onDone }: { inc: Incident; onDone: (i: Incident) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const unlink = useMutation({
    mutationFn: async () => {
      await api("POST", `/incidents/${inc.id}/counterpart/unlink`, { reason: reason.trim() });
      return api<Incident>("GET", `/incidents/${inc.id}`);
    },
    onSuccess: (next) => {
      setReason("");
      onDone(next);
    },
  });
  return (
    <div className="form no-print">
      <TextAreaField label={t("incidentRecord.unlinkReason")} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      <ErrorAlert error={unlink.error} />
      <div className="form-actions">
        <Button busy={unlink.isPending} disabled={!reason.trim()} onClick={() => unlink.mutate()}>
          {t("incidentRecord.unlink")}
        </Button>
      </div>
    </div>
  );
}

interface Suggestion {
  counterpartId: string;
  reasons: Array<"phone" | "email" | "name">;
  type: string;
  name: string | null;
  contacts: number;
  lastContactAt: string | null;
}

/**
 * Known counterparts that may be this one (same phone in any format, same email, similar name): a person confirms.
 * Central may instead merge a duplicate record into this incident's counterpart, with a reason
 * (its incidents move here; audited, in each moved incident's timeline).
 */
function CounterpartSuggestions({ inc, onLinked }: { inc: Incident; onLinked: (i: Incident) => void }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const qc = useQueryClient();
  const [reason, setReason] = useState("");
  const [merged, setMerged] = useState<string | null>(null);
  const suggestions = useQuery({
    queryKey: ["incident", inc.id, "counterpart-suggestions", inc.counterpart?.id],
    queryFn: () => api<{ suggestions: Suggestion[] }>("GET", `/incidents/${inc.id}/counterpart-suggestions`),
  });
  const link = useMutation({
    mutationFn: async (counterpartId: string) => {
      await api("PUT", `/incidents/${inc.id}/counterpart`, { counterpartId });
      return api<Incident>("GET", `/incidents/${inc.id}`);
    },
    onSuccess: onLinked,
  });
  const merge = useMutation({
    mutationFn: async (sourceId: string) => {
      const r = await api<{ movedIncidents: number }>("POST", `/counterparts/${inc.counterpart?.id}/merge`, { sourceId, reason: reason.trim() });
      return { moved: r.movedIncidents, next: await api<Incident>("GET", `/incidents/${inc.id}`) };
    },
    onSuccess: ({ moved, next }) => {
      setReason("");
      setMerged(t("incidentRecord.merged", { count: moved }));
      void qc.invalidateQueries({ queryKey: ["incident", inc.id, "counterpart-suggestions"] });
      onLinked(next);
    },
  });
  const list = suggestions.data?.suggestions ?? [];
  const status = (
    <p role="status" className="muted">
      {merged ?? ""}
    </p>
  );
  if (list.length === 0) return status;
  const canMerge = inc.can.mergeCounterpart;
  return (
    <section className="suggestions" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("incidentRecord.suggestionsTitle")}</h3>
      <p className="field-hint">{t("incidentRecord.suggestionsIntro")}</p>
      {canMerge ? (
        <div className="form no-print">
          <TextAreaField label={t("incidentRecord.mergeReason")} hint={t("incidentRecord.mergeHint")} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      ) : null}
      <table className="table">
        <caption className="visually-hidden">{t("incidentRecord.suggestionCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("incidentRecord.matchedBy")}</th>
            <th scope="col">{t("incidentRecord.counterpartType")}</th>
            <th scope="col">{t("incidentRecord.contacts")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("incidentRecord.confirmLink")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((s, i) => (
            <tr key={s.counterpartId}>
              <th scope="row" data-label={t("incidentRecord.matchedBy")}>
                {s.reasons.map((r) => t(`incidentRecord.reasons.${r}`)).join("、")}
              </th>
              <td data-label={t("incidentRecord.counterpartType")}>{[t(`incidentRecord.counterpartTypes.${s.type}`), s.name].filter(Boolean).join(" / ")}</td>
              <td data-label={t("incidentRecord.contacts")}>
                {t("incidentRecord.contactsValue", { count: s.contacts, date: formatDateTime(s.lastContactAt, i18n.language) })}
              </td>
              <td>
                <div className="row-actions">
                  <Button
                    className="btn-small"
                    aria-label={t("incidentRecord.confirmLinkNamed", { n: i + 1 })}
                    busy={link.isPending && link.variables === s.counterpartId}
                    disabled={link.isPending || merge.isPending}
                    onClick={() => link.mutate(s.counterpartId)}
                  >
                    {t("incidentRecord.confirmLink")}
                  </Button>
                  {canMerge ? (
                    <Button
                      className="btn-small"
                      aria-label={t("incidentRecord.mergeNamed", { n: i + 1 })}
                      busy={merge.isPending && merge.variables === s.counterpartId}
                      disabled={link.isPending || merge.isPending || !reason.trim()}
                      onClick={() => merge.mutate(s.counterpartId)}
                    >
                      {t("incidentRecord.merge")}
                    </Button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorAlert error={link.error ?? merge.error} />
      {status}
    </section>
  );
}

function Actions({ inc, onUpdated }: { inc: Incident; onUpdated: (i: Incident, message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState("");
  // The server says which moves this user may make; judging moves to 判断済 itself, so that one is not a bare button.
  const moves = inc.allowedTransitions.filter((to): to is Status => isStatus(to) && to !== "judged");
  const move = useMutation({
    mutationFn: (to: Status) => api<Incident>("POST", `/incidents/${inc.id}/transitions`, { to, reason: reason.trim() || null }),
    onSuccess: (next, to) => {
      setReason("");
      onUpdated(next, t("incidents.moved", { status: t(`incidents.statuses.${to}`) }));
    },
  });
  const canJudge = inc.can.judge;
  const proposal = inc.judgementProposal;
  return (
    <>
      <section className="card no-print" aria-labelledby="incident-transitions">
        <h2 id="incident-transitions">{t("incidents.transitions")}</h2>
        {moves.length === 0 ? (
          <p className="muted">{t("incidents.transitionsNone")}</p>
        ) : (
          <div className="form">
            <TextAreaField
              label={t("incidents.transitionReason")}
              hint={t("incidents.transitionReasonHint")}
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <ErrorAlert error={move.error} />
            <div className="form-actions">
              {moves.map((to) => (
                <Button key={to} busy={move.isPending && move.variables === to} disabled={move.isPending} onClick={() => move.mutate(to)}>
                  {t("incidents.moveTo", { status: t(`incidents.statuses.${to}`) })}
                </Button>
              ))}
            </div>
          </div>
        )}
      </section>
      {inc.judgement ? <JudgementSummary inc={inc} /> : null}
      {canJudge && proposal?.outcome ? (
        <p className="alert alert-info">
          {t("incidents.proposalShown", { outcome: t(`incidents.outcomes.${proposal.outcome}`), date: formatDateTime(proposal.proposedAt, i18n.language) })}
        </p>
      ) : null}
      {canJudge ? (
        <JudgementForm
          key={`judge-${inc.version}`}
          incident={inc}
          mode="judge"
          onSaved={(next) => onUpdated(next, t("incidents.judgementSaved", { outcome: t(`incidents.outcomes.${next.outcome ?? "none"}`) }))}
        />
      ) : null}
      {!canJudge && inc.can.proposeJudgement ? (
        <JudgementForm key={`propose-${inc.version}`} incident={inc} mode="propose" onSaved={(next) => onUpdated(next, t("incidents.proposalSaved"))} />
      ) : null}
    </>
  );
}

function JudgementSummary({ inc }: { inc: Incident }) {
  const { t, i18n } = useTranslation();
  const j = inc.judgement;
  if (!j) return null;
  const axes = [
    ["axis1", j.demandLegitimate],
    ["axis2", j.meansAppropriate],
    ["axis3", j.environmentHarmed],
  ] as const;
  return (
    <section className="card" aria-labelledby="incident-judgement">
      <h2 id="incident-judgement">{t("incidents.currentOutcome")}</h2>
      <p>
        <span className={outcomeBadge(inc.outcome)}>{t(`incidents.outcomes.${inc.outcome ?? "none"}`)}</span>{" "}
        <span className="muted">{t("incidents.judgedBy", { date: formatDateTime(inc.judgedAt, i18n.language) })}</span>
      </p>
      <dl className="details record">
        {axes.map(([n, axis]) => (
          <div key={n}>
            <dt>{t(`incidents.${n}`)}</dt>
            <dd>
              <strong>{t(`incidents.answers.${n}.${axis.answer}`)}</strong> — <span className="prewrap">{axis.reason}</span>
            </dd>
          </div>
        ))}
        {j.exclusions.sincereComplaint || j.exclusions.reasonableAccommodation ? (
          <div>
            <dt>{t("incidents.exclusions")}</dt>
            <dd>
              {[
                j.exclusions.sincereComplaint ? t("incidents.sincereComplaint") : null,
                j.exclusions.reasonableAccommodation ? t("incidents.reasonableAccommodation") : null,
              ]
                .filter(Boolean)
                .join("、")}
              {j.exclusions.reason ? ` — ${j.exclusions.reason}` : ""}
            </dd>
          </div>
        ) : null}
        {inc.crossedAt ? (
          <div>
            <dt>{t("incidents.crossedAt")}</dt>
            <dd>{formatDateTime(inc.crossedAt, i18n.language)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function TimelineSection({ inc }: { inc: Incident }) {
  const { t, i18n } = useTranslation();
  const describe = (e: Incident["timeline"][number]) => {
    // Live-response lines (live_step, live_alert …) carry their own words in the reason column.
    const key = e.kind.startsWith("live_") && e.kind !== "live_recording" ? "live" : e.kind;
    const base = t(`incidents.events.${key}`, { defaultValue: e.kind });
    if (e.toStatus && (e.kind === "status_changed" || e.kind === "reopened"))
      return `${base}: ${e.fromStatus ? `${t(`incidents.statuses.${e.fromStatus}`)} → ` : ""}${t(`incidents.statuses.${e.toStatus}`)}`;
    const outcome = e.data?.outcome;
    if (typeof outcome === "string") return `${base}: ${t(`incidents.outcomes.${outcome}`)}`;
    return base;
  };
  return (
    <section className="card" aria-labelledby="incident-timeline">
      <h2 id="incident-timeline">{t("incidents.timeline")}</h2>
      <table className="table">
        <caption>{t("incidents.timelineCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("incidents.at")}</th>
            <th scope="col">{t("incidents.event")}</th>
            <th scope="col">{t("incidents.who")}</th>
            <th scope="col">{t("incidents.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {inc.timeline.map((e) => (
            <tr key={e.seq}>
              <th scope="row" data-label={t("incidents.at")}>
                {formatDateTime(e.at, i18n.language)}
              </th>
              <td data-label={t("incidents.event")}>{describe(e)}</td>
              <td data-label={t("incidents.who")}>{e.actorName ?? "—"}</td>
              <td data-label={t("incidents.reason")}>{e.reason ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
