/**
 * Time rules of a live response: the threshold for a channel and department (central sets it; the
 * common default is 30 minutes of deadlock), the elapsed time against it, and when a session is
 * stale (started on an earlier day in Japan time and never ended).
 */
export const LIVE_CHANNELS = ["counter", "phone", "visit"] as const;
export type LiveChannel = (typeof LIVE_CHANNELS)[number];

export const DEFAULT_THRESHOLD_MINUTES = 30;
export const DEFAULT_ESCALATE_SECONDS = 60;

export interface ThresholdSetting {
  /** null: every department without its own setting. */
  departmentId: string | null;
  /** null: every channel of that department. */
  channel: LiveChannel | null;
  thresholdSeconds: number;
}

/**
 * The most specific setting wins: department+channel, department, parent departments (nearest
 * first) with channel, then without, organisation-wide+channel, organisation-wide, then the default.
 */
export function resolveThreshold(settings: readonly ThresholdSetting[], departmentChain: readonly string[], channel: LiveChannel): number {
  const find = (d: string | null, ch: LiveChannel | null) => settings.find((s) => s.departmentId === d && s.channel === ch);
  for (const d of departmentChain) {
    const hit = find(d, channel) ?? find(d, null);
    if (hit) return hit.thresholdSeconds;
  }
  return (find(null, channel) ?? find(null, null))?.thresholdSeconds ?? DEFAULT_THRESHOLD_MINUTES * 60;
}

export interface Elapsed {
  elapsedSeconds: number;
  thresholdSeconds: number;
  over: boolean;
  remainingSeconds: number;
}

export function elapsed(startedAt: Date, now: Date, thresholdSeconds: number, endedAt: Date | null = null): Elapsed {
  const until = endedAt ?? now;
  const e = Math.max(0, Math.floor((until.getTime() - startedAt.getTime()) / 1000));
  return { elapsedSeconds: e, thresholdSeconds, over: e >= thresholdSeconds, remainingSeconds: Math.max(0, thresholdSeconds - e) };
}

/** The calendar day in Japan time (UTC+9, no daylight saving). */
export function jstDay(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** An open session started on an earlier day (Japan time) is stale: it may only be ended, not continued. */
export function isStale(startedAt: Date, now: Date, endedAt: Date | null): boolean {
  return endedAt === null && jstDay(startedAt) < jstDay(now);
}

/** "12:05" or "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}
