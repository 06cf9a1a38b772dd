import { sql } from "kysely";
import type { Executor } from "../platform/context.ts";
import { json, live } from "./tables.ts";

export type SessionRow = {
  id: string;
  user_id: string;
  department_id: string;
  channel: string;
  place: string | null;
  language: string;
  started_at: Date;
  ended_at: Date | null;
  threshold_seconds: number;
  escalate_seconds: number;
  ladder_config: unknown;
  state: unknown;
  incident_id: string | null;
  idempotency_key: string | null;
  version: number;
  updated_at: Date;
};

/** The department and its parents, nearest first. */
export async function departmentChain(db: Executor, departmentId: string): Promise<string[]> {
  const rows = await db.selectFrom("departments").select(["id", "parent_id"]).execute();
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const out: string[] = [];
  let cur: string | null | undefined = departmentId;
  while (cur && !out.includes(cur)) {
    out.push(cur);
    cur = parent.get(cur);
  }
  return out;
}

export async function departmentExists(db: Executor, id: string) {
  return !!(await db.selectFrom("departments").select("id").where("id", "=", id).where("active", "=", true).executeTakeFirst());
}

/** Active users holding a supervisor grant on exactly this department. */
export async function supervisorsOf(db: Executor, departmentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select("users.id")
    .where("user_roles.role", "=", "supervisor")
    .where("user_roles.department_id", "=", departmentId)
    .where("users.active", "=", true)
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}

export async function centralUsers(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom("user_roles").innerJoin("users", "users.id", "user_roles.user_id").select("users.id").where("user_roles.role", "=", "central").where("users.active", "=", true).execute();
  return [...new Set(rows.map((r) => r.id))];
}

export async function displayNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "display_name"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function departmentNames(db: Executor, ids: readonly string[]): Promise<Map<string, { ja: string; en: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("departments").select(["id", "name_ja", "name_en"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { ja: r.name_ja, en: r.name_en }]));
}

// ---- settings and scripts ------------------------------------------------------------------------

export async function listSettings(db: Executor) {
  return live(db).selectFrom("live_settings").selectAll().orderBy("scope").execute();
}

export async function upsertSetting(db: Executor, s: { scope: string; departmentId: string | null; channel: string | null; thresholdSeconds: number; needsApproval: string[]; escalateSeconds: number; actorId: string; at: Date }) {
  await live(db)
    .insertInto("live_settings")
    .values({ scope: s.scope, department_id: s.departmentId, channel: s.channel, threshold_seconds: s.thresholdSeconds, needs_approval: s.needsApproval, escalate_seconds: s.escalateSeconds, updated_by: s.actorId, updated_at: s.at })
    .onConflict((oc) => oc.column("scope").doUpdateSet({ threshold_seconds: s.thresholdSeconds, needs_approval: s.needsApproval, escalate_seconds: s.escalateSeconds, updated_by: s.actorId, updated_at: s.at }))
    .execute();
}

