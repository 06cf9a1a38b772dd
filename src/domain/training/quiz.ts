/**
 * Scenario quizzes: for each scenario the trainee answers three questions — is this customer
 * harassment, which axis fails, and what is the next step — and sees the explanation at once.
 */
export const AXIS_ANSWERS = ["demand", "means", "both", "none"] as const;
export type AxisAnswer = (typeof AXIS_ANSWERS)[number];

/** Next steps, in the order of the response ladder (the first two are not harassment responses). */
export const NEXT_STEPS = ["sincere_response", "accommodate", "team_and_report", "ask_to_stop", "end_response", "order_to_leave", "police"] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

export interface ScenarioKey {
  isHarassment: boolean;
  axis: AxisAnswer;
  nextStep: NextStep;
}

export interface QuizAnswer {
  harassment: boolean;
  axis: AxisAnswer;
  nextStep: NextStep;
}

export interface Grade {
  correct: { harassment: boolean; axis: boolean; nextStep: boolean };
  points: number;
  maxPoints: number;
  expected: ScenarioKey;
}

export const POINTS_PER_SCENARIO = 3;
/** A module is complete when an attempt scores at least this share of its points. */
export const PASS_RATE = 0.8;

export function grade(key: ScenarioKey, answer: QuizAnswer): Grade {
  const correct = { harassment: answer.harassment === key.isHarassment, axis: answer.axis === key.axis, nextStep: answer.nextStep === key.nextStep };
  const points = Number(correct.harassment) + Number(correct.axis) + Number(correct.nextStep);
  return { correct, points, maxPoints: POINTS_PER_SCENARIO, expected: key };
}

/** A scenario's answer key must be consistent: harassment needs a failing axis, non-harassment none. */
export function keyProblem(key: ScenarioKey): "scenario_key_inconsistent" | null {
  if (key.isHarassment && key.axis === "none") return "scenario_key_inconsistent";
  if (!key.isHarassment && key.axis !== "none") return "scenario_key_inconsistent";
  if (!key.isHarassment && !["sincere_response", "accommodate"].includes(key.nextStep)) return "scenario_key_inconsistent";
  return null;
}

export function passed(points: number, maxPoints: number): boolean {
  return maxPoints > 0 && points / maxPoints >= PASS_RATE;
}

export interface ProgressInput {
  departmentId: string | null;
  /** per staff member: passed the module at least once */
  completed: boolean;
}

/** Completion per department: how many of the staff asked to take a module have passed it. */
export function completionByDepartment(rows: readonly ProgressInput[]) {
  const map = new Map<string | null, { departmentId: string | null; staffCount: number; completed: number }>();
  for (const r of rows) {
    const e = map.get(r.departmentId) ?? { departmentId: r.departmentId, staffCount: 0, completed: 0 };
    e.staffCount++;
    if (r.completed) e.completed++;
    map.set(r.departmentId, e);
  }
  return [...map.values()].map((e) => ({ ...e, rate: e.staffCount ? Math.round((e.completed / e.staffCount) * 1000) / 10 : null }));
}

/** A due date ("YYYY-MM-DD") has passed on `today` ("YYYY-MM-DD", the organisation's calendar day). */
export function overdue(dueOn: string | null, today: string, completed: boolean): boolean {
  return !!dueOn && !completed && today > dueOn;
}
