import type { Client } from "./server.ts";

/**
 * The authorization-matrix rows of policy and training (src/server/platform/http/authz-matrix.test.ts
 * spreads them in). Everyone reads and acknowledges the policy; central edits, publishes, sees rates
 * and reminds. Training is taken by the staff role (the demo supervisor holds it) and managed by central.
 */
type Role = "anonymous" | "staff" | "supervisor" | "desk" | "central" | "admin" | "auditor";
interface PolicyRow {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  allowed: Role[];
  url: () => string;
  body?: (f: unknown, as: Role) => unknown;
}

const fx = { moduleId: "00000000-0000-4000-8000-000000000000", scenarioIds: [] as string[], incidentId: "00000000-0000-4000-8000-000000000000" };

export async function policyTrainingFixture(staff: Client, incidentId: string) {
  const mods = await staff.get("/api/training/modules");
  if (mods.status !== 200) throw new Error(`training fixture: ${mods.status} ${mods.text}`);
  fx.moduleId = mods.body.modules[0].id;
  fx.scenarioIds = (await staff.get(`/api/training/modules/${fx.moduleId}`)).body.scenarios.map((s: { id: string }) => s.id);
  fx.incidentId = incidentId;
}

const ALL: Role[] = ["staff", "supervisor", "desk", "central", "admin", "auditor"];
const TRAINING: Role[] = ["staff", "supervisor", "central"];
let answer = 0;

export const POLICY_TRAINING_ROWS: PolicyRow[] = [
  { method: "GET", path: "/api/policy/current", allowed: ALL, url: () => "/api/policy/current" },
  { method: "GET", path: "/api/policy/versions", allowed: ALL, url: () => "/api/policy/versions" },
  { method: "GET", path: "/api/policy/versions/{version}", allowed: ALL, url: () => "/api/policy/versions/1" },
  { method: "GET", path: "/api/policy/versions/{version}/diff", allowed: ALL, url: () => "/api/policy/versions/1/diff" },
  { method: "GET", path: "/api/policy/acknowledgement", allowed: ALL, url: () => "/api/policy/acknowledgement" },
  { method: "POST", path: "/api/policy/versions/{version}/postpone", allowed: ALL, url: () => "/api/policy/versions/1/postpone" },
  { method: "POST", path: "/api/policy/versions/{version}/acknowledge", allowed: ALL, url: () => "/api/policy/versions/1/acknowledge" },
  { method: "GET", path: "/api/policy/draft", allowed: ["central"], url: () => "/api/policy/draft" },
  { method: "PUT", path: "/api/policy/draft", allowed: ["central"], url: () => "/api/policy/draft", body: () => ({ sections: [{ id: "contact", title: "相談窓口", markdown: "行列試験の窓口" }] }) },
  { method: "POST", path: "/api/policy/preview", allowed: ["central"], url: () => "/api/policy/preview", body: () => ({ markdown: "**x**" }) },
  { method: "POST", path: "/api/policy/publish", allowed: ["central"], url: () => "/api/policy/publish", body: () => ({ note: "行列試験" }) },
  { method: "GET", path: "/api/policy/acknowledgement-rates", allowed: ["central"], url: () => "/api/policy/acknowledgement-rates" },
  { method: "POST", path: "/api/policy/reminders", allowed: ["central"], url: () => "/api/policy/reminders", body: () => ({}) },
  { method: "GET", path: "/api/training/modules", allowed: TRAINING, url: () => "/api/training/modules" },
  { method: "GET", path: "/api/training/modules/{id}", allowed: TRAINING, url: () => `/api/training/modules/${fx.moduleId}` },
  { method: "PATCH", path: "/api/training/modules/{id}", allowed: ["central"], url: () => `/api/training/modules/${fx.moduleId}`, body: () => ({ dueOn: "2026-12-31" }) },
  // taking a quiz needs the staff role; central manages training but does not take it
  { method: "POST", path: "/api/training/modules/{id}/attempts", allowed: ["staff", "supervisor"], url: () => `/api/training/modules/${fx.moduleId}/attempts` },
  {
    method: "POST",
    path: "/api/training/modules/{id}/answers",
    allowed: ["staff", "supervisor"],
    url: () => `/api/training/modules/${fx.moduleId}/answers`,
    body: () => ({ scenarioId: fx.scenarioIds[answer++ % Math.max(1, fx.scenarioIds.length)], harassment: false, axis: "none", nextStep: "sincere_response" }),
  },
  {
    method: "POST",
    path: "/api/training/modules/{id}/scenarios",
    allowed: ["central"],
    url: () => `/api/training/modules/${fx.moduleId}/scenarios`,
    body: () => ({ text: "行列試験の事例", isHarassment: false, axis: "none", nextStep: "sincere_response", explanation: "行列試験" }),
  },
  // the incident is open: central gets a clear 422, everyone else a refusal
  { method: "GET", path: "/api/training/incident-drafts/{id}", allowed: ["central"], url: () => `/api/training/incident-drafts/${fx.incidentId}` },
  { method: "GET", path: "/api/training/progress", allowed: ["central"], url: () => "/api/training/progress" },
];
