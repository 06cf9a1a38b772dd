import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Executor } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { type JobRun, runExclusive } from "../platform/jobs.ts";
import { GROUP_OF_CODE, type Scope } from "./direct.ts";

/**
 * Keeping the analytics rollup (migration 0013_analytics_rollup) exact and fresh.
 *
 * Writers only append marks (triggers). A refresh recomputes the marked buckets (month in Japan
 * time × department) from the base tables and removes the marks it processed, all in one
 * transaction:
 *   1. `pg_advisory_xact_lock` — one rollup writer at a time in the whole database, so two
 *      processes never rewrite the same bucket at once (no double counting), and `rebuild` cannot
 *      interleave with a refresh;
 *   2. lock the marks in scope that are visible now (`FOR UPDATE`);
 *   3. delete those buckets' rollup rows and insert them again, computed in ONE statement (one
 *      snapshot, taken after step 2: every change whose mark was locked is in it);
 *   4. delete exactly the locked marks. A mark added meanwhile by a writer stays and is handled
 *      by the next refresh.
 * Readers (the dashboard, the PDF reports) refresh the dirty buckets of their scope before they
 * read, so what they show is what the base tables hold; a background job (`runRollupRefresh`,
 * under a database lease) drains the rest so that reads seldom find work to do.
 */
const LOCK_KEY = 7_305_402_880_123; // pg_advisory_xact_lock key of the rollup writers (any fixed bigint)

export type Buckets = { months: string[]; departmentIds: string[] } | "all";

/** The INSERTs of every rollup row for the incidents of `buckets`, as one statement. */
export function computeStatement(buckets: Buckets): RawBuilder<unknown> {
  const scoped =
    buckets === "all"
      ? sql`FROM incidents i`
      : sql`FROM unnest(${buckets.months}::date[], ${buckets.departmentIds}::uuid[]) AS b(month, department_id)
            JOIN incidents i ON i.department_id = b.department_id
             AND coalesce(i.started_at, i.created_at) >= analytics_month_start(b.month)
             AND coalesce(i.started_at, i.created_at) < analytics_month_start((b.month + interval '1 month')::date)`;
  // A few buckets: look codes, staff and other incidents of the counterpart up per incident
  // (LATERAL with OFFSET 0 / LIMIT, so the planner cannot turn them into hash joins over the
  // whole of incident_codes, incident_staff and incidents). Everything: hash joins.
  const bulk = buckets === "all";
  const codes = bulk
    ? sql`SELECT s.month, s.department_id, s.id, c.code FROM scoped s JOIN incident_codes c ON c.incident_id = s.id`
    : sql`SELECT s.month, s.department_id, s.id, c.code FROM scoped s CROSS JOIN LATERAL (SELECT c.code FROM incident_codes c WHERE c.incident_id = s.id OFFSET 0) c`;
  const staff = bulk
    ? sql`SELECT st.incident_id, count(DISTINCT st.user_id) AS n FROM incident_staff st JOIN scoped ON scoped.id = st.incident_id WHERE scoped.h > 0 GROUP BY st.incident_id`
    : sql`SELECT s.id AS incident_id, x.n FROM scoped s CROSS JOIN LATERAL (SELECT count(DISTINCT st.user_id) AS n FROM incident_staff st WHERE st.incident_id = s.id) x WHERE s.h > 0`;
  const another = bulk
    ? sql`EXISTS (SELECT 1 FROM incidents x WHERE x.counterpart_id = s.counterpart_id AND x.id <> s.id)`
    : sql`EXISTS (SELECT 1 FROM (SELECT 1 FROM incidents x WHERE x.counterpart_id = s.counterpart_id AND x.id <> s.id LIMIT 1) x)`;
  // The same expressions as the direct queries (direct.ts): staff-hours are summed as the same
  // numeric values, so the sum of the months' sums is the same number.
  return sql`
    WITH scoped AS MATERIALIZED (
      SELECT i.id, i.department_id, analytics_month(coalesce(i.started_at, i.created_at)) AS month, i.channel, i.outcome, i.counterpart_id,
             (i.police->>'contacted') = 'true' AS police,
             CASE WHEN i.ended_at > i.started_at THEN extract(epoch FROM (i.ended_at - i.started_at)) / 3600.0 ELSE 0 END AS h
      ${scoped}
    ), staff AS MATERIALIZED (${staff}
    ), codes AS MATERIALIZED (${codes}
    ), repeaters AS (
      SELECT DISTINCT s.counterpart_id FROM scoped s WHERE s.counterpart_id IS NOT NULL AND ${another}
    ), per_counterpart AS (
      INSERT INTO analytics_rollup_counterparts (month, department_id, counterpart_id, n)
      SELECT s.month, s.department_id, s.counterpart_id, count(*) FROM scoped s JOIN repeaters r ON r.counterpart_id = s.counterpart_id GROUP BY 1, 2, 3
    ) -- a data-modifying WITH runs to completion whether or not the main statement reads it
    INSERT INTO analytics_rollup (month, department_id, dimension, key, n, harassment, hours)
    SELECT s.month, s.department_id, 'total', '', count(*), count(*) FILTER (WHERE s.outcome = 'harassment'), sum(s.h * greatest(1, coalesce(staff.n, 0)))
      FROM scoped s LEFT JOIN staff ON staff.incident_id = s.id GROUP BY 1, 2
    UNION ALL
    SELECT c.month, c.department_id, 'group', g.grp::text, count(DISTINCT c.id), 0, 0 FROM codes c JOIN ${GROUP_OF_CODE} ON g.code = c.code GROUP BY 1, 2, 4
    UNION ALL
    SELECT c.month, c.department_id, 'code', c.code, count(*), 0, 0 FROM codes c GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.month, s.department_id, 'channel', s.channel, count(*), 0, 0 FROM scoped s GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.month, s.department_id, 'outcome', coalesce(s.outcome, ''), count(*), 0, 0 FROM scoped s GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.month, s.department_id, 'counterpart_type', coalesce(cp.type, 'none'), count(*), 0, 0
      FROM scoped s LEFT JOIN counterparts cp ON cp.id = s.counterpart_id GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.month, s.department_id, 'police', CASE WHEN s.police THEN 'contacted' ELSE 'not_contacted' END, count(*), 0, 0 FROM scoped s GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.month, s.department_id, 'repeat_single', '', count(*), 0, 0
      FROM scoped s WHERE s.counterpart_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM repeaters r WHERE r.counterpart_id = s.counterpart_id) GROUP BY 1, 2
`;
}

