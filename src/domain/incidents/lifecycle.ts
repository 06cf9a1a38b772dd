/**
 * The incident lifecycle: 下書き → 報告済 → 確認中 → 判断済 → 対応完了 → 検証済, and reopening
 * with a reason. Who may move an incident depends on the actor's relation to it, not only the role.
 */
export const STATUSES = ["draft", "reported", "under_review", "judged", "response_done", "closed"] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, { ja: string; en: string }> = {
  draft: { ja: "下書き", en: "Draft" },
  reported: { ja: "報告済", en: "Reported" },
  under_review: { ja: "確認中", en: "Under review" },
  judged: { ja: "判断済", en: "Judged" },
  response_done: { ja: "対応完了", en: "Response done" },
  closed: { ja: "検証済", en: "Reviewed and closed" },
};

/** How an actor stands to one incident. */
export interface Relation {
  /** Created it or is listed among its responding staff. */
  involved: boolean;
  /** Supervises the incident's department (or a parent of it). */
  supervises: boolean;
  central: boolean;
}

type Who = "involved" | "supervisor" | "central";

interface TransitionRule {
  from: Status;
  to: Status;
  who: readonly Who[];
  /** A reopen moves back and always needs a reason. */
  reopen: boolean;
}

const TRANSITIONS: readonly TransitionRule[] = [
  { from: "draft", to: "reported", who: ["involved"], reopen: false },
  { from: "reported", to: "under_review", who: ["supervisor", "central"], reopen: false },
  { from: "under_review", to: "judged", who: ["supervisor", "central"], reopen: false },
  { from: "judged", to: "response_done", who: ["involved", "supervisor", "central"], reopen: false },
  { from: "response_done", to: "closed", who: ["supervisor", "central"], reopen: false },
  { from: "judged", to: "under_review", who: ["supervisor", "central"], reopen: true },
  { from: "response_done", to: "under_review", who: ["supervisor", "central"], reopen: true },
  { from: "closed", to: "under_review", who: ["supervisor", "central"], reopen: true },
];

function ruleFor(from: Status, to: Status): TransitionRule | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function isStatus(s: string): s is Status {
  return (STATUSES as readonly string[]).includes(s);
}

/** The states reachable in one step from `state`, whoever acts. */
export function nextStates(state: Status): Status[] {
  return TRANSITIONS.filter((t) => t.from === state).map((t) => t.to);
}

export function isReopen(from: Status, to: Status): boolean {
  return ruleFor(from, to)?.reopen === true;
}

/** A reason is required for reopening; others may carry one. */
export function requiresReason(from: Status, to: Status): boolean {
  return isReopen(from, to);
}

function holds(rel: Relation, who: Who): boolean {
  if (who === "involved") return rel.involved;
  if (who === "supervisor") return rel.supervises;
  return rel.central;
}

/** True when the transition exists and this actor may perform it. */
export function canTransition(rel: Relation, from: Status, to: Status): boolean {
  const rule = ruleFor(from, to);
  return !!rule && rule.who.some((w) => holds(rel, w));
}

/** The states in which a judgement may be recorded (again). */
export const JUDGEABLE_STATUSES: readonly Status[] = ["reported", "under_review", "judged"];

/** Draft and reported incidents can still be edited freely by the people involved. */
export function isEditable(status: Status): boolean {
  return status !== "closed";
}
