import { type Expression, type Selectable, type SqlBool, sql } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import { type Group, codesOfGroup } from "../../domain/incidents/codes.ts";
import type { QueryTerm } from "../../domain/incidents/search.ts";
import type { Executor } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";

type Row<T extends keyof Database> = Selectable<Database[T]>;
export type IncidentRow = Row<"incidents">;
export type QuoteRow = Row<"incident_quotes">;
export type EventRow = Row<"incident_events">;
export type CounterpartRow = Row<"counterparts">;

export const json = (v: unknown) => JSON.stringify(v);

/** When the incident happened, for ordering and period filters (indexed as this exact expression). */
export const LIST_ORDER = sql<Date>`coalesce(incidents.started_at, incidents.created_at)`;

/** The incidents an actor may see, as a condition on the `incidents` table. */
export function visibleTo(actor: Actor): Expression<SqlBool> {
  if (actor.roles.has("central")) return sql<SqlBool>`true`;
  const parts = [];
  if (actor.roles.has("staff")) {
    parts.push(
      sql`(incidents.created_by = ${actor.userId} OR EXISTS (SELECT 1 FROM incident_staff s WHERE s.incident_id = incidents.id AND s.user_id = ${actor.userId}))`,
    );
  }
  if (actor.roles.has("supervisor") && actor.supervisedDepartmentIds.size > 0) {
    parts.push(sql`incidents.department_id = ANY(${[...actor.supervisedDepartmentIds]}::uuid[])`);
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** The next number of the fiscal year (April–March), atomically. */
export async function nextNumber(db: Executor, fiscalYear: number): Promise<string> {
  const r = await sql<{ last_number: number }>`
    INSERT INTO incident_counters (fiscal_year, last_number) VALUES (${fiscalYear}, 1)
    ON CONFLICT (fiscal_year) DO UPDATE SET last_number = incident_counters.last_number + 1
    RETURNING last_number`.execute(db);
  return `${fiscalYear}-${String(r.rows[0]?.last_number).padStart(6, "0")}`;
}

export async function findIncident(db: Executor, id: string, opts: { lock?: boolean } = {}): Promise<IncidentRow | undefined> {
  let q = db.selectFrom("incidents").selectAll().where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as IncidentRow | undefined;
}

export async function findByIdempotencyKey(db: Executor, userId: string, key: string) {
  return db.selectFrom("incidents").select("id").where("created_by", "=", userId).where("idempotency_key", "=", key).executeTakeFirst();
}

export async function staffOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("incident_staff")
    .innerJoin("users", "users.id", "incident_staff.user_id")
    .select(["incident_staff.incident_id", "incident_staff.user_id", "incident_staff.role", "users.display_name"])
    .where("incident_staff.incident_id", "in", ids)
    .orderBy("incident_staff.role")
    .execute();
}

export async function codesOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom("incident_codes").selectAll().where("incident_id", "in", ids).orderBy("code").execute();
}

export async function quotesOf(db: Executor, id: string): Promise<QuoteRow[]> {
  return (await db.selectFrom("incident_quotes").selectAll().where("incident_id", "=", id).orderBy("position").execute()) as QuoteRow[];
}

export interface QuoteInput {
  text: string;
  speaker: string;
  isAct: boolean;
  at: Date | null;
  offsetSeconds: number | null;
}

export async function replaceQuotes(db: Executor, incidentId: string, quotes: readonly (QuoteInput & { id: string })[]) {
  await db.deleteFrom("incident_quotes").where("incident_id", "=", incidentId).execute();
  if (quotes.length === 0) return;
  await db
    .insertInto("incident_quotes")
    .values(
      quotes.map((q, i) => ({
        id: q.id,
        incident_id: incidentId,
        position: i + 1,
        text: q.text,
        speaker: q.speaker,
        is_act: q.isAct,
        at: q.at,
        offset_seconds: q.offsetSeconds,
      })),
    )
    .execute();
}

export async function replaceCodes(db: Executor, incidentId: string, codes: readonly string[]) {
  await db.deleteFrom("incident_codes").where("incident_id", "=", incidentId).execute();
  if (codes.length > 0)
    await db
      .insertInto("incident_codes")
      .values(codes.map((code) => ({ incident_id: incidentId, code })))
      .execute();
}

export async function replaceStaff(db: Executor, incidentId: string, staff: readonly { userId: string; role: string }[]) {
  await db.deleteFrom("incident_staff").where("incident_id", "=", incidentId).execute();
  if (staff.length > 0)
    await db
      .insertInto("incident_staff")
      .values(staff.map((s) => ({ incident_id: incidentId, user_id: s.userId, role: s.role })))
      .execute();
}