export async function deleteSetting(db: Executor, scope: string) {
  const r = await live(db).deleteFrom("live_settings").where("scope", "=", scope).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listScripts(db: Executor) {
  return live(db).selectFrom("live_scripts").selectAll().execute();
}

export async function putScript(db: Executor, key: string, lang: string, text: string, actorId: string, at: Date) {
  await live(db)
    .insertInto("live_scripts")
    .values({ key, lang, text, updated_by: actorId, updated_at: at })
    .onConflict((oc) => oc.columns(["key", "lang"]).doUpdateSet({ text, updated_by: actorId, updated_at: at }))
    .execute();
}

export async function deleteScript(db: Executor, key: string, lang: string) {
  await live(db).deleteFrom("live_scripts").where("key", "=", key).where("lang", "=", lang).execute();
}

// ---- sessions and their action log -----------------------------------------------------------------

export async function findSession(db: Executor, id: string, opts: { lock?: boolean } = {}): Promise<SessionRow | undefined> {
  let q = live(db).selectFrom("live_sessions").selectAll().where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as SessionRow | undefined;
}

export async function findByIdempotencyKey(db: Executor, userId: string, key: string) {
  return (await live(db).selectFrom("live_sessions").selectAll().where("user_id", "=", userId).where("idempotency_key", "=", key).executeTakeFirst()) as SessionRow | undefined;
}

export async function openSessionOf(db: Executor, userId: string) {
  return (await live(db).selectFrom("live_sessions").selectAll().where("user_id", "=", userId).where("ended_at", "is", null).orderBy("started_at", "desc").executeTakeFirst()) as SessionRow | undefined;
}

export async function insertSession(db: Executor, s: Omit<SessionRow, "ladder_config" | "state" | "version"> & { ladder_config: unknown; state: unknown }) {
  await live(db)
    .insertInto("live_sessions")
    .values({ ...s, ladder_config: json(s.ladder_config), state: json(s.state), version: 1 })
    .execute();
}

export async function saveState(db: Executor, id: string, state: unknown, endedAt: Date | null, at: Date) {
  await live(db)
    .updateTable("live_sessions")
    .set({ state: json(state), ended_at: endedAt, updated_at: at, version: sql`version + 1` })
    .where("id", "=", id)
    .execute();
}

export async function setIncident(db: Executor, id: string, incidentId: string) {
  await live(db).updateTable("live_sessions").set({ incident_id: incidentId }).where("id", "=", id).execute();
}

export async function appendAction(db: Executor, sessionId: string, a: { actionId: string; type: string; at: Date; actorId: string; data: unknown; outcome: string }) {
  const r = await live(db).selectFrom("live_actions").select(sql<number>`coalesce(max(seq), 0) + 1`.as("next")).where("session_id", "=", sessionId).executeTakeFirstOrThrow();
  await live(db)
    .insertInto("live_actions")
    .values({ session_id: sessionId, seq: Number(r.next), action_id: a.actionId, type: a.type, at: a.at, actor_id: a.actorId, data: json(a.data), outcome: a.outcome })
    .execute();
}

export async function actionsOf(db: Executor, sessionId: string) {
  return live(db).selectFrom("live_actions").selectAll().where("session_id", "=", sessionId).orderBy("seq").execute();
}

/** Open sessions of departments (for the supervisor inbox: pending approvals). */
export async function openSessionsIn(db: Executor, departmentIds: readonly string[] | "all") {
  let q = live(db).selectFrom("live_sessions").selectAll().where("ended_at", "is", null);
  if (departmentIds !== "all") {
    if (departmentIds.length === 0) return [];
    q = q.where("department_id", "in", [...departmentIds]);
  }
  return (await q.orderBy("started_at").execute()) as SessionRow[];
}

// ---- alerts ----------------------------------------------------------------------------------------

export type AlertRow = Awaited<ReturnType<typeof findAlert>> & object;

export async function findAlert(db: Executor, id: string, opts: { lock?: boolean } = {}) {
  let q = live(db).selectFrom("live_alerts").selectAll().where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findAlertByAction(db: Executor, sessionId: string, actionId: string) {
  return live(db).selectFrom("live_alerts").selectAll().where("session_id", "=", sessionId).where("action_id", "=", actionId).executeTakeFirst();
}

export async function alertsOfSession(db: Executor, sessionId: string) {
  return live(db).selectFrom("live_alerts").selectAll().where("session_id", "=", sessionId).orderBy("raised_at").execute();
}

export async function openAlertsFor(db: Executor, userId: string) {
  return live(db)
    .selectFrom("live_alerts")
    .selectAll()
    .where("closed_at", "is", null)
    .where(sql<boolean>`${userId}::uuid = ANY(recipients)`)
    .orderBy("raised_at", "desc")
    .limit(100)
    .execute();
}

export async function respondersOf(db: Executor, alertIds: readonly string[]) {
  if (alertIds.length === 0) return [];
  return live(db)
    .selectFrom("live_alert_responders")
    .innerJoin("users", "users.id", "live_alert_responders.user_id")
    .select(["live_alert_responders.alert_id", "live_alert_responders.user_id", "live_alert_responders.joining", "live_alert_responders.at", "users.display_name"])
    .where("alert_id", "in", [...alertIds])
    .orderBy("live_alert_responders.at")
    .execute();
}

/** Alerts whose escalation time has passed, locked so that one process handles each (others skip it). */
export async function dueAlertsLocked(db: Executor, now: Date, limit = 20) {
  return live(db)
    .selectFrom("live_alerts")
    .selectAll()
    .where("acknowledged_at", "is", null)
    .where("closed_at", "is", null)
    .where("escalate_at", "<=", now)
    .orderBy("escalate_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

// ---- visits ------------------------------------------------------------------------------------------

export async function findVisit(db: Executor, sessionId: string, opts: { lock?: boolean } = {}) {
  let q = live(db).selectFrom("live_visits").selectAll().where("session_id", "=", sessionId);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Visits past their expected return without a return check-in or an alert yet, locked so that one process handles each. */
export async function overdueVisitsLocked(db: Executor, now: Date, limit = 20) {
  return live(db)
    .selectFrom("live_visits")
    .selectAll()
    .where("returned_at", "is", null)
    .where("overdue_alert_id", "is", null)
    .where("expected_return_at", "<=", now)
    .orderBy("expected_return_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Active staff of a department (the people one may visit with), without the caller. */
export async function colleaguesOf(db: Executor, departmentId: string, exceptUserId: string) {
  return db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.display_name"])
    .where("users.department_id", "=", departmentId)
    .where("users.active", "=", true)
    .where("user_roles.role", "=", "staff")
    .where("users.id", "<>", exceptUserId)
    .distinct()
    .orderBy("users.display_name")
    .execute();
}

export async function isActiveStaff(db: Executor, userId: string) {
  return !!(await db.selectFrom("users").innerJoin("user_roles", "user_roles.user_id", "users.id").select("users.id").where("users.id", "=", userId).where("users.active", "=", true).where("user_roles.role", "=", "staff").executeTakeFirst());
}
