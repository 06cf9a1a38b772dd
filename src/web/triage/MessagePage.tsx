import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { departmentName, useDepartments } from "../accounts/departments.ts";
import { api } from "../api.ts";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { HighlightedText } from "./Highlighted.tsx";
import { CreateIncidentForm, OverrideForm } from "./MessageActions.tsx";
import { type TriageMessage, flagBadge } from "./types.ts";
import "./triage.css";

/** One contact: the text with the evidence highlighted, each rule explained, repeats, override and incident. */
export function MessagePage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const departments = useDepartments();
  const msg = useQuery({ queryKey: ["triage", "message", id], queryFn: () => api<TriageMessage>("GET", `/triage/messages/${id}`) });
  const m = msg.data;
  const groupText = (groups: number[]) => (groups.length > 0 ? groups.map((g) => t(`incidents.groupLabels.${g}`)).join("、") : "—");
  return (
    <Page
      title={t("triage.messageTitle")}
      actions={
        <Link className="btn btn-secondary" to="/triage">
          {t("triage.back")}
        </Link>
      }
    >
      <ErrorAlert error={msg.error} />
      {msg.isPending ? <Loading /> : null}
      {m ? (
        <>
          <section className="card" aria-labelledby="triage-result">
            <h2 id="triage-result">{t("triage.effectiveResult")}</h2>
            <p>
              <span className={flagBadge(m.flag)}>{t(`triage.flags.${m.flag}`)}</span> {groupText(m.groups)}
            </p>
            {m.overridden ? (
              <p className="muted">
                {t("triage.engineResult")}: {t(`triage.flags.${m.engineFlag}`)} / {groupText(m.engineGroups)}
              </p>
            ) : null}
            <dl className="triage-meta">
              <dt>{t("triage.meta.subject")}</dt>
              <dd>{m.subject ?? "—"}</dd>
              <dt>{t("triage.meta.sender")}</dt>
              <dd>{m.sender ?? "—"}</dd>
              <dt>{t("triage.meta.received")}</dt>
              <dd>{m.receivedAt ? formatDateTime(m.receivedAt, i18n.language) : "—"}</dd>
              <dt>{t("triage.meta.department")}</dt>
              <dd>
                {departmentName(
                  departments.data?.find((d) => d.id === m.departmentId),
                  i18n.language,
                ) || "…"}
              </dd>
              <dt>{t("triage.meta.source")}</dt>
              <dd>
                {t(`triage.sourceNames.${m.source}`)}
                {m.fileName ? ` (${m.fileName})` : ""}
              </dd>
              <dt>{t("triage.meta.lexicon")}</dt>
              <dd>{m.lexiconVersion}</dd>
              <dt>{t("triage.meta.model")}</dt>
              <dd>{m.modelVersion ?? t("triage.meta.modelNone")}</dd>
            </dl>
          </section>
          <div className="triage-columns">
            <section aria-labelledby="triage-text-title">
              <h2 id="triage-text-title">{t("triage.textTitle")}</h2>
              <HighlightedText text={m.text} signals={m.signals} />
            </section>
            <section aria-labelledby="triage-evidence-title">
              <h2 id="triage-evidence-title">{t("triage.evidenceTitle")}</h2>
              {m.signals.length === 0 ? <p>{t("triage.evidenceNone")}</p> : null}
              <ul className="triage-evidence">
                {m.signals.map((s) => (
                  <li key={`${s.rule}-${s.start}-${s.end}`} className={s.severity === "urgent" ? "triage-urgent" : undefined}>
                    <p>
                      <strong>「{s.text}」</strong> — {i18n.language === "en" ? (m.labels.codes[s.code]?.en ?? s.labelJa) : s.labelJa} (
                      {t(`incidents.groupLabels.${s.group}`)})
                    </p>
                    {i18n.language === "en" && s.explanationEn ? <p lang="en">{s.explanationEn}</p> : <p lang="ja">{s.explanationJa}</p>}
                    <p className="muted">
                      {t("triage.rule")}: <code>{s.rule}</code>
                    </p>
                  </li>
                ))}
              </ul>
              {m.suppressed.length > 0 ? (
                <>
                  <h3 className="h-small">{t("triage.suppressedTitle")}</h3>
                  <ul>
                    {m.suppressed.map((s) => (
                      <li key={`${s.rule}-${s.start}`}>
                        「{s.text}」: {t(`triage.suppressedReasons.${s.reason}`)} (<code>{s.by}</code>)
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
          </div>
          <section className="card" aria-labelledby="triage-thread-title">
            <h2 id="triage-thread-title">{t("triage.threadTitle")}</h2>
            {m.thread && m.thread.count >= 2 ? (
              <>
                <p>
                  {t("triage.threadInfo", {
                    position: m.thread.position,
                    count: m.thread.count,
                    first: formatDateTime(m.thread.firstAt, i18n.language),
                    last: formatDateTime(m.thread.lastAt, i18n.language),
                    from: m.thread.repeatFrom,
                  })}
                </p>
                <ol>
                  {m.thread.messages.map((x) => (
                    <li key={`${x.position}-${x.at}`}>
                      {x.id === m.id ? (
                        <strong>{t("triage.threadMessage", { position: x.position, at: formatDateTime(x.at, i18n.language) })}</strong>
                      ) : x.id ? (
                        <Link to={`/triage/${x.id}`}>{t("triage.threadMessage", { position: x.position, at: formatDateTime(x.at, i18n.language) })}</Link>
                      ) : (
                        t("triage.threadHidden", { position: x.position, at: formatDateTime(x.at, i18n.language) })
                      )}
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p>{t("triage.threadNone")}</p>
            )}
          </section>
          {m.canOverride ? <OverrideForm message={m} /> : null}
          {m.overrides.length > 0 ? (
            <section className="card" aria-labelledby="triage-overrides-title">
              <h2 id="triage-overrides-title">{t("triage.overridesTitle")}</h2>
              <ul>
                {m.overrides.map((o) => (
                  <li key={o.id}>
                    {t("triage.overrideRow", {
                      at: formatDateTime(o.at, i18n.language),
                      by: o.by,
                      from: `${t(`triage.flags.${o.previousFlag}`)} ${groupText(o.previousGroups)}`,
                      to: `${t(`triage.flags.${o.flag}`)} ${groupText(o.groups)}`,
                    })}
                    <br />
                    {t("triage.reason")}: {o.reason}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <CreateIncidentForm message={m} />
        </>
      ) : null}
    </Page>
  );
}
