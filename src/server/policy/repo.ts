import { sql } from "kysely";
import type { PolicyPack } from "../../domain/policy/pack.ts";
import type { Executor } from "../platform/context.ts";

const json = (v: unknown) => JSON.stringify(v);

export async function latestVersion(db: Executor) {
  return db.selectFrom("policy_versions").selectAll().orderBy("version", "desc").limit(1).executeTakeFirst();
}

export async function version(db: Executor, v: number) {
  return db.selectFrom("policy_versions").selectAll().where("version", "=", v).executeTakeFirst();
}

export async function versions(db: Executor) {
  return db
    .selectFrom("policy_versions")
    .leftJoin("users", "users.id", "policy_versions.published_by")
    .select(["policy_versions.version", "policy_versions.note", "policy_versions.published_at", "users.display_name as published_by_name"])
    .orderBy("policy_versions.version", "desc")
    .execute();
}

/** Inserts a version unless it exists (two servers starting at once both try the default). */
export async function insertVersion(db: Executor, v: { version: number; sections: PolicyPack; note: string; at: Date; userId: string | null }): Promise<boolean> {
  const r = await db
    .insertInto("policy_versions")
    .values({ version: v.version, sections: json(v.sections), note: v.note, published_at: v.at, published_by: v.userId })
    .onConflict((oc) => oc.column("version").doNothing())
    .returning("version")
    .executeTakeFirst();
  return !!r;
}

export async function draft(db: Executor, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom("policy_draft").selectAll().where("id", "=", 1);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function saveDraft(db: Executor, d: { sections: PolicyPack; baseVersion: number | null; at: Date; userId: string | null }) {
  await db
    .insertInto("policy_draft")
    .values({ id: 1, sections: json(d.sections), base_version: d.baseVersion, updated_at: d.at, updated_by: d.userId })
    .onConflict((oc) => oc.column("id").doUpdateSet({ sections: json(d.sections), base_version: d.baseVersion, updated_at: d.at, updated_by: d.userId }))
    .execute();
}

export async function acknowledgement(db: Executor, userId: string, v: number) {
  return db.selectFrom("policy_acknowledgements").selectAll().where("user_id", "=", userId).where("version", "=", v).executeTakeFirst();
}

export async function acknowledge(db: Executor, userId: string, v: number, at: Date): Promise<boolean> {
  const r = await db
    .insertInto("policy_acknowledgements")
    .values({ user_id: userId, version: v, acknowledged_at: at })
    .onConflict((oc) => oc.columns(["user_id", "version"]).doNothing())
    .returning("user_id")
    .executeTakeFirst();
  return !!r;
}

export async function postponed(db: Executor, userId: string, v: number, sessionIdHash: string): Promise<boolean> {
  const r = await db
    .selectFrom("policy_postponements")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("version", "=", v)
    .where("session_id_hash", "=", sessionIdHash)
    .executeTakeFirst();
  return !!r;
}

export async function postpone(db: Executor, userId: string, v: number, sessionIdHash: string, at: Date) {
  await db
    .insertInto("policy_postponements")
    .values({ user_id: userId, version: v, session_id_hash: sessionIdHash, postponed_at: at })
    .onConflict((oc) => oc.columns(["user_id", "version", "session_id_hash"]).doNothing())
    .execute();
}

/** Active users per department and how many of them acknowledged version `v`. */
export async function ratesByDepartment(db: Executor, v: number) {
  const rows = await sql<{ department_id: string | null; name_ja: string | null; name_en: string | null; staff: string; acknowledged: string }>`
    SELECT u.department_id, d.name_ja, d.name_en, count(*) AS staff, count(a.user_id) AS acknowledged
    FROM users u
    LEFT JOIN departments d ON d.id = u.department_id
    LEFT JOIN policy_acknowledgements a ON a.user_id = u.id AND a.version = ${v}
    WHERE u.active
    GROUP BY u.department_id, d.name_ja, d.name_en`.execute(db);
  return rows.rows.map((r) => ({ departmentId: r.department_id, nameJa: r.name_ja, nameEn: r.name_en, staffCount: Number(r.staff), acknowledged: Number(r.acknowledged) }));
}

/** Active users (optionally of one department) who have not acknowledged version `v`. */
export async function outstandingUsers(db: Executor, v: number, departmentId: string | null) {
  let q = db
    .selectFrom("users")
    .select("users.id")
    .where("users.active", "=", true)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("policy_acknowledgements as a").select("a.user_id").whereRef("a.user_id", "=", "users.id").where("a.version", "=", v))));
  if (departmentId) q = q.where("users.department_id", "=", departmentId);
  return (await q.execute()).map((r) => r.id);
}

export async function notify(db: Executor, rows: Array<{ id: string; userId: string; data: Record<string, unknown> }>, at: Date) {
  if (rows.length === 0) return;
  await db
    .insertInto("notifications")
    .values(rows.map((r) => ({ id: r.id, user_id: r.userId, kind: "policy_reminder", incident_id: null, data: json(r.data), created_at: at })))
    .execute();
}

/** The newest unread reminder about version `v` for one user. */
export async function unreadReminder(db: Executor, userId: string, v: number) {
  const rows = await db
    .selectFrom("notifications")
    .select(["created_at", "data"])
    .where("user_id", "=", userId)
    .where("kind", "=", "policy_reminder")
    .where("read_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  return rows.find((r) => (r.data as { version?: number }).version === v)?.created_at ?? null;
}

/** Reminders are done with once the person acknowledges or puts the prompt off again. */
export async function markRemindersRead(db: Executor, userId: string, at: Date) {
  await db.updateTable("notifications").set({ read_at: at }).where("user_id", "=", userId).where("kind", "=", "policy_reminder").where("read_at", "is", null).execute();
}
