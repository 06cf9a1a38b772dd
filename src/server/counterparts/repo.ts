import { type SqlBool, sql } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import type { Executor } from "../platform/context.ts";
import { type CounterpartRow, visibleTo } from "../incidents/repo.ts";

export interface CounterpartValues {
  type: string;
  name: string | null;
  nameNormalised: string | null;
  phone: string | null;
  phoneNormalised: string | null;
  email: string | null;
  emailNormalised: string | null;
}

export async function insertCounterpart(db: Executor, id: string, v: CounterpartValues, createdBy: string, now: Date) {
  await db
    .insertInto("counterparts")
    .values({
      id,
      type: v.type,
      name: v.name,
      name_normalised: v.nameNormalised,
      phone: v.phone,
      phone_normalised: v.phoneNormalised,
      email: v.email,
      email_normalised: v.emailNormalised,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updateCounterpart(db: Executor, id: string, v: Partial<CounterpartValues>, now: Date) {
  await db
    .updateTable("counterparts")
    .set({
      updated_at: now,
      ...(v.type !== undefined ? { type: v.type } : {}),
      ...(v.name !== undefined ? { name: v.name, name_normalised: v.nameNormalised ?? null } : {}),
      ...(v.phone !== undefined ? { phone: v.phone, phone_normalised: v.phoneNormalised ?? null } : {}),
      ...(v.email !== undefined ? { email: v.email, email_normalised: v.emailNormalised ?? null } : {}),
    })
    .where("id", "=", id)
    .execute();
}

export async function findCounterpart(db: Executor, id: string): Promise<CounterpartRow | undefined> {
  return (await db.selectFrom("counterparts").selectAll().where("id", "=", id).executeTakeFirst()) as CounterpartRow | undefined;
}

/** True when the actor can see at least one incident of the counterpart. */
export async function isVisible(db: Executor, actor: Actor, counterpartId: string): Promise<boolean> {
  const r = await db.selectFrom("incidents").select("id").where("counterpart_id", "=", counterpartId).where(visibleTo(actor)).limit(1).executeTakeFirst();
  return !!r;
}

/** Counterparts the actor may see that could be the same person: same normalised phone or email, or sharing a name bigram. */
export async function candidates(db: Executor, actor: Actor, keys: { phone: string | null; email: string | null; nameBigrams: string[] }, excludeId: string | null) {
  const ors = [];
  if (keys.phone) ors.push(sql`c.phone_normalised = ${keys.phone}`);
  if (keys.email) ors.push(sql`c.email_normalised = ${keys.email}`);
  for (const b of keys.nameBigrams.slice(0, 6)) ors.push(sql`strpos(c.name_normalised, ${b}) > 0`);
  if (ors.length === 0) return [];
  const rows = await sql<CounterpartRow>`
    SELECT c.* FROM counterparts c
    WHERE c.merged_into IS NULL
      AND (${sql.join(ors, sql` OR `)})
      AND c.id IS DISTINCT FROM ${excludeId}::uuid
      AND EXISTS (SELECT 1 FROM incidents WHERE incidents.counterpart_id = c.id AND ${visibleTo(actor)})
    LIMIT 200`.execute(db);
  return rows.rows;
}

export async function incidentsOf(db: Executor, counterpartId: string) {
  return db
    .selectFrom("incidents")
    .innerJoin("departments", "departments.id", "incidents.department_id")
    .select([
      "incidents.id",
      "incidents.number",
      "incidents.channel",
      "incidents.status",
      "incidents.outcome",
      "incidents.started_at",
      "incidents.created_at",
      "incidents.answers_given",
      "incidents.department_id",
      "departments.name_ja",
      "departments.name_en",
    ])
    .where("incidents.counterpart_id", "=", counterpartId)
    .orderBy(sql`coalesce(incidents.started_at, incidents.created_at)`)
    .execute();
}

export async function visibleIncidentIds(db: Executor, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom("incidents").select("id").where("id", "in", ids).where(visibleTo(actor)).execute();
  return new Set(rows.map((r) => r.id));
}

export async function moveIncidents(db: Executor, fromId: string, toId: string): Promise<string[]> {
  const rows = await db.updateTable("incidents").set({ counterpart_id: toId }).where("counterpart_id", "=", fromId).returning("id").execute();
  return rows.map((r) => r.id);
}

export async function setIncidentCounterpart(db: Executor, incidentId: string, counterpartId: string | null) {
  await db
    .updateTable("incidents")
    .set({ counterpart_id: counterpartId, version: sql`version + 1`, updated_at: new Date() })
    .where("id", "=", incidentId)
    .execute();
}

export async function countIncidents(db: Executor, counterpartId: string): Promise<number> {
  const r = await db.selectFrom("incidents").select(sql<string>`count(*)`.as("n")).where("counterpart_id", "=", counterpartId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Deletes a counterpart left without incidents — unless restrictions were registered on it (the register keeps them). */
export async function deleteCounterpart(db: Executor, id: string) {
  await db
    .deleteFrom("counterparts")
    .where("id", "=", id)
    .where(sql<SqlBool>`NOT EXISTS (SELECT 1 FROM incidents WHERE counterpart_id = ${id})`)
    .where(sql<SqlBool>`NOT EXISTS (SELECT 1 FROM restrictions WHERE counterpart_id = ${id})`)
    .execute();
}

export async function markMerged(db: Executor, sourceId: string, targetId: string, now: Date) {
  await db.updateTable("counterparts").set({ merged_into: targetId, updated_at: now }).where("id", "=", sourceId).execute();
}

export async function recordMerge(db: Executor, m: { id: string; sourceId: string; targetId: string; incidentIds: string[]; actorId: string; at: Date; reason: string }) {
  await db
    .insertInto("counterpart_merges")
    .values({ id: m.id, source_id: m.sourceId, target_id: m.targetId, incident_ids: m.incidentIds, actor_id: m.actorId, at: m.at, reason: m.reason })
    .execute();
}
