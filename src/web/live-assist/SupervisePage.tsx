import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { useMe, useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import "./live.css";
import { type Inbox, type LiveAlert, beep, formatDuration, newId, soundAllowed, useLiveEvents } from "./client.ts";

const deptName = (d: { ja: string; en: string } | null, lang: string) => (d ? (lang === "en" ? d.en : d.ja) : "—");

export function AlertCard({ alert: a, onDone }: { alert: LiveAlert; onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mine = a.responders.find((r) => r.userId === me.user.id);
  const ack = async (joining: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/live-assist/alerts/${a.id}/acknowledge`, { joining });
      await qc.invalidateQueries({ queryKey: ["live-inbox"] });
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className={`card live-alert live-alert-${a.kind}`} aria-label={t(`liveAssist.${a.kind}`)}>
      <h3>
        {t(`liveAssist.${a.kind}`)} — {t("liveAssist.from", { name: a.raisedByName ?? "—", department: deptName(a.departmentName, i18n.language) })}
      </h3>
      <p>
        {t("liveAssist.channel")}: {t(`liveAssist.channels.${a.channel}`)} · {t("liveAssist.where")}: {a.place ?? "—"} · {t("liveAssist.elapsed")}: {formatDuration(a.elapsedSeconds)} / {formatDuration(a.thresholdSeconds)}
      </p>
      {a.silent ? <p className="alert alert-error">{t("liveAssist.silent")}</p> : null}
      {a.escalatedAt ? <p className="hint">{t("liveAssist.escalated")}</p> : null}
      {a.responders.length > 0 ? (
        <ul>
          {a.responders.map((r) => (
            <li key={r.userId}>{r.joining ? t("liveAssist.coming", { name: r.displayName }) : t("liveAssist.acknowledgedBy", { name: r.displayName })}</li>
          ))}
        </ul>
      ) : null}
      <div className="live-help-buttons">
        <Button busy={busy} disabled={mine !== undefined && !mine.joining} onClick={() => void ack(false)}>
          {t("liveAssist.acknowledge")}
        </Button>
        <Button variant="primary" busy={busy} disabled={mine?.joining === true} onClick={() => void ack(true)}>
          {t("liveAssist.join")}
        </Button>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
    </article>
  );
}

function ApprovalCard({ item }: { item: Inbox["approvals"][number] }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: "approve" | "decline") => {
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/live-assist/sessions/${item.sessionId}/decisions`, { id: newId("d"), pendingId: item.pending.id, decision, note: note.trim() || null });
      await qc.invalidateQueries({ queryKey: ["live-inbox"] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const step = t(`liveAssist.steps.${item.pending.kind}`);
  return (
    <article className="card live-approval" aria-label={t("liveAssist.bannerApproval", { step })}>
      <h3>{t("liveAssist.bannerApproval", { step })}</h3>
      <p>
        {t("liveAssist.from", { name: item.userName ?? "—", department: deptName(item.departmentName, i18n.language) })} · {t(`liveAssist.channels.${item.channel}`)} · {item.place ?? "—"} · {formatDuration(item.elapsedSeconds)} / {formatDuration(item.thresholdSeconds)}
      </p>
      {item.pending.words ? <p className="live-words">{item.pending.words}</p> : null}
      {item.pending.reason ? <p>{item.pending.reason}</p> : null}
      <div className="field">
        <label htmlFor={`note-${item.pending.id}`}>{t("liveAssist.declineNote")}</label>
        <input id={`note-${item.pending.id}`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </div>
      <div className="live-help-buttons">
        <Button variant="primary" busy={busy} onClick={() => void decide("approve")}>
          {t("liveAssist.approve")}
        </Button>
        <Button busy={busy} onClick={() => void decide("decline")}>
          {t("liveAssist.decline")}
        </Button>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
    </article>
  );
}

export function useInbox(enabled: boolean) {
  return useQuery({ queryKey: ["live-inbox"], queryFn: () => api<Inbox>("GET", "/live-assist/inbox"), enabled, refetchInterval: 10_000 });
}

/** The supervisor's and central's page: open alerts and steps waiting for approval. */
export function SupervisePage() {
  const { t } = useTranslation();
  const inbox = useInbox(true);
  if (inbox.isPending) return <Loading />;
  if (inbox.error) return <ErrorAlert error={inbox.error} />;
  return (
    <Page title={t("liveAssist.superviseTitle")} intro={t("liveAssist.superviseIntro")}>
      <section aria-labelledby="sup-approvals">
        <h2 id="sup-approvals">{t("liveAssist.approvals")}</h2>
        {inbox.data.approvals.length === 0 ? <p>{t("liveAssist.noApprovals")}</p> : inbox.data.approvals.map((a) => <ApprovalCard key={a.pending.id} item={a} />)}
      </section>
      <section aria-labelledby="sup-alerts">
        <h2 id="sup-alerts">{t("liveAssist.alerts")}</h2>
        {inbox.data.alerts.length === 0 ? <p>{t("liveAssist.noAlerts")}</p> : inbox.data.alerts.map((a) => <AlertCard key={a.id} alert={a} />)}
      </section>
    </Page>
  );
}

interface BannerItem {
  key: string;
  text: string;
  urgent: boolean;
  alert: LiveAlert | null;
}

/** On every page of a supervisor or central: new alerts and approval requests arrive with a banner and a sound. */
export function LiveAlertBanner() {
  const { t } = useTranslation();
  const { hasRole, me } = useSession();
  const qc = useQueryClient();
  const enabled = !!me && (hasRole("supervisor") || hasRole("central"));
  const [items, setItems] = useState<BannerItem[]>([]);
  const [needsSound, setNeedsSound] = useState(false);
  useLiveEvents(enabled, (kind, payload) => {
    void qc.invalidateQueries({ queryKey: ["live-inbox"] });
    const myId = me?.user.id;
    if (kind === "alert.raised" || kind === "alert.escalated") {
      const a = payload as LiveAlert;
      if (a.raisedBy === myId || a.responders.some((r) => r.userId === myId)) return;
      const text = t("liveAssist.bannerText", { kind: t(`liveAssist.${a.kind}`), name: a.raisedByName ?? "—", channel: t(`liveAssist.channels.${a.channel}`), place: a.place ?? "", elapsed: formatDuration(a.elapsedSeconds) });
      setItems((xs) => [{ key: `${a.id}`, text, urgent: a.kind === "emergency", alert: a }, ...xs.filter((x) => x.key !== a.id)]);
      setNeedsSound(!beep(a.kind === "emergency") && !soundAllowed());
    } else if (kind === "approval.requested") {
      const p = payload as { sessionId: string; userId: string; pending: { id: string; kind: string } };
      if (p.userId === myId) return;
      setItems((xs) => [{ key: p.pending.id, text: t("liveAssist.bannerApproval", { step: t(`liveAssist.steps.${p.pending.kind}`) }), urgent: false, alert: null }, ...xs.filter((x) => x.key !== p.pending.id)]);
      setNeedsSound(!beep(false) && !soundAllowed());
    } else if (kind === "approval.decided") {
      const p = payload as { pendingId: string };
      setItems((xs) => xs.filter((x) => x.key !== p.pendingId));
    }
  });
  if (!enabled || items.length === 0) return null;
  return (
    <div className="live-banner" role="alert" aria-label={t("liveAssist.bannerLabel")}>
      {items.slice(0, 3).map((i) => (
        <div key={i.key} className={`live-banner-item${i.urgent ? " live-banner-urgent" : ""}`}>
          <p>
            <strong>{i.text}</strong> <Link to="/live/supervise">{t("liveAssist.navSupervise")}</Link>
          </p>
          {i.alert ? <AlertCard alert={i.alert} onDone={() => setItems((xs) => xs.filter((x) => x.key !== i.key))} /> : null}
        </div>
      ))}
      {needsSound ? (
        <Button onClick={() => setNeedsSound(!beep(false))}>{t("liveAssist.enableSound")}</Button>
      ) : null}
    </div>
  );
}
