/** Shapes of the training API (see src/server/training/routes.ts). */
export const AXES = ["demand", "means", "both", "none"] as const;
export const STEPS = ["sincere_response", "accommodate", "team_and_report", "ask_to_stop", "end_response", "order_to_leave", "police"] as const;
export type Axis = (typeof AXES)[number];
export type Step = (typeof STEPS)[number];

export interface ModuleSummary {
  id: string;
  key: string;
  title: string;
  dueOn: string | null;
  departmentIds: string[];
  scenarioCount: number;
  assigned: boolean;
  status: { attempts: number; bestPoints: number | null; maxPoints: number | null; passed: boolean; completedAt: string | null; overdue: boolean } | null;
}

export interface ModuleDetail {
  id: string;
  key: string;
  title: string;
  dueOn: string | null;
  departmentIds: string[];
  assigned: boolean;
  policyVersion: number | null;
  lesson: { title: string; html: string } | null;
  whatToDoHtml: string;
  scenarios: Array<{ id: string; text: string; source: string }>;
  attempt: { id: string; answered: string[]; points: number; maxPoints: number } | null;
}

export interface AnswerResult {
  scenarioId: string;
  correct: { harassment: boolean; axis: boolean; nextStep: boolean };
  points: number;
  maxPoints: number;
  expected: { isHarassment: boolean; axis: Axis; nextStep: Step };
  explanation: string;
  attempt: { id: string; answered: number; total: number; points: number; maxPoints: number; finished: boolean; passed: boolean | null };
}
