/**
 * The restriction register (出入禁止・対応制限): what a restriction may be and the date rules.
 * A restriction governs how a person is served, never whether: statutory services and rights
 * are not refused (the note every restriction carries).
 */
export const RESTRICTION_KINDS = ["single_contact", "written_only", "time_limit", "premises_ban"] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

export const RESTRICTION_LABELS: Record<RestrictionKind, { ja: string; en: string }> = {
  single_contact: { ja: "対応窓口の一本化", en: "Single point of contact" },
  written_only: { ja: "文書のみでの対応", en: "Written communication only" },
  time_limit: { ja: "1回の対応時間の制限", en: "Time limit per contact" },
  premises_ban: { ja: "庁舎・施設への立入りの制限", en: "Ban from the premises" },
};

export const RIGHTS_NOTE = {
  ja: "この制限は応対の方法を定めるものです。法令に基づく手続やサービスを受ける権利は制限されません。",
  en: "This restriction governs how the person is served, not whether: statutory services and rights cannot be refused.",
};

export interface RestrictionDates {
  startsOn: string;
  reviewOn: string;
  endsOn?: string | null | undefined;
}

export type RestrictionProblem = "restriction_review_before_start" | "restriction_end_before_start" | "restriction_time_limit_required";

/** Dates are YYYY-MM-DD (Japan calendar days) and compare as strings. */
export function restrictionProblem(kind: RestrictionKind, d: RestrictionDates, timeLimitMinutes: number | null | undefined): RestrictionProblem | null {
  if (d.reviewOn < d.startsOn) return "restriction_review_before_start";
  if (d.endsOn && d.endsOn < d.startsOn) return "restriction_end_before_start";
  if ((kind === "time_limit") !== (timeLimitMinutes !== null && timeLimitMinutes !== undefined)) return "restriction_time_limit_required";
  return null;
}

/** In force on a day: started, not ended. */
export function inForce(d: RestrictionDates, today: string): boolean {
  return d.startsOn <= today && (!d.endsOn || d.endsOn >= today);
}

/** Review due within `days` days (or overdue) and still in force or upcoming. */
export function reviewDue(d: RestrictionDates, today: string, days = 14): boolean {
  if (d.endsOn && d.endsOn < today) return false;
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + days);
  return d.reviewOn <= limit.toISOString().slice(0, 10);
}

/** The review date has passed while the restriction is still in force (見直し期限超過). */
export function reviewOverdue(d: RestrictionDates, today: string): boolean {
  return d.reviewOn < today && (!d.endsOn || d.endsOn >= today);
}

/** `days` calendar days after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/**
 * A review reminder is due from `days` days before the review date (or at once when that day has
 * passed), unless the restriction has ended or ends before its review comes.
 */
export function reviewReminderDue(d: RestrictionDates, today: string, days: number): boolean {
  if (d.endsOn && (d.endsOn < today || d.endsOn < d.reviewOn)) return false;
  return d.reviewOn <= addDays(today, days);
}

/** One line for a letter: "対応窓口の一本化(市民課 窓口に限ります)令和7年1月6日から". */
export function describeRestriction(kind: RestrictionKind, scope: string, timeLimitMinutes: number | null, startsOnWareki: string): string {
  const limit = kind === "time_limit" && timeLimitMinutes ? `1回あたり${timeLimitMinutes}分まで。` : "";
  return `・${RESTRICTION_LABELS[kind].ja}:${limit}${scope}(${startsOnWareki}から)`;
}
