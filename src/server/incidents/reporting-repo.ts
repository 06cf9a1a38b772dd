import { sql } from "kysely";
import type { Executor } from "../platform/context.ts";
import { json } from "./repo.ts";

export async function listRules(db: Executor, opts: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom("report_rules").selectAll().orderBy("created_at");
  if (opts.activeOnly) q = q.where("active", "=", true);
  return q.execute();
}

export async function findRule(db: Executor, id: string) {
  return db.selectFrom("report_rules").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertRule(db: Executor, r: { id: string; name: string; mode: string; conditions: unknown; active: boolean; createdBy: string; now: Date }) {
  await db
    .insertInto("report_rules")
    .values({ id: r.id, name: r.name, mode: r.mode, conditions: json(r.conditions), active: r.active, created_by: r.createdBy, created_at: r.now, updated_at: r.now })
    .execute();
}

export async function updateRule(db: Executor, id: string, r: { name?: string | undefined; mode?: string | undefined; conditions?: unknown; active?: boolean | undefined }, now: Date) {
  await db
    .updateTable("report_rules")
    .set({
      updated_at: now,
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.mode !== undefined ? { mode: r.mode } : {}),
      ...(r.conditions !== undefined ? { conditions: json(r.conditions) } : {}),
      ...(r.active !== undefined ? { active: r.active } : {}),
    })
    .where("id", "=", id)
    .execute();
}

export async function deleteRule(db: Executor, id: string) {
  await db.deleteFrom("report_rules").where("id", "=", id).execute();
}

/** Queues the incident for central under a rule; false when it already was. */
export async function enqueue(db: Executor, e: { id: string; incidentId: string; ruleId: string; ruleName: string; at: Date }): Promise<boolean> {
  const r = await sql<{ id: string }>`
    INSERT INTO central_queue (id, incident_id, rule_id, rule_name, queued_at)
    VALUES (${e.id}, ${e.incidentId}, ${e.ruleId}, ${e.ruleName}, ${e.at})
    ON CONFLICT (incident_id, rule_id) DO NOTHING RETURNING id`.execute(db);
  return r.rows.length > 0;
}

export async function queue(db: Executor, opts: { includeAcknowledged: boolean; limit: number; offset: number }) {
  let q = db
    .selectFrom("central_queue")
    .innerJoin("incidents", "incidents.id", "central_queue.incident_id")
    .select([
      "central_queue.id",
      "central_queue.incident_id",
      "central_queue.rule_id",
      "central_queue.rule_name",
      "central_queue.queued_at",
      "central_queue.acknowledged_at",
      "central_queue.acknowledged_by",
      "incidents.number",
      "incidents.department_id",
      "incidents.status",
    ]);
  if (!opts.includeAcknowledged) q = q.where("central_queue.acknowledged_at", "is", null);
  return q.orderBy("central_queue.queued_at", "desc").limit(opts.limit).offset(opts.offset).execute();
}

export async function acknowledge(db: Executor, id: string, userId: string, now: Date): Promise<{ incident_id: string } | undefined> {
  return db
    .updateTable("central_queue")
    .set({ acknowledged_at: now, acknowledged_by: userId })
    .where("id", "=", id)
    .where("acknowledged_at", "is", null)
    .returning("incident_id")
    .executeTakeFirst();
}

export async function findQueueItem(db: Executor, id: string) {
  return db.selectFrom("central_queue").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function activeUsersWithRole(db: Executor, role: string): Promise<string[]> {
  const rows = await db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select("users.id")
    .distinct()
    .where("user_roles.role", "=", role)
    .where("users.active", "=", true)
    .execute();
  return rows.map((r) => r.id);
}

/** Supervisors whose grant covers the department (granted on it or on one of its ancestors). */
export async function supervisorsOf(db: Executor, departmentId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id FROM departments WHERE id = ${departmentId}
      UNION
      SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id
    )
    SELECT DISTINCT u.id FROM user_roles r JOIN users u ON u.id = r.user_id
    WHERE r.role = 'supervisor' AND u.active AND r.department_id IN (SELECT id FROM up)`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function notify(db: Executor, n: { ids: string[]; userIds: string[]; kind: string; incidentId: string | null; data: Record<string, unknown>; at: Date }) {
  if (n.userIds.length === 0) return;
  await db
    .insertInto("notifications")
    .values(n.userIds.map((u, i) => ({ id: n.ids[i] as string, user_id: u, kind: n.kind, incident_id: n.incidentId, data: json(n.data), created_at: n.at })))
    .execute();
}

export async function notificationsOf(db: Executor, userId: string, opts: { unreadOnly: boolean; limit: number }) {
  let q = db
    .selectFrom("notifications")
    .leftJoin("incidents", "incidents.id", "notifications.incident_id")
    .select(["notifications.id", "notifications.kind", "notifications.incident_id", "notifications.data", "notifications.created_at", "notifications.read_at", "incidents.number"])
    .where("notifications.user_id", "=", userId);
  if (opts.unreadOnly) q = q.where("notifications.read_at", "is", null);
  return q.orderBy("notifications.created_at", "desc").limit(opts.limit).execute();
}

export async function markRead(db: Executor, id: string, userId: string, now: Date): Promise<boolean> {
  const r = await db.updateTable("notifications").set({ read_at: now }).where("id", "=", id).where("user_id", "=", userId).returning("id").executeTakeFirst();
  return !!r;
}
