/**
 * The judgement (判断): three axes each answered with a reason, plus the exclusions; never one
 * score. Customer harassment = (demand not legitimate OR means/manner inappropriate) AND the
 * working environment harmed — and never when an exclusion (a sincere complaint, a request for
 * reasonable accommodation) applies.
 */
export const ANSWERS = ["yes", "no", "undetermined"] as const;
export type Answer = (typeof ANSWERS)[number];

export interface Axis {
  answer: Answer;
  reason: string;
}

export interface Exclusions {
  /** A sincere complaint or opinion (welcome; it improves services). */
  sincereComplaint: boolean;
  /** A request for reasonable accommodation (合理的配慮) under the disability discrimination act. */
  reasonableAccommodation: boolean;
  reason: string;
}

export interface Judgement {
  /** ① Is the demand legitimate? (yes = legitimate) */
  demandLegitimate: Axis;
  /** ② Are the means and manner socially acceptable? (yes = acceptable) */
  meansAppropriate: Axis;
  /** ③ Is the staff's working environment harmed? (yes = harmed) */
  environmentHarmed: Axis;
  exclusions: Exclusions;
  /** When the conduct crossed the line (ISO timestamp), if it did. */
  crossedAt: string | null;
}

export const OUTCOMES = ["harassment", "not_harassment", "pending"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, { ja: string; en: string }> = {
  harassment: { ja: "該当", en: "Customer harassment" },
  not_harassment: { ja: "非該当", en: "Not customer harassment" },
  pending: { ja: "判断保留", en: "Pending" },
};

type Tri = true | false | null;

const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : null);
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : null);
const truth = (answer: Answer, whenTrue: Answer): Tri => (answer === "undetermined" ? null : answer === whenTrue);

export function exclusionApplies(e: Exclusions): boolean {
  return e.sincereComplaint || e.reasonableAccommodation;
}

/** The outcome follows from the three answers by the definition (Kleene logic: an open answer that matters leaves it pending). */
export function deriveOutcome(j: Judgement): Outcome {
  if (exclusionApplies(j.exclusions)) return "not_harassment";
  const demandNotLegitimate = truth(j.demandLegitimate.answer, "no");
  const meansInappropriate = truth(j.meansAppropriate.answer, "no");
  const harmed = truth(j.environmentHarmed.answer, "yes");
  const result = and(or(demandNotLegitimate, meansInappropriate), harmed);
  return result === true ? "harassment" : result === false ? "not_harassment" : "pending";
}

/** How the axes are named to people (the judgement form's headings), for messages. */
export const AXIS_LABELS: Record<"demandLegitimate" | "meansAppropriate" | "environmentHarmed" | "exclusions", { ja: string; en: string }> = {
  demandLegitimate: { ja: "① 要求内容は妥当か", en: "① Is the demand legitimate?" },
  meansAppropriate: { ja: "② 手段・態様は社会通念上相当か", en: "② Are the means and manner socially acceptable?" },
  environmentHarmed: { ja: "③ 職員の就業環境が害されたか", en: "③ Was the staff's working environment harmed?" },
  exclusions: { ja: "カスハラに当たらないもの", en: "Exclusions" },
};

export type JudgementProblem =
  | { code: "judgement_reason_required"; axis: "demandLegitimate" | "meansAppropriate" | "environmentHarmed" | "exclusions" }
  | { code: "judgement_crossed_at_invalid" };

/** Every axis needs its reason (also when undetermined: say what is missing); an applied exclusion needs its reason. */
export function validateJudgement(j: Judgement, window?: { startedAt: Date | null; endedAt: Date | null }): JudgementProblem[] {
  const problems: JudgementProblem[] = [];
  for (const axis of ["demandLegitimate", "meansAppropriate", "environmentHarmed"] as const) {
    if (j[axis].reason.trim() === "") problems.push({ code: "judgement_reason_required", axis });
  }
  if (exclusionApplies(j.exclusions) && j.exclusions.reason.trim() === "") problems.push({ code: "judgement_reason_required", axis: "exclusions" });
  if (j.crossedAt !== null) {
    const t = Date.parse(j.crossedAt);
    const early = window?.startedAt && t < window.startedAt.getTime();
    const late = window?.endedAt && t > window.endedAt.getTime();
    if (Number.isNaN(t) || early || late) problems.push({ code: "judgement_crossed_at_invalid" });
  }
  return problems;
}
