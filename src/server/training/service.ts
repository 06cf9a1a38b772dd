import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import { todayInJapan } from "../../domain/consultations/calendar.ts";
import { type PolicySection, normalisePack } from "../../domain/policy/pack.ts";
import { markdownToSafeHtml } from "../../domain/public-notice/markdown.ts";
import { type AxisAnswer, type NextStep, type QuizAnswer, type ScenarioKey, completionByDepartment, grade, keyProblem, overdue, passed } from "../../domain/training/quiz.ts";
import { scrubPersonalData } from "../../domain/training/scrub.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, conflict, invalid } from "../platform/http/errors.ts";
import * as policyRepo from "../policy/repo.ts";
import { trainingPolicy } from "./policy.ts";
import * as repo from "./repo.ts";

type ModuleRow = NonNullable<Awaited<ReturnType<typeof repo.module>>>;

/** A module is assigned to a staff member when it names no departments or names theirs. */
export const isAssigned = (actor: Actor, m: Pick<ModuleRow, "department_ids">) => actor.roles.has("staff") && (m.department_ids.length === 0 || (!!actor.departmentId && m.department_ids.includes(actor.departmentId)));

async function moduleOr404(db: Executor, id: string) {
  const m = await repo.module(db, id);
  if (!m) throw new AppError(404, "not_found");
  return m;
}

export async function listModules(db: Executor, ctx: RequestContext) {
  const actor = trainingPolicy.authorize(ctx.actor, "list", null);
  const [mods, counts, results] = await Promise.all([repo.modules(db), repo.scenarioCounts(db), repo.results(db, actor.userId)]);
  const today = todayInJapan();
  return mods.map((m) => {
    const r = results.find((x) => x.moduleId === m.id);
    const assigned = isAssigned(actor, m);
    return {
      id: m.id,
      key: m.key,
      title: m.title,
      dueOn: m.due_on,
      departmentIds: m.department_ids,
      scenarioCount: counts.get(m.id) ?? 0,
      assigned,
      status: assigned
        ? { attempts: r?.attempts ?? 0, bestPoints: r?.best ?? null, maxPoints: r?.max ?? null, passed: r?.passed ?? false, completedAt: r?.completedAt ?? null, overdue: overdue(m.due_on, today, r?.passed ?? false) }
        : null,
    };
  });
}

/** A module's lesson (from the published policy) and its scenarios, without the answers. */
export async function getModule(db: Executor, ctx: RequestContext, id: string) {
  const actor = trainingPolicy.authorize(ctx.actor, "read", null);
  const m = await moduleOr404(db, id);
  const latest = await policyRepo.latestVersion(db);
  const pack = latest ? normalisePack(Array.isArray(latest.sections) ? (latest.sections as PolicySection[]) : [], []) : [];
  const section = m.policy_section ? pack.find((s) => s.id === m.policy_section) : undefined;
  const scenarios = await repo.scenarios(db, id);
  const open = isAssigned(actor, m) ? await repo.openAttempt(db, actor.userId, id) : undefined;
  const answered = open ? await repo.answers(db, open.id) : [];
  return {
    id: m.id,
    key: m.key,
    title: m.title,
    dueOn: m.due_on,
    departmentIds: m.department_ids,
    assigned: isAssigned(actor, m),
    policyVersion: latest?.version ?? null,
    lesson: section ? { title: section.title, html: markdownToSafeHtml(section.markdown) } : null,
    whatToDoHtml: markdownToSafeHtml(m.what_to_do),
    scenarios: scenarios.map((s) => ({ id: s.id, text: s.text, source: s.source })),
    attempt: open ? { id: open.id, answered: answered.map((a) => a.scenario_id), points: open.points, maxPoints: open.max_points } : null,
  };
}

/** Starts a fresh attempt (a retake); an unfinished one is left without a result. */
export async function startAttempt(db: Kysely<Database>, ctx: RequestContext, moduleId: string) {
  const actor = trainingPolicy.authorize(ctx.actor, "take", null);
  return db.transaction().execute(async (trx) => {
    const m = await moduleOr404(trx, moduleId);
    if (!isAssigned(actor, m)) throw invalid("training_not_assigned");
    const scenarios = await repo.scenarios(trx, moduleId);
    if (scenarios.length === 0) throw invalid("training_no_scenarios");
    const at = new Date();
    await repo.abandonOpenAttempts(trx, actor.userId, moduleId, at);
    const id = randomUUID();
    await repo.insertAttempt(trx, { id, userId: actor.userId, moduleId, maxPoints: scenarios.length * 3, at });
    await audit.record(trx, ctx, { action: "training.attempt.start", resourceType: "training_module", resourceId: moduleId, details: { attemptId: id } });
    return { id, answered: [] as string[], points: 0, maxPoints: scenarios.length * 3 };
  });
}

