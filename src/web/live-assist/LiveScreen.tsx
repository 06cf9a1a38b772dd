import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ScriptKey } from "../../domain/live-assist/scripts.ts";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { TextAreaField } from "../ui/Field.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import { Recorder } from "./Recorder.tsx";
import { formatDuration, type LiveAlert, type LiveSession, type StepKind, newId, send } from "./client.ts";

type Say = (key: ScriptKey, params?: Record<string, string | number>) => string;

/** The elapsed time, ticking locally from the server's figure (the server's clock is the truth). */
function useElapsed(s: LiveSession) {
  const [base] = useState(() => ({ at: Date.now() }));
  const [now, setNow] = useState(Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: restart from each fresh server figure
  useEffect(() => {
    base.at = Date.now();
    setNow(Date.now());
  }, [s.elapsedSeconds, s.serverNow]);
  useEffect(() => {
    if (s.endedAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [s.endedAt]);
  return s.endedAt ? s.elapsedSeconds : s.elapsedSeconds + Math.floor((now - base.at) / 1000);
}

export function LiveScreen({ session: s, say, silent, onChange }: { session: LiveSession; say: Say; silent: boolean; onChange: (s: LiveSession) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const elapsed = useElapsed(s);
  const over = elapsed >= s.thresholdSeconds;
  const stepName = (k: string) => t(`liveAssist.steps.${k}`);

  const act = async (body: Record<string, unknown>, label?: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await send<LiveSession>({ sessionId: s.id, path: "actions", body: { id: newId("a"), ...body } });
      onChange(r);
      if (label) setSaved(`${t("liveAssist.saved")}: ${label}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const alert = async (kind: "backup" | "emergency") => {
    const quiet = kind === "emergency" && silent;
    if (!quiet) setError(null);
    try {
      await send<LiveAlert>({ sessionId: s.id, path: "alerts", body: { id: newId("al"), kind, silent: quiet } });
      if (!quiet) setSaved(t("liveAssist.alertSent", { kind: t(`liveAssist.${kind}`) }));
    } catch (err) {
      if (!quiet) setError(err);
    }
  };

  const next = s.nextStep;
  const others = s.allowedSteps.filter((k) => k !== next);
  const stepCount = (k: StepKind) => (k === "request_stop" ? s.requests + 1 : k === "order_leave" ? s.orders + 1 : k === "explanation" ? s.explanations + 1 : 1);
  const visibleAlerts = s.alerts.filter((a) => !a.silent);

  return (
    <div className="live-screen">
      {s.stale ? (
        <div className="alert alert-error" role="alert">
          {t("liveAssist.stale")}
        </div>
      ) : null}
      <section className={`card live-clock${over ? " live-over" : ""}`} aria-labelledby="live-clock">
        <h2 id="live-clock">{t("liveAssist.elapsed")}</h2>
        <p className="live-time">
          <span data-testid="elapsed">{formatDuration(elapsed)}</span> <span className="hint">/ {t("liveAssist.threshold", { time: formatDuration(s.thresholdSeconds) })}</span>
        </p>
        <p className="hint">
          {t(`liveAssist.channels.${s.channel}`)}
          {s.place ? ` · ${s.place}` : ""}
        </p>
        {over ? (
          <p className="live-over-text" role="alert">
            {t("liveAssist.overThreshold")}
          </p>
        ) : null}
      </section>

      {s.visit ? <VisitCard s={s} onChange={onChange} /> : null}
      <section className="card" aria-labelledby="live-help">
        <h2 id="live-help">{t("liveAssist.help")}</h2>
        <div className="live-help-buttons">
          <Button variant="primary" className="live-big" onClick={() => void alert("backup")}>
            {t("liveAssist.backup")}
          </Button>
          <Button variant="danger" className="live-big" onClick={() => void alert("emergency")}>
            {t("liveAssist.emergency")}
          </Button>
        </div>
        <ul className="live-coming" aria-live="polite">
          {visibleAlerts.map((a) => (
            <li key={a.id}>
              {a.responders.length === 0
                ? t("liveAssist.alertSent", { kind: t(`liveAssist.${a.kind}`) })
                : a.responders.map((r) => (r.joining ? t("liveAssist.coming", { name: r.displayName }) : t("liveAssist.acknowledgedBy", { name: r.displayName }))).join("、")}
            </li>
          ))}
        </ul>
      </section>

      <section className="card live-next" aria-labelledby="live-next">
        <h2 id="live-next">{t("liveAssist.nextStep")}</h2>
        {s.pending ? (
          <p className="alert alert-info" role="status" data-testid="pending">
            {t("liveAssist.pending", { step: stepName(s.pending.kind) })}
          </p>
        ) : next ? (
          <>
            <p className="live-step-name" data-testid="next-step">
              {t("liveAssist.stepCount", { step: stepName(next), count: stepCount(next) })}
            </p>
            <p className="hint">{t("liveAssist.wordsToUse")}</p>
            <p className="live-words">
              {say(next)}
            </p>
            <Button variant="primary" busy={busy} onClick={() => void act({ type: "step", kind: next, words: say(next) }, stepName(next))}>
              {t("liveAssist.recordStep", { step: stepName(next) })}
            </Button>
          </>
        ) : (
          <p>{t("liveAssist.noNextStep")}</p>
        )}
        {others.length > 0 ? (
          <div className="live-others">
            <p className="hint">{t("liveAssist.otherSteps")}</p>
            {others.map((k) => (
              <Button key={k} busy={busy} onClick={() => void act({ type: "step", kind: k, words: say(k) }, stepName(k))}>
                {t("liveAssist.recordStep", { step: stepName(k) })}
              </Button>
            ))}
          </div>
        ) : null}
        {s.declined.length > 0 ? <p className="hint">{t("liveAssist.declined", { step: stepName(s.declined.at(-1)?.kind ?? ""), note: s.declined.at(-1)?.note ?? "" })}</p> : null}
        <StatusMessage message={saved} />
        {error ? <ErrorAlert error={error} /> : null}
      </section>

      <section className="card" aria-labelledby="live-notice">
        <h2 id="live-notice">{t("liveAssist.recordingNotice")}</h2>
        <p className="live-words">{say("recording_notice")}</p>
        <Button aria-pressed={s.recordingNotice} disabled={busy || !!s.endedAt} onClick={() => void act({ type: "notice", said: !s.recordingNotice })}>
          {s.recordingNotice ? `✓ ${t("liveAssist.noticeSaid")}` : t("liveAssist.noticeNotSaid")}
        </Button>
      </section>

      <Recorder session={s} />

      <section className="card" aria-labelledby="live-counters">
        <h2 id="live-counters">{t("liveAssist.counters")}</h2>
        <div className="live-counter">
          <span>
            {t("liveAssist.sameDemand")}: <strong data-testid="repeats">{s.repeats}</strong>
          </span>
          <Button aria-label={t("liveAssist.addOne", { what: t("liveAssist.sameDemand") })} disabled={busy} onClick={() => void act({ type: "count", counter: "same_demand" })}>
            +1
          </Button>
        </div>
        <div className="live-counter">
          <span>
            {t("liveAssist.explanationGiven")}: <strong data-testid="explanations">{s.explanations}</strong>
          </span>
          <Button aria-label={t("liveAssist.addOne", { what: t("liveAssist.explanationGiven") })} disabled={busy} onClick={() => void act({ type: "count", counter: "explanation" })}>
            +1
          </Button>
        </div>
        <p className="hint">{t("liveAssist.sameAnswer")}</p>
        <p className="live-words">{say("same_answer")}</p>
      </section>

      <EmergencyBypass busy={busy} onGo={(ground) => void act({ type: "emergency", ground, words: say("police") }, stepName("police"))} />
      <EndPanel channel={s.channel} busy={busy} say={say} onEnd={(kind, reason) => void act({ type: "end", kind, reason, words: say(kind, { reason }) })} />

      {s.steps.length > 0 ? (
        <section className="card" aria-labelledby="live-history">
          <h2 id="live-history">{t("liveAssist.history")}</h2>
          <ol className="live-history">
            {s.steps.map((x) => (
              <li key={x.id}>
                {t("liveAssist.stepCount", { step: stepName(x.kind), count: x.count })} — {new Date(x.at).toLocaleTimeString()}
                {x.approvedByName ? ` (${t("liveAssist.approvedBy", { name: x.approvedByName })})` : ""}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

function EmergencyBypass({ busy, onGo }: { busy: boolean; onGo: (ground: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [ground, setGround] = useState("violence");
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("liveAssist.emergencyBypass")}</h2>
      <p className="hint">{t("liveAssist.emergencyHint")}</p>
      <p className="hint">{t("liveAssist.policeNumbers")}</p>
      <div className="field">
        <label htmlFor={id}>{t("liveAssist.emergencyBypass")}</label>
        <select id={id} value={ground} onChange={(e) => setGround(e.target.value)}>
          {(["violence", "threat", "crime"] as const).map((g) => (
            <option key={g} value={g}>
              {t(`liveAssist.grounds.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <Button variant="danger" busy={busy} onClick={() => onGo(ground)}>
        {t("liveAssist.steps.police")}
      </Button>
    </section>
  );
}

function EndPanel({ channel, busy, say, onEnd }: { channel: string; busy: boolean; say: Say; onEnd: (kind: "end_response" | "end_call", reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const end = (kind: "end_response" | "end_call") => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    onEnd(kind, reason.trim());
  };
  const kind = channel === "phone" ? "end_call" : "end_response";
  return (
    <section className="card" aria-labelledby="live-end">
      <h2 id="live-end">{t("liveAssist.endTitle")}</h2>
      <TextAreaField label={t("liveAssist.endReason")} hint={t("liveAssist.endReasonHint")} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} error={missing && !reason.trim() ? t("liveAssist.endReason") : undefined} />
      {reason.trim() ? <p className="live-words">{say(kind, { reason: reason.trim() })}</p> : null}
      <div className="live-help-buttons">
        <Button variant="primary" busy={busy} onClick={() => end("end_response")}>
          {t("liveAssist.endResponse")}
        </Button>
        <Button busy={busy} onClick={() => end("end_call")}>
          {t("liveAssist.endCall")}
        </Button>
      </div>
    </section>
  );
}

function VisitCard({ s, onChange }: { s: LiveSession; onChange: (s: LiveSession) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const v = s.visit as NonNullable<LiveSession["visit"]>;
  const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const check = async (kind: "arrived" | "returned") => {
    setError(null);
    try {
      onChange(await api<LiveSession>("POST", `/live-assist/sessions/${s.id}/check-ins`, { kind }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="live-visit">
      <h2 id="live-visit">{t("liveAssist.visitTitle")}</h2>
      <p>{t("liveAssist.visitWith", { name: v.companionName ?? "—", time: time(v.expectedReturnAt) })}</p>
      {v.overdue ? (
        <p className="alert alert-error" role="alert">
          {t("liveAssist.visitOverdue")}
        </p>
      ) : null}
      <div className="live-help-buttons">
        <Button disabled={!!v.arrivedAt} onClick={() => void check("arrived")}>
          {v.arrivedAt ? t("liveAssist.arrivedAt", { time: time(v.arrivedAt) }) : t("liveAssist.checkInArrived")}
        </Button>
        <Button disabled={!!v.returnedAt} onClick={() => void check("returned")}>
          {v.returnedAt ? t("liveAssist.returnedAt", { time: time(v.returnedAt) }) : t("liveAssist.checkInReturned")}
        </Button>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
