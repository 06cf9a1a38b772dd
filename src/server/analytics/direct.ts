import { type RawBuilder, sql } from "kysely";
import { BEHAVIOUR_CODES, BEHAVIOUR_CODE_LIST } from "../../domain/incidents/codes.ts";
import type { Executor } from "../platform/context.ts";

/**
 * The dashboard's figures computed directly from the incidents: each one group-by over the
 * incidents of a period and a scope. The period is `coalesce(started_at, created_at)` (indexed by
 * 0011_analytics_documents), the same instant the incident list filters on.
 *
 * These are the reference implementation: the dashboard reads the rollup (repo.ts, rollup.ts),
 * whose results the tests require to be identical to these; they also answer a period that is not
 * made of whole months in Japan time, and the benchmark times them for comparison.
 */
export interface Scope {
  from: Date;
  to: Date;
  /** null = every department (central without a department filter). */
  departmentIds: readonly string[] | null;
}

export const PERIOD = sql`coalesce(i.started_at, i.created_at)`;

export function where(s: Scope): RawBuilder<unknown> {
  const dept = s.departmentIds === null ? sql`true` : sql`i.department_id = ANY(${[...s.departmentIds]}::uuid[])`;
  return sql`${PERIOD} >= ${s.from} AND ${PERIOD} < ${s.to} AND ${dept}`;
}

type Counted = { key: string | null; n: string | number };
const rows = async (db: Executor, q: RawBuilder<Counted>) => (await q.execute(db)).rows.map((r) => ({ key: r.key, count: Number(r.n) }));

export async function byMonth(db: Executor, s: Scope) {
  const r = await sql<{ key: string; n: string; h: string }>`
    SELECT to_char((${PERIOD} AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM') AS key, count(*) AS n,
           count(*) FILTER (WHERE i.outcome = 'harassment') AS h
    FROM incidents i WHERE ${where(s)} GROUP BY 1`.execute(db);
  return r.rows.map((x) => ({ key: x.key, received: Number(x.n), harassment: Number(x.h) }));
}

export const GROUP_OF_CODE = sql.raw(`(VALUES ${BEHAVIOUR_CODE_LIST.map((c) => `('${c}', ${BEHAVIOUR_CODES[c].group})`).join(", ")}) AS g(code, grp)`);

/** Incidents per behaviour group (an incident with codes in two groups counts in both). */
export async function byGroup(db: Executor, s: Scope) {
  return rows(
    db,
    sql<Counted>`SELECT g.grp::text AS key, count(DISTINCT c.incident_id) AS n
      FROM incident_codes c JOIN ${GROUP_OF_CODE} ON g.code = c.code JOIN incidents i ON i.id = c.incident_id
      WHERE ${where(s)} GROUP BY g.grp`,
  );
}

export async function byCode(db: Executor, s: Scope) {
  return rows(db, sql<Counted>`SELECT c.code AS key, count(*) AS n FROM incident_codes c JOIN incidents i ON i.id = c.incident_id WHERE ${where(s)} GROUP BY c.code`);
}

export async function byColumn(db: Executor, s: Scope, column: "channel" | "outcome") {
  return rows(db, sql<Counted>`SELECT i.${sql.raw(column)} AS key, count(*) AS n FROM incidents i WHERE ${where(s)} GROUP BY 1`);
}

export async function byCounterpartType(db: Executor, s: Scope) {
  return rows(db, sql<Counted>`SELECT coalesce(cp.type, 'none') AS key, count(*) AS n FROM incidents i LEFT JOIN counterparts cp ON cp.id = i.counterpart_id WHERE ${where(s)} GROUP BY 1`);
}

export async function byPolice(db: Executor, s: Scope) {
  return rows(db, sql<Counted>`SELECT CASE WHEN (i.police->>'contacted') = 'true' THEN 'contacted' ELSE 'not_contacted' END AS key, count(*) AS n FROM incidents i WHERE ${where(s)} GROUP BY 1`);
}

/** How many counterparts had 1, 2, … incidents in the period (counts only, never who). */
export async function repeatCounterparts(db: Executor, s: Scope) {
  const r = await sql<{ k: number; n: string }>`
    SELECT k, count(*) AS n FROM (SELECT count(*)::int AS k FROM incidents i WHERE ${where(s)} AND i.counterpart_id IS NOT NULL GROUP BY i.counterpart_id) t GROUP BY k`.execute(db);
  return r.rows.map((x) => ({ incidents: Number(x.k), counterparts: Number(x.n) }));
}

/**
 * Per department: incidents and staff-hours (duration × distinct staff on the incident, at least 1).
 * The staff are counted once for the scope's incidents that have a duration (one hash join), not
 * per incident.
 */
export async function byDepartment(db: Executor, s: Scope) {
  const r = await sql<{ id: string; name_ja: string; name_en: string; n: string; hours: string | null }>`
    WITH scoped AS (
      SELECT i.id, i.department_id,
             CASE WHEN i.ended_at > i.started_at THEN extract(epoch FROM (i.ended_at - i.started_at)) / 3600.0 ELSE 0 END AS h
      FROM incidents i WHERE ${where(s)}
    ), staff AS (
      SELECT st.incident_id, count(DISTINCT st.user_id) AS n
      FROM incident_staff st JOIN scoped ON scoped.id = st.incident_id
      WHERE scoped.h > 0 GROUP BY st.incident_id
    )
    SELECT d.id, d.name_ja, d.name_en, t.n, t.hours FROM (
      SELECT scoped.department_id, count(*) AS n, sum(scoped.h * greatest(1, coalesce(staff.n, 0))) AS hours
      FROM scoped LEFT JOIN staff ON staff.incident_id = scoped.id GROUP BY scoped.department_id) t
    JOIN departments d ON d.id = t.department_id`.execute(db);
  return r.rows.map((x) => ({ departmentId: x.id, nameJa: x.name_ja, nameEn: x.name_en, count: Number(x.n), hours: Number(x.hours ?? 0) }));
}