export async function countActiveUsers(db: Executor, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom("users").select(sql<string>`count(*)`.as("n")).where("id", "in", ids).where("active", "=", true).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function departmentExists(db: Executor, id: string): Promise<boolean> {
  return !!(await db.selectFrom("departments").select("id").where("id", "=", id).where("active", "=", true).executeTakeFirst());
}

export interface NewEvent {
  kind: string;
  at: Date;
  actorId: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
}

/** Appends to the timeline; callers hold the incident row lock, so the sequence is gap-free. */
export async function appendEvent(db: Executor, incidentId: string, e: NewEvent) {
  const r = await db
    .selectFrom("incident_events")
    .select(sql<number>`coalesce(max(seq), 0) + 1`.as("next"))
    .where("incident_id", "=", incidentId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("incident_events")
    .values({
      incident_id: incidentId,
      seq: Number(r.next),
      kind: e.kind,
      at: e.at,
      actor_id: e.actorId,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      reason: e.reason ?? null,
      data: json(e.data ?? {}),
    })
    .execute();
}

export async function eventsOf(db: Executor, incidentId: string) {
  return db
    .selectFrom("incident_events")
    .leftJoin("users", "users.id", "incident_events.actor_id")
    .select([
      "incident_events.seq",
      "incident_events.kind",
      "incident_events.at",
      "incident_events.actor_id",
      "users.display_name",
      "incident_events.from_status",
      "incident_events.to_status",
      "incident_events.reason",
      "incident_events.data",
    ])
    .where("incident_events.incident_id", "=", incidentId)
    .orderBy("incident_events.seq")
    .execute();
}

export interface IncidentFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  channel?: string | undefined;
  group?: Group | undefined;
  code?: string | undefined;
  departmentId?: string | undefined;
  status?: string | undefined;
  outcome?: string | undefined;
  counterpartId?: string | undefined;
  terms?: QueryTerm[] | undefined;
}

/** How many matches past the requested page the list counts before it reports "at least". */
export const COUNT_AHEAD = 1000;

/**
 * Newest first by when it happened. The order expression is exactly the one indexed by migration
 * 0006 (incidents_list_order_idx and its per-creator and per-department companions), so the newest
 * page and period filters are read from an index instead of sorting every visible row.
 */
export async function listIncidents(db: Executor, actor: Actor, f: IncidentFilter, limit: number, offset: number) {
  let q = db.selectFrom("incidents").where(visibleTo(actor));
  if (f.from) q = q.where(sql<SqlBool>`${LIST_ORDER} >= ${f.from}`);
  if (f.to) q = q.where(sql<SqlBool>`${LIST_ORDER} < ${f.to}`);
  if (f.channel) q = q.where("incidents.channel", "=", f.channel);
  if (f.departmentId) q = q.where("incidents.department_id", "=", f.departmentId);
  if (f.status) q = q.where("incidents.status", "=", f.status);
  if (f.outcome === "none") q = q.where("incidents.outcome", "is", null);
  else if (f.outcome) q = q.where("incidents.outcome", "=", f.outcome);
  if (f.counterpartId) q = q.where("incidents.counterpart_id", "=", f.counterpartId);
  const codes = f.code ? [f.code] : f.group ? codesOfGroup(f.group) : null;
  if (codes) q = q.where(sql<SqlBool>`EXISTS (SELECT 1 FROM incident_codes c WHERE c.incident_id = incidents.id AND c.code = ANY(${codes}::text[]))`);
  for (const t of f.terms ?? []) {
    // The GIN index narrows by bigrams; the substring check drops records whose bigrams are only scattered.
    if (t.bigrams.length > 0) q = q.where(sql<SqlBool>`incidents.search_bigrams @> ${t.bigrams}::text[]`);
    q = q.where(sql<SqlBool>`strpos(incidents.search_text, ${t.text}) > 0`);
  }
  // Counting every match of a common word costs as much as reading them all, so the count stops a
  // thousand rows past the page: `total` is exact below that, a lower bound (`totalCapped`) above it.
  const cap = offset + limit + COUNT_AHEAD;
  const counted = await db
    .selectFrom(q.select(sql`1`.as("one")).limit(cap).as("matches"))
    .select(sql<string>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const rows = await q.selectAll("incidents").orderBy(LIST_ORDER, "desc").orderBy("incidents.number", "desc").limit(limit).offset(offset).execute();
  return { total, totalCapped: total >= cap, rows: rows as IncidentRow[] };
}

export async function updateSearch(db: Executor, id: string, bigrams: string[], text: string) {
  await db.updateTable("incidents").set({ search_bigrams: bigrams, search_text: text }).where("id", "=", id).execute();
}
