import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, currentCsrfToken } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { type LiveSession, formatDuration } from "./client.ts";

/**
 * Optional audio recording on the live screen. MediaRecorder hands over a chunk every ~2 s; each
 * is sent at once, in order, numbered from 0 (the server ignores a chunk it already has). Chunks
 * not yet delivered wait in memory and are retried when the network fails, so a dropped connection
 * loses only what was never delivered if the tab dies. Stopping sends the rest and finishes: the
 * server joins the chunks into one file with its SHA-256, evidence of the session's incident.
 */
const TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/ogg", "audio/mp4"];
const TIMESLICE_MS = 2000;

type Phase = "idle" | "starting" | "recording" | "stopping" | "saved";
interface Finished {
  sha256: string | null;
  size: number | null;
}

async function putChunk(recordingId: string, seq: number, blob: Blob): Promise<void> {
  const headers: Record<string, string> = { "Content-Type": "application/octet-stream", Accept: "application/json" };
  const csrf = currentCsrfToken();
  if (csrf) headers["X-CSRF-Token"] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/live-assist/recordings/${recordingId}/chunks/${seq}`, { method: "PUT", headers, credentials: "same-origin", body: blob });
  } catch {
    throw new ApiError(0, "network_error", "network");
  }
  if (!res.ok) {
    const e = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? "http_error", e?.message ?? String(res.status));
  }
}

const retryable = (err: unknown) => err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.status === 429);

export function Recorder({ session: s }: { session: LiveSession }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>("idle");
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(0);
  const [waiting, setWaiting] = useState(0);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [finished, setFinished] = useState<Finished | null>(null);
  const rec = useRef<{
    id: string;
    recorder: MediaRecorder;
    stream: MediaStream;
    queue: Array<{ seq: number; blob: Blob }>;
    next: number;
    pumping: boolean;
    stopped: boolean;
  } | null>(null);

  useEffect(() => {
    if (phase !== "recording") return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [phase]);

  const finish = async () => {
    const r = rec.current;
    if (!r) return;
    try {
      const done = await api<Finished>("POST", `/live-assist/recordings/${r.id}/finish`);
      setFinished(done);
      setPhase("saved");
    } catch (err) {
      setError(err);
      setPhase("idle");
    }
    rec.current = null;
  };

  /** Sends the queued chunks in order; a network failure waits and tries the same chunk again. */
  const pump = async () => {
    const r = rec.current;
    if (!r || r.pumping) return;
    r.pumping = true;
    let delay = 500;
    while (r.queue.length > 0) {
      const c = r.queue[0] as { seq: number; blob: Blob };
      try {
        await putChunk(r.id, c.seq, c.blob);
        r.queue.shift();
        setSent(c.seq + 1);
        setWaiting(r.queue.length);
        delay = 500;
      } catch (err) {
        if (!retryable(err)) {
          setError(err);
          r.queue.shift();
          continue;
        }
        setWaiting(r.queue.length);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 8000);
      }
    }
    r.pumping = false;
    if (r.stopped) await finish();
  };

  const start = async () => {
    setError(null);
    setProblem(null);
    setFinished(null);
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      setProblem(t("liveAssist.recorder.unsupported"));
      return;
    }
    setPhase("starting");
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setProblem(t("liveAssist.recorder.noMicrophone"));
      setPhase("idle");
      return;
    }
    const mimeType = TYPES.find((x) => MediaRecorder.isTypeSupported(x)) ?? "";
    const mediaType = (mimeType.split(";")[0] ?? "") || "audio/webm";
    try {
      const started = await api<{ id: string }>("POST", `/live-assist/sessions/${s.id}/recordings`, { mediaType });
      const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
      const r = { id: started.id, recorder, stream, queue: [] as Array<{ seq: number; blob: Blob }>, next: 0, pumping: false, stopped: false };
      rec.current = r;
      recorder.ondataavailable = (e) => {
        if (e.data.size === 0) return;
        r.queue.push({ seq: r.next++, blob: e.data });
        setWaiting(r.queue.length);
        void pump();
      };
      recorder.onstop = () => {
        r.stopped = true;
        for (const track of stream.getTracks()) track.stop();
        void pump();
      };
      recorder.start(TIMESLICE_MS);
      setSent(0);
      setStartedAt(Date.now());
      setNow(Date.now());
      setPhase("recording");
    } catch (err) {
      for (const track of stream.getTracks()) track.stop();
      setError(err);
      setPhase("idle");
    }
  };

  const stop = () => {
    const r = rec.current;
    if (!r || r.recorder.state === "inactive") return;
    setPhase("stopping");
    r.recorder.stop();
  };

  // The response ended (here or on another device): stop, and send what is left.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the end matters
  useEffect(() => {
    if (s.endedAt) stop();
  }, [s.endedAt]);
  // Leaving the screen stops the microphone.
  useEffect(
    () => () => {
      const r = rec.current;
      if (r && r.recorder.state !== "inactive") r.recorder.stop();
    },
    [],
  );

  const seconds = startedAt ? Math.max(0, Math.floor((now - startedAt) / 1000)) : 0;
  return (
    <section className="card" aria-labelledby="live-recorder">
      <h2 id="live-recorder">{t("liveAssist.recorder.title")}</h2>
      <p className="hint">{t("liveAssist.recorder.hint")}</p>
      {!s.recordingNotice && (phase === "recording" || phase === "idle") ? (
        <p className="hint" data-testid="recording-notice-reminder">
          {t("liveAssist.recorder.noticeReminder")}
        </p>
      ) : null}
      {phase === "recording" || phase === "stopping" ? (
        <p role="status" className="live-recording" data-testid="recording-indicator">
          <span aria-hidden="true">● </span>
          {t("liveAssist.recorder.recording", { time: formatDuration(seconds) })} · {t("liveAssist.recorder.progress", { sent, waiting })}
        </p>
      ) : null}
      {phase === "recording" ? (
        <Button onClick={stop}>{t("liveAssist.recorder.stop")}</Button>
      ) : (
        <Button disabled={phase === "starting" || phase === "stopping" || !!s.endedAt} onClick={() => void start()}>
          {t("liveAssist.recorder.start")}
        </Button>
      )}
      {phase === "stopping" ? <p role="status">{t("liveAssist.recorder.saving")}</p> : null}
      {finished ? (
        <p role="status" data-testid="recording-saved">
          {t("liveAssist.recorder.saved", { sha256: finished.sha256 ?? "" })}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
