import { sql } from "kysely";
import type { Executor } from "../platform/context.ts";

const json = (v: unknown) => JSON.stringify(v);

export async function modules(db: Executor) {
  return db.selectFrom("training_modules").selectAll().orderBy("position").execute();
}

export async function module(db: Executor, id: string) {
  return db.selectFrom("training_modules").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function scenarios(db: Executor, moduleId: string) {
  return db.selectFrom("training_scenarios").selectAll().where("module_id", "=", moduleId).orderBy("position").orderBy("created_at").execute();
}

export async function scenarioCounts(db: Executor) {
  const rows = await db.selectFrom("training_scenarios").select(["module_id", (eb) => eb.fn.countAll<string>().as("n")]).groupBy("module_id").execute();
  return new Map(rows.map((r) => [r.module_id, Number(r.n)]));
}

export async function insertModule(db: Executor, m: { id: string; key: string; policySection: string | null; title: string; whatToDo: string; position: number; at: Date }): Promise<boolean> {
  const r = await db
    .insertInto("training_modules")
    .values({ id: m.id, key: m.key, policy_section: m.policySection, title: m.title, what_to_do: m.whatToDo, position: m.position, due_on: null, department_ids: [], created_at: m.at, updated_at: m.at })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("id")
    .executeTakeFirst();
  return !!r;
}

export async function updateModule(db: Executor, id: string, patch: { dueOn?: string | null; departmentIds?: string[]; at: Date }) {
  await db
    .updateTable("training_modules")
    .set({ ...(patch.dueOn !== undefined ? { due_on: patch.dueOn } : {}), ...(patch.departmentIds !== undefined ? { department_ids: patch.departmentIds } : {}), updated_at: patch.at })
    .where("id", "=", id)
    .execute();
}

export interface ScenarioInsert {
  id: string;
  moduleId: string;
  text: string;
  isHarassment: boolean;
  axis: string;
  nextStep: string;
  explanation: string;
  source: "default" | "central" | "incident";
  sourceIncidentId: string | null;
  createdBy: string | null;
  at: Date;
}

export async function insertScenario(db: Executor, s: ScenarioInsert) {
  const pos = await db.selectFrom("training_scenarios").select((eb) => eb.fn.max("position").as("p")).where("module_id", "=", s.moduleId).executeTakeFirst();
  await db
    .insertInto("training_scenarios")
    .values({
      id: s.id,
      module_id: s.moduleId,
      position: Number(pos?.p ?? 0) + 1,
      text: s.text,
      is_harassment: s.isHarassment,
      axis: s.axis,
      next_step: s.nextStep,
      explanation: s.explanation,
      source: s.source,
      source_incident_id: s.sourceIncidentId,
      created_by: s.createdBy,
      created_at: s.at,
    })
    .execute();
}

export async function openAttempt(db: Executor, userId: string, moduleId: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom("training_attempts").selectAll().where("user_id", "=", userId).where("module_id", "=", moduleId).where("finished_at", "is", null).orderBy("started_at", "desc").limit(1);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertAttempt(db: Executor, a: { id: string; userId: string; moduleId: string; maxPoints: number; at: Date }) {
  await db.insertInto("training_attempts").values({ id: a.id, user_id: a.userId, module_id: a.moduleId, started_at: a.at, max_points: a.maxPoints, points: 0 }).execute();
}

/** Leaves unfinished attempts behind when a new one starts: closed without a result (passed stays null), they never count. */
export async function abandonOpenAttempts(db: Executor, userId: string, moduleId: string, at: Date) {
  await db.updateTable("training_attempts").set({ finished_at: at }).where("user_id", "=", userId).where("module_id", "=", moduleId).where("finished_at", "is", null).execute();
}

export async function answers(db: Executor, attemptId: string) {
  return db.selectFrom("training_answers").selectAll().where("attempt_id", "=", attemptId).execute();
}

export async function insertAnswer(db: Executor, a: { attemptId: string; scenarioId: string; answer: Record<string, unknown>; points: number; at: Date }): Promise<boolean> {
  const r = await db
    .insertInto("training_answers")
    .values({ attempt_id: a.attemptId, scenario_id: a.scenarioId, answer: json(a.answer), points: a.points, answered_at: a.at })
    .onConflict((oc) => oc.columns(["attempt_id", "scenario_id"]).doNothing())
    .returning("attempt_id")
    .executeTakeFirst();
  return !!r;
}

export async function addPoints(db: Executor, attemptId: string, points: number) {
  await db
    .updateTable("training_attempts")
    .set((eb) => ({ points: eb("points", "+", points) }))
    .where("id", "=", attemptId)
    .execute();
}

export async function finishAttempt(db: Executor, attemptId: string, passed: boolean, at: Date) {
  await db.updateTable("training_attempts").set({ finished_at: at, passed }).where("id", "=", attemptId).execute();
}

export async function attempt(db: Executor, id: string) {
  return db.selectFrom("training_attempts").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Per user and module: completed attempts (every scenario answered), best score and whether any attempt passed. */
export async function results(db: Executor, userId?: string) {
  let q = db
    .selectFrom("training_attempts")
    .select([
      "user_id",
      "module_id",
      (eb) => eb.fn.count<string>("id").as("attempts"),
      (eb) => eb.fn.max("points").as("best"),
      (eb) => eb.fn.max("max_points").as("max"),
      sql<boolean>`bool_or(coalesce(passed, false))`.as("passed"),
      sql<Date | null>`min(finished_at) FILTER (WHERE passed)`.as("completed_at"),
    ])
    .where("passed", "is not", null)
    .groupBy(["user_id", "module_id"]);
  if (userId) q = q.where("user_id", "=", userId);
  return (await q.execute()).map((r) => ({
    userId: r.user_id,
    moduleId: r.module_id,
    attempts: Number(r.attempts),
    best: Number(r.best ?? 0),
    max: Number(r.max ?? 0),
    passed: !!r.passed,
    completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
  }));
}

/** Active staff (the people training is for) with their department. */
export async function trainees(db: Executor) {
  return db
    .selectFrom("users")
    .leftJoin("departments", "departments.id", "users.department_id")
    .select(["users.id", "users.display_name", "users.department_id", "departments.name_ja", "departments.name_en"])
    .where("users.active", "=", true)
    .where((eb) => eb.exists(eb.selectFrom("user_roles").select("user_roles.user_id").whereRef("user_roles.user_id", "=", "users.id").where("user_roles.role", "=", "staff")))
    .orderBy("users.display_name")
    .execute();
}

/** The text of an incident and the names it knows, for turning it into a scenario. */
export async function incidentForScenario(db: Executor, id: string) {
  const inc = await db
    .selectFrom("incidents")
    .leftJoin("counterparts", "counterparts.id", "incidents.counterpart_id")
    .select(["incidents.id", "incidents.status", "incidents.summary", "incidents.narrative", "incidents.demand", "incidents.answers_given", "incidents.place", "incidents.judgement", "incidents.outcome", "incidents.created_by", "incidents.supervisor_id", "counterparts.name as counterpart_name"])
    .where("incidents.id", "=", id)
    .executeTakeFirst();
  if (!inc) return null;
  const quotes = await db.selectFrom("incident_quotes").select(["text", "speaker"]).where("incident_id", "=", id).orderBy("position").execute();
  const staff = await db
    .selectFrom("users")
    .select("display_name")
    .where((eb) =>
      eb.or([
        eb("id", "in", eb.selectFrom("incident_staff").select("user_id").where("incident_id", "=", id)),
        eb("id", "=", inc.created_by),
        ...(inc.supervisor_id ? [eb("id", "=", inc.supervisor_id)] : []),
      ]),
    )
    .execute();
  return { ...inc, quotes, staffNames: staff.map((s) => s.display_name) };
}