/** Grades one answer and returns the explanation at once; the last answer finishes the attempt. */
export async function answer(db: Kysely<Database>, ctx: RequestContext, moduleId: string, scenarioId: string, given: QuizAnswer) {
  const actor = trainingPolicy.authorize(ctx.actor, "take", null);
  return db.transaction().execute(async (trx) => {
    const m = await moduleOr404(trx, moduleId);
    if (!isAssigned(actor, m)) throw invalid("training_not_assigned");
    const scenarios = await repo.scenarios(trx, moduleId);
    const scenario = scenarios.find((s) => s.id === scenarioId);
    if (!scenario) throw new AppError(404, "not_found");
    const at = new Date();
    let attempt = await repo.openAttempt(trx, actor.userId, moduleId, { lock: true });
    if (!attempt) {
      const id = randomUUID();
      await repo.insertAttempt(trx, { id, userId: actor.userId, moduleId, maxPoints: scenarios.length * 3, at });
      attempt = (await repo.attempt(trx, id)) as NonNullable<typeof attempt>;
    }
    const key: ScenarioKey = { isHarassment: scenario.is_harassment, axis: scenario.axis as AxisAnswer, nextStep: scenario.next_step as NextStep };
    const g = grade(key, given);
    if (!(await repo.insertAnswer(trx, { attemptId: attempt.id, scenarioId, answer: { ...given }, points: g.points, at }))) throw conflict("training_already_answered");
    await repo.addPoints(trx, attempt.id, g.points);
    const answered = await repo.answers(trx, attempt.id);
    const points = answered.reduce((n, a) => n + a.points, 0);
    const finished = scenarios.every((s) => answered.some((a) => a.scenario_id === s.id));
    let didPass: boolean | null = null;
    if (finished) {
      didPass = passed(points, attempt.max_points);
      await repo.finishAttempt(trx, attempt.id, didPass, at);
      await audit.record(trx, ctx, { action: "training.attempt.finish", resourceType: "training_module", resourceId: moduleId, details: { attemptId: attempt.id, points, maxPoints: attempt.max_points, passed: didPass } });
    }
    return {
      scenarioId,
      correct: g.correct,
      points: g.points,
      maxPoints: g.maxPoints,
      expected: g.expected,
      explanation: scenario.explanation,
      attempt: { id: attempt.id, answered: answered.length, total: scenarios.length, points, maxPoints: attempt.max_points, finished, passed: didPass },
    };
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function updateModule(db: Kysely<Database>, ctx: RequestContext, id: string, patch: { dueOn?: string | null | undefined; departmentIds?: string[] | undefined }) {
  trainingPolicy.authorize(ctx.actor, "manage", null);
  if (patch.dueOn && (!DATE.test(patch.dueOn) || Number.isNaN(Date.parse(`${patch.dueOn}T00:00:00Z`)))) throw invalid("training_due_invalid");
  await db.transaction().execute(async (trx) => {
    const before = await moduleOr404(trx, id);
    if (patch.departmentIds?.length) {
      const found = await trx.selectFrom("departments").select("id").where("id", "in", patch.departmentIds).execute();
      if (found.length !== new Set(patch.departmentIds).size) throw invalid("department_not_found");
    }
    await repo.updateModule(trx, id, { ...(patch.dueOn !== undefined ? { dueOn: patch.dueOn } : {}), ...(patch.departmentIds !== undefined ? { departmentIds: [...new Set(patch.departmentIds)] } : {}), at: new Date() });
    await audit.record(trx, ctx, {
      action: "training.module.update",
      resourceType: "training_module",
      resourceId: id,
      details: { dueBefore: before.due_on, dueAfter: patch.dueOn === undefined ? before.due_on : patch.dueOn, departmentIds: patch.departmentIds ?? before.department_ids },
    });
  });
  return (await listModules(db, ctx)).find((m) => m.id === id);
}

export interface ScenarioInput extends ScenarioKey {
  text: string;
  explanation: string;
  sourceIncidentId?: string | null | undefined;
}

/** Central adds a scenario. One built from an incident must come from a closed incident and is cleaned of personal data again on save. */
export async function addScenario(db: Kysely<Database>, ctx: RequestContext, moduleId: string, input: ScenarioInput) {
  const actor = trainingPolicy.authorize(ctx.actor, "manage", null);
  const problem = keyProblem(input);
  if (problem) throw invalid(problem);
  return db.transaction().execute(async (trx) => {
    await moduleOr404(trx, moduleId);
    let text = input.text.trim();
    let removed: Record<string, number> | null = null;
    if (input.sourceIncidentId) {
      const inc = await repo.incidentForScenario(trx, input.sourceIncidentId);
      if (!inc) throw new AppError(404, "not_found");
      if (inc.status !== "closed") throw invalid("incident_not_closed");
      const scrubbed = scrubPersonalData(text, knownNames(inc));
      text = scrubbed.text;
      removed = scrubbed.counts;
    }
    const id = randomUUID();
    await repo.insertScenario(trx, {
      id,
      moduleId,
      text,
      isHarassment: input.isHarassment,
      axis: input.axis,
      nextStep: input.nextStep,
      explanation: input.explanation.trim(),
      source: input.sourceIncidentId ? "incident" : "central",
      sourceIncidentId: input.sourceIncidentId ?? null,
      createdBy: actor.userId,
      at: new Date(),
    });
    await audit.record(trx, ctx, { action: "training.scenario.create", resourceType: "training_module", resourceId: moduleId, details: { scenarioId: id, fromIncident: input.sourceIncidentId ?? null, removed } });
    return { id, moduleId, text, isHarassment: input.isHarassment, axis: input.axis, nextStep: input.nextStep, explanation: input.explanation.trim() };
  });
}

const knownNames = (inc: { counterpart_name: string | null; staffNames: string[] }) => [...(inc.counterpart_name ? [inc.counterpart_name] : []), ...inc.staffNames];

/** A closed incident as a draft scenario, personal data removed, with the answer the judgement suggests. Reading it is audited. */
export async function incidentDraft(db: Kysely<Database>, ctx: RequestContext, incidentId: string) {
  trainingPolicy.authorize(ctx.actor, "manage", null);
  return db.transaction().execute(async (trx) => {
    const inc = await repo.incidentForScenario(trx, incidentId);
    if (!inc) throw new AppError(404, "not_found");
    if (inc.status !== "closed") throw invalid("incident_not_closed");
    const parts = [inc.summary, inc.narrative, inc.demand ? `要求: ${inc.demand}` : "", ...inc.quotes.filter((q) => q.text.trim()).map((q) => `「${q.text}」`)].filter((s) => s.trim());
    const scrubbed = scrubPersonalData(parts.join("\n"), knownNames(inc));
    const j = (inc.judgement ?? {}) as { demandLegitimate?: { answer?: string }; meansAppropriate?: { answer?: string } };
    const demandFails = j.demandLegitimate?.answer === "no";
    const meansFails = j.meansAppropriate?.answer === "no";
    const axis: AxisAnswer = demandFails && meansFails ? "both" : demandFails ? "demand" : meansFails ? "means" : "none";
    await audit.record(trx, ctx, { action: "training.incident_draft.read", resourceType: "incident", resourceId: incidentId, details: { removed: scrubbed.counts } });
    return { incidentId, text: scrubbed.text, removed: scrubbed.counts, suggested: { isHarassment: inc.outcome === "harassment", axis } };
  });
}

/** Completion per module and department, and per staff member (central). */
export async function progress(db: Executor, ctx: RequestContext) {
  trainingPolicy.authorize(ctx.actor, "manage", null);
  const [mods, people, results] = await Promise.all([repo.modules(db), repo.trainees(db), repo.results(db)]);
  const today = todayInJapan();
  return {
    modules: mods.map((m) => {
      const assignees = people.filter((p) => m.department_ids.length === 0 || (p.department_id && m.department_ids.includes(p.department_id)));
      const rows = assignees.map((p) => {
        const r = results.find((x) => x.userId === p.id && x.moduleId === m.id);
        return { userId: p.id, displayName: p.display_name, departmentId: p.department_id, attempts: r?.attempts ?? 0, bestPoints: r?.best ?? null, maxPoints: r?.max ?? null, passed: r?.passed ?? false, completedAt: r?.completedAt ?? null, overdue: overdue(m.due_on, today, r?.passed ?? false) };
      });
      const names = new Map(people.map((p) => [p.department_id, { nameJa: p.name_ja, nameEn: p.name_en }]));
      return {
        id: m.id,
        title: m.title,
        dueOn: m.due_on,
        departments: completionByDepartment(rows.map((r) => ({ departmentId: r.departmentId, completed: r.passed }))).map((d) => ({ ...d, ...(names.get(d.departmentId) ?? { nameJa: null, nameEn: null }) })),
        staff: rows,
      };
    }),
  };
}