/**
 * The recompute's estimated cost is high (per-incident lookups) though its real cost is small; on
 * PostgreSQL that switches JIT compilation on, which took seconds — more than the query itself.
 */
async function noJit(trx: Executor) {
  await sql`SELECT set_config('jit', 'off', true)`.execute(trx);
}

/** Runs `fn` in a transaction (or in the caller's, when `db` already is one). */
async function inTransaction<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return (db as Kysely<Database>).transaction().execute(fn);
}

/** The months (YYYY-MM-01, Japan time) a scope covers, or null when it is not made of whole months. */
export function monthsOf(s: Pick<Scope, "from" | "to">): { first: string; end: string } | null {
  const start = (d: Date) => {
    const j = new Date(d.getTime() + 9 * 3600_000);
    const whole = j.getUTCDate() === 1 && j.getUTCHours() === 0 && j.getUTCMinutes() === 0 && j.getUTCSeconds() === 0 && j.getUTCMilliseconds() === 0;
    return whole ? `${String(j.getUTCFullYear()).padStart(4, "0")}-${String(j.getUTCMonth() + 1).padStart(2, "0")}-01` : null;
  };
  const first = start(s.from);
  const end = start(s.to);
  return first && end && first < end ? { first, end } : null;
}

function markFilter(scope: { first: string; end: string; departmentIds: readonly string[] | null } | null): RawBuilder<unknown> {
  if (!scope) return sql`true`;
  const dept = scope.departmentIds === null ? sql`true` : sql`department_id = ANY(${[...scope.departmentIds]}::uuid[])`;
  return sql`month >= ${scope.first}::date AND month < ${scope.end}::date AND ${dept}`;
}

/**
 * Recomputes the dirty buckets of a scope (months × departments; null = every dirty bucket).
 * Returns how many buckets were recomputed. Cheap when nothing is dirty: one indexed EXISTS.
 */
export async function refresh(db: Executor, scope: { first: string; end: string; departmentIds: readonly string[] | null } | null): Promise<number> {
  const filter = markFilter(scope);
  const any = await sql<{ x: number }>`SELECT 1 AS x FROM analytics_dirty WHERE ${filter} LIMIT 1`.execute(db);
  if (any.rows.length === 0) return 0;
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY}::bigint)`.execute(trx);
    await noJit(trx);
    const marks = await sql<{ id: string; month: string; department_id: string }>`
      SELECT id, to_char(month, 'YYYY-MM-DD') AS month, department_id FROM analytics_dirty WHERE ${filter} ORDER BY id FOR UPDATE`.execute(trx);
    if (marks.rows.length === 0) return 0; // another process refreshed them while this one waited
    const unique = new Map(marks.rows.map((m) => [`${m.month}|${m.department_id}`, m]));
    const months = [...unique.values()].map((m) => m.month);
    const departmentIds = [...unique.values()].map((m) => m.department_id);
    const buckets = sql`(month, department_id) IN (SELECT * FROM unnest(${months}::date[], ${departmentIds}::uuid[]))`;
    await sql`DELETE FROM analytics_rollup WHERE ${buckets}`.execute(trx);
    await sql`DELETE FROM analytics_rollup_counterparts WHERE ${buckets}`.execute(trx);
    await computeStatement({ months, departmentIds }).execute(trx);
    await sql`DELETE FROM analytics_dirty WHERE id = ANY(${marks.rows.map((m) => m.id)}::bigint[])`.execute(trx);
    return unique.size;
  });
}

/** Recomputes the whole rollup from the base tables (`npm run mamoru -- analytics rebuild`, after a restore). */
export async function rebuild(db: Executor): Promise<{ rows: number }> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY}::bigint)`.execute(trx);
    await noJit(trx);
    // Marks visible now are covered by the computation below (a later snapshot); marks that
    // become visible later stay and are refreshed again.
    await sql`DELETE FROM analytics_dirty`.execute(trx);
    await sql`DELETE FROM analytics_rollup`.execute(trx);
    await sql`DELETE FROM analytics_rollup_counterparts`.execute(trx);
    await computeStatement("all").execute(trx);
    const n = await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_rollup`.execute(trx);
    return { rows: Number(n.rows[0]?.n ?? 0) };
  });
}

export const ROLLUP_JOB = "analytics.rollup";
const LEASE_MS = 10 * 60_000;

/** The background job: refreshes every dirty bucket, one process at a time (database lease). */
export async function runRollupRefresh(db: Kysely<Database>): Promise<JobRun<number>> {
  return runExclusive(db, ROLLUP_JOB, LEASE_MS, () => refresh(db, null));
}
