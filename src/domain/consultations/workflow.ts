/**
 * The consultation desk's workflow: categories, statuses and who may move a case where.
 * 新規 → 対応中 → 職員の返信待ち → 終了. Only the desk moves a case; a message from the consulting
 * staff member brings a case waiting for them back to 対応中. A closed case takes no messages until
 * the desk reopens it.
 */
export const CATEGORIES = ["incident_related", "borderline", "retaliation_concern", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = ["new", "in_progress", "awaiting_staff", "closed"] as const;
export type Status = (typeof STATUSES)[number];

export const CARE_FLAGS = ["health_affected", "referred_occupational_health", "referred_counselling", "taken_off_case", "on_leave"] as const;
export type CareFlag = (typeof CARE_FLAGS)[number];

export const CATEGORY_LABELS: Record<Category, { ja: string; en: string }> = {
  incident_related: { ja: "受けた迷惑行為について", en: "About an incident" },
  borderline: { ja: "判断に迷うこと(気にしすぎかも、を含む)", en: "A borderline case (including 'am I being oversensitive?')" },
  retaliation_concern: { ja: "相談・報告による不利益な取扱いの心配", en: "Concern about retaliation for consulting or reporting" },
  other: { ja: "その他", en: "Other" },
};

export const STATUS_LABELS: Record<Status, { ja: string; en: string }> = {
  new: { ja: "新規", en: "New" },
  in_progress: { ja: "対応中", en: "In progress" },
  awaiting_staff: { ja: "職員の返信待ち", en: "Awaiting the staff member" },
  closed: { ja: "終了", en: "Closed" },
};

export const CARE_FLAG_LABELS: Record<CareFlag, { ja: string; en: string }> = {
  health_affected: { ja: "心身の健康に影響あり", en: "Health affected" },
  referred_occupational_health: { ja: "産業医・保健師につないだ", en: "Referred to occupational health" },
  referred_counselling: { ja: "カウンセリングにつないだ", en: "Referred to counselling" },
  taken_off_case: { ja: "担当から外した", en: "Taken off the case" },
  on_leave: { ja: "休暇・休職中", en: "On leave" },
};

const DESK_MOVES: Record<Status, readonly Status[]> = {
  new: ["in_progress", "awaiting_staff", "closed"],
  in_progress: ["awaiting_staff", "closed"],
  awaiting_staff: ["in_progress", "closed"],
  closed: ["in_progress"], // reopening
};

export type Mover = "desk" | "staff";

export function canMove(by: Mover, from: Status, to: Status): boolean {
  if (by !== "desk") return false;
  return DESK_MOVES[from].includes(to);
}

/** The status after a message: a desk reply starts work on a new case; a staff message answers the desk. */
export function statusAfterMessage(by: Mover, current: Status): Status {
  if (current === "closed") throw new RangeError("a closed consultation takes no messages");
  if (by === "desk" && current === "new") return "in_progress";
  if (by === "staff" && current === "awaiting_staff") return "in_progress";
  return current;
}

export function acceptsMessages(status: Status): boolean {
  return status !== "closed";
}
