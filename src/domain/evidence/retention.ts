import { RETENTION_CLASSES, type RetentionClass } from "../incidents/codes.ts";

/**
 * Retention of evidence follows the incident's retention class (保存期間). As with the city's other
 * records, the period is counted from 1 April following the fiscal year (April–March, Japan time)
 * in which the incident happened: an incident of 2026-05-10 under "3y" is kept until 2030-04-01.
 * A legal hold (訴訟等のための保存) stops deletion whatever the date.
 */
export const RETENTION_YEARS: Record<RetentionClass, number> = { "1y": 1, "3y": 3, "5y": 5, "10y": 10 };

export const isRetentionClass = (s: string): s is RetentionClass => (RETENTION_CLASSES as readonly string[]).includes(s);

const JST_MS = 9 * 3600_000;

/** The first moment (UTC) at which evidence of an incident that happened at `occurredAt` may be deleted. */
export function retentionEndsAt(occurredAt: Date, retentionClass: RetentionClass): Date {
  const jst = new Date(occurredAt.getTime() + JST_MS);
  const fiscalYear = jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
  // 1 April 00:00 JST of (fiscal year + 1 + years) = 31 March 15:00 UTC.
  return new Date(Date.UTC(fiscalYear + 1 + RETENTION_YEARS[retentionClass], 3, 1) - JST_MS);
}

export type RetentionDecision =
  | { action: "delete"; endedAt: Date }
  | { action: "keep"; reason: "legal_hold" | "within_retention" | "unknown_class"; until: Date | null };

/** May the retention job delete this evidence now? */
export function retentionDecision(input: { occurredAt: Date; retentionClass: string; legalHold: boolean; now: Date }): RetentionDecision {
  if (!isRetentionClass(input.retentionClass)) return { action: "keep", reason: "unknown_class", until: null };
  const ends = retentionEndsAt(input.occurredAt, input.retentionClass);
  if (input.legalHold) return { action: "keep", reason: "legal_hold", until: ends };
  if (input.now.getTime() < ends.getTime()) return { action: "keep", reason: "within_retention", until: ends };
  return { action: "delete", endedAt: ends };
}

/**
 * For the job's query: evidence of an incident of this class is due exactly when the incident
 * happened before the returned moment (1 April, Japan time, N fiscal years before the current one).
 */
export function dueIfOccurredBefore(retentionClass: RetentionClass, now: Date): Date {
  const jst = new Date(now.getTime() + JST_MS);
  const fiscalYearNow = jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
  return new Date(Date.UTC(fiscalYearNow - RETENTION_YEARS[retentionClass], 3, 1) - JST_MS);
}

/** Why evidence was deleted by hand: a reason is required and kept in the tombstone. */
export const MANUAL_REASON_MIN = 2;
export const MANUAL_REASON_MAX = 500;
