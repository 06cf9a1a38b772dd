/**
 * Live assist on the client: API shapes, the local journal of actions not yet confirmed by the
 * server (replayed with the same ids after a reload or a dropped network: the server treats them
 * as idempotent), the event stream and the alert beep.
 */
import { useEffect, useRef } from "react";
import { ApiError, api } from "../api.ts";

export type ScriptLang = "ja" | "en" | "easy";
export type StepKind = "explanation" | "request_stop" | "order_leave" | "final_warning" | "police";
export type ScriptLibrary = Record<string, Record<ScriptLang, string>>;

export interface LiveConfig {
  channels: string[];
  departmentId: string | null;
  departmentName: { ja: string; en: string } | null;
  canStart: boolean;
  openSessionId: string | null;
  scripts: ScriptLibrary;
}

export interface Responder {
  userId: string;
  displayName: string;
  joining: boolean;
  at: string;
}

export interface LiveAlert {
  id: string;
  sessionId: string;
  kind: "backup" | "emergency" | "overdue";
  silent: boolean;
  departmentName: { ja: string; en: string } | null;
  raisedBy: string;
  raisedByName: string | null;
  raisedAt: string;
  channel: string;
  place: string | null;
  elapsedSeconds: number;
  thresholdSeconds: number;
  level: number;
  escalatedAt: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  responders: Responder[];
}

export interface LiveStep {
  id: string;
  kind: string;
  at: string;
  words: string | null;
  count: number;
  approvedByName: string | null;
  reason: string | null;
  emergency: string | null;
}

export interface LiveSession {
  id: string;
  userId: string;
  userName: string | null;
  departmentName: { ja: string; en: string } | null;
  channel: string;
  place: string | null;
  language: ScriptLang;
  startedAt: string;
  endedAt: string | null;
  serverNow: string;
  stale: boolean;
  elapsedSeconds: number;
  thresholdSeconds: number;
  phase: string;
  requests: number;
  orders: number;
  explanations: number;
  repeats: number;
  recordingNotice: boolean;
  pending: { id: string; kind: string; requestedAt: string; words: string | null; reason: string | null } | null;
  nextStep: StepKind | null;
  allowedSteps: StepKind[];
  steps: LiveStep[];
  declined: Array<{ id: string; kind: string; note: string | null; declinedByName: string | null }>;
  alerts: LiveAlert[];
  incidentId: string | null;
  visit: { companionId: string; companionName: string | null; expectedReturnAt: string; arrivedAt: string | null; returnedAt: string | null; overdue: boolean } | null;
  config: { maxRequests: number; maxOrders: number; needsApproval: string[] };
}

export interface Inbox {
  alerts: LiveAlert[];
  approvals: Array<{
    sessionId: string;
    pending: NonNullable<LiveSession["pending"]>;
    userName: string | null;
    channel: string;
    place: string | null;
    departmentName: { ja: string; en: string } | null;
    elapsedSeconds: number;
    thresholdSeconds: number;
  }>;
  serverNow: string;
}

export const newId = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

// ---- the local journal ------------------------------------------------------------------------------

interface JournalEntry {
  sessionId: string;
  path: "actions" | "alerts";
  body: Record<string, unknown> & { id: string };
}

const JOURNAL = "mamoru.live-journal";

function readJournal(): JournalEntry[] {
  try {
    const v = JSON.parse(window.localStorage.getItem(JOURNAL) ?? "[]") as JournalEntry[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function writeJournal(entries: JournalEntry[]) {
  window.localStorage.setItem(JOURNAL, JSON.stringify(entries));
}

/** Sends one action, keeping it in the journal until the server has answered (success or a refusal). */
export async function send<T>(entry: JournalEntry): Promise<T> {
  writeJournal([...readJournal().filter((e) => e.body.id !== entry.body.id), entry]);
  try {
    const r = await api<T>("POST", `/live-assist/sessions/${entry.sessionId}/${entry.path}`, entry.body);
    writeJournal(readJournal().filter((e) => e.body.id !== entry.body.id));
    return r;
  } catch (err) {
    // A refusal is final; only a network failure stays in the journal to be sent again.
    if (!(err instanceof ApiError) || err.status !== 0) writeJournal(readJournal().filter((e) => e.body.id !== entry.body.id));
    throw err;
  }
}

/** Sends what a reload or a dropped network left unconfirmed (same ids: replays are no-ops on the server). */
export async function replayJournal(): Promise<number> {
  let sent = 0;
  for (const e of readJournal()) {
    try {
      await send(e);
      sent++;
    } catch {
      /* still offline or refused: send() kept or dropped it */
    }
  }
  return sent;
}

export const hasJournal = () => readJournal().length > 0;

// ---- the event stream ----------------------------------------------------------------------------------

/** Listens to the caller's server-sent events; EventSource reconnects by itself and sends Last-Event-ID. */
export function useLiveEvents(enabled: boolean, onEvent: (kind: string, payload: unknown) => void) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const es = new EventSource("/api/live-assist/stream");
    const kinds = ["alert.raised", "alert.escalated", "alert.acknowledged", "approval.requested", "approval.decided", "session.ended"];
    const listeners = kinds.map((k) => {
      const l = (ev: MessageEvent) => {
        try {
          handler.current(k, (JSON.parse(ev.data as string) as { payload: unknown }).payload);
        } catch {
          /* malformed event: ignore */
        }
      };
      es.addEventListener(k, l);
      return [k, l] as const;
    });
    return () => {
      for (const [k, l] of listeners) es.removeEventListener(k, l);
      es.close();
    };
  }, [enabled]);
}

// ---- the alert sound (generated, no audio file) ---------------------------------------------------------

let audio: AudioContext | null = null;

/** Two short tones from the Web Audio API. Returns false when the browser has not allowed sound yet. */
export function beep(urgent = false): boolean {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
    const ctx = audio;
    const tones = urgent ? [880, 660, 880, 660] : [740, 880];
    tones.forEach((f, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = f;
      const t0 = ctx.currentTime + i * 0.22;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.21);
    });
    return ctx.state === "running";
  } catch {
    return false;
  }
}

export function soundAllowed(): boolean {
  return audio?.state === "running";
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** A clock that ticks every second, aligned with the server's time. */
export function useTicker(serverNow: string | undefined, fetchedAt: number) {
  const offset = serverNow ? new Date(serverNow).getTime() - fetchedAt : 0;
  return () => Date.now() + offset;
}
