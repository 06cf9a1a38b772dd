import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { AXIS_ANSWERS, NEXT_STEPS } from "../../domain/training/quiz.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as service from "./service.ts";

const tags = ["training"];
const Axis = z.enum(AXIS_ANSWERS);
const Step = z.enum(NEXT_STEPS);
const Status = z.object({ attempts: z.number(), bestPoints: z.number().nullable(), maxPoints: z.number().nullable(), passed: z.boolean(), completedAt: z.string().nullable(), overdue: z.boolean() });
const ModuleSummary = z
  .object({ id: z.string(), key: z.string(), title: z.string(), dueOn: z.string().nullable(), departmentIds: z.array(z.string()), scenarioCount: z.number(), assigned: z.boolean(), status: Status.nullable() })
  .openapi("TrainingModuleSummary");
const ModuleDetail = z
  .object({
    id: z.string(),
    key: z.string(),
    title: z.string(),
    dueOn: z.string().nullable(),
    departmentIds: z.array(z.string()),
    assigned: z.boolean(),
    policyVersion: z.number().nullable(),
    lesson: z.object({ title: z.string(), html: z.string() }).nullable(),
    whatToDoHtml: z.string(),
    scenarios: z.array(z.object({ id: z.string(), text: z.string(), source: z.string() })),
    attempt: z.object({ id: z.string(), answered: z.array(z.string()), points: z.number(), maxPoints: z.number() }).nullable(),
  })
  .openapi("TrainingModule");
const AnswerBody = z.strictObject({ scenarioId: z.uuid(), harassment: z.boolean(), axis: Axis, nextStep: Step });
const AnswerResult = z
  .object({
    scenarioId: z.string(),
    correct: z.object({ harassment: z.boolean(), axis: z.boolean(), nextStep: z.boolean() }),
    points: z.number(),
    maxPoints: z.number(),
    expected: z.object({ isHarassment: z.boolean(), axis: Axis, nextStep: Step }),
    explanation: z.string(),
    attempt: z.object({ id: z.string(), answered: z.number(), total: z.number(), points: z.number(), maxPoints: z.number(), finished: z.boolean(), passed: z.boolean().nullable() }),
  })
  .openapi("TrainingAnswerResult");
const ScenarioBody = z.strictObject({
  text: z.string().trim().min(1).max(4000),
  isHarassment: z.boolean(),
  axis: Axis,
  nextStep: Step,
  explanation: z.string().trim().min(1).max(4000),
  sourceIncidentId: z.uuid().nullable().optional(),
});
const ModulePatch = z.strictObject({
  dueOn: z.string().nullable().optional().openapi({ description: "YYYY-MM-DD, or null for no due date" }),
  departmentIds: z.array(z.uuid()).max(500).optional().openapi({ description: "Departments whose staff must take the module; empty = every staff member" }),
});
const Counts = z.record(z.string(), z.number());
const Progress = z
  .object({
    modules: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        dueOn: z.string().nullable(),
        departments: z.array(z.object({ departmentId: z.string().nullable(), nameJa: z.string().nullable(), nameEn: z.string().nullable(), staffCount: z.number(), completed: z.number(), rate: z.number().nullable() })),
        staff: z.array(
          z.object({
            userId: z.string(),
            displayName: z.string(),
            departmentId: z.string().nullable(),
            attempts: z.number(),
            bestPoints: z.number().nullable(),
            maxPoints: z.number().nullable(),
            passed: z.boolean(),
            completedAt: z.string().nullable(),
            overdue: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .openapi("TrainingProgress");

export function trainingRoutes(db: Kysely<Database>) {
  const r = createRouter();
  r.openapi(
    createRoute({ method: "get", path: "/training/modules", tags, summary: "Training modules with my progress and due dates", responses: { 200: jsonOk(z.object({ modules: z.array(ModuleSummary) })), ...errorResponses } }),
    async (c) => c.json({ modules: await service.listModules(db, requestContext(c)) }, 200),
  );
  r.openapi(
    createRoute({ method: "get", path: "/training/modules/{id}", tags, summary: "One module: lesson from the policy and scenarios (without answers)", request: { params: IdParam }, responses: { 200: jsonOk(ModuleDetail), ...errorResponses } }),
    async (c) => c.json(await service.getModule(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "patch",
      path: "/training/modules/{id}",
      tags,
      summary: "Set a module's due date and departments (central)",
      request: { params: IdParam, ...jsonBody(ModulePatch) },
      responses: { 200: jsonOk(ModuleSummary), ...errorResponses },
    }),
    async (c) => c.json((await service.updateModule(db, requestContext(c), c.req.valid("param").id, c.req.valid("json"))) as z.infer<typeof ModuleSummary>, 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/training/modules/{id}/attempts",
      tags,
      summary: "Start (or retake) a module's quiz",
      request: { params: IdParam },
      responses: { 200: jsonOk(z.object({ id: z.string(), answered: z.array(z.string()), points: z.number(), maxPoints: z.number() })), ...errorResponses },
    }),
    async (c) => c.json(await service.startAttempt(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/training/modules/{id}/answers",
      tags,
      summary: "Answer one scenario and get the explanation",
      request: { params: IdParam, ...jsonBody(AnswerBody) },
      responses: { 200: jsonOk(AnswerResult), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return c.json(await service.answer(db, requestContext(c), c.req.valid("param").id, b.scenarioId, { harassment: b.harassment, axis: b.axis, nextStep: b.nextStep }), 200);
    },
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/training/modules/{id}/scenarios",
      tags,
      summary: "Add a scenario to a module, optionally from a closed incident (central)",
      request: { params: IdParam, ...jsonBody(ScenarioBody) },
      responses: {
        200: jsonOk(z.object({ id: z.string(), moduleId: z.string(), text: z.string(), isHarassment: z.boolean(), axis: Axis, nextStep: Step, explanation: z.string() })),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await service.addScenario(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/training/incident-drafts/{id}",
      tags,
      summary: "A closed incident as a draft scenario with personal data removed (central)",
      request: { params: IdParam },
      responses: {
        200: jsonOk(z.object({ incidentId: z.string(), text: z.string(), removed: Counts, suggested: z.object({ isHarassment: z.boolean(), axis: Axis }) })),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await service.incidentDraft(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/training/progress",
      tags,
      summary: "Completion per module, department and staff member (central)",
      responses: { 200: jsonOk(Progress), ...errorResponses },
    }),
    async (c) => c.json(await service.progress(db, requestContext(c)), 200),
  );
  return r;
}
