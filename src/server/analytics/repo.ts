import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../platform/context.ts";
import * as direct from "./direct.ts";
import { monthsOf, refresh } from "./rollup.ts";

export { PERIOD, type Scope, where } from "./direct.ts";
type Scope = direct.Scope;

/**
 * Dashboard queries over the rollup (migration 0013_analytics_rollup): a sum over the rows of the
 * scope's months and departments — a few hundred to a few thousand rows whatever the number of
 * incidents. The results are identical to the direct group-bys in direct.ts (the tests compare
 * them); a scope that is not made of whole months in Japan time is answered by those directly.
 * Call `refreshScope` first (computeDashboard does): it recomputes the scope's dirty buckets.
 */
export async function refreshScope(db: Executor, s: Scope): Promise<number> {
  const m = monthsOf(s);
  return m ? refresh(db, { ...m, departmentIds: s.departmentIds }) : 0;
}

function rollupWhere(s: Scope, m: { first: string; end: string }, dimension: string): RawBuilder<unknown> {
  const dept = s.departmentIds === null ? sql`true` : sql`r.department_id = ANY(${[...s.departmentIds]}::uuid[])`;
  return sql`r.dimension = ${dimension} AND r.month >= ${m.first}::date AND r.month < ${m.end}::date AND ${dept}`;
}

type Counted = { key: string | null; count: number };

async function byDimension(db: Executor, s: Scope, m: { first: string; end: string }, dimension: string): Promise<Counted[]> {
  const r = await sql<{ key: string; n: string }>`SELECT r.key, sum(r.n) AS n FROM analytics_rollup r WHERE ${rollupWhere(s, m, dimension)} GROUP BY r.key`.execute(db);
  return r.rows.map((x) => ({ key: x.key, count: Number(x.n) }));
}

export async function byMonth(db: Executor, s: Scope) {
  const m = monthsOf(s);
  if (!m) return direct.byMonth(db, s);
  const r = await sql<{ key: string; n: string; h: string }>`
    SELECT to_char(r.month, 'YYYY-MM') AS key, sum(r.n) AS n, sum(r.harassment) AS h
    FROM analytics_rollup r WHERE ${rollupWhere(s, m, "total")} GROUP BY r.month`.execute(db);
  return r.rows.map((x) => ({ key: x.key, received: Number(x.n), harassment: Number(x.h) }));
}

/** Incidents per behaviour group (an incident with codes in two groups counts in both). */
export async function byGroup(db: Executor, s: Scope) {
  const m = monthsOf(s);
  return m ? byDimension(db, s, m, "group") : direct.byGroup(db, s);
}

export async function byCode(db: Executor, s: Scope) {
  const m = monthsOf(s);
  return m ? byDimension(db, s, m, "code") : direct.byCode(db, s);
}

export async function byColumn(db: Executor, s: Scope, column: "channel" | "outcome") {
  const m = monthsOf(s);
  if (!m) return direct.byColumn(db, s, column);
  // Not judged is stored as '' (the rollup's key is never null).
  return (await byDimension(db, s, m, column)).map((x) => (column === "outcome" && x.key === "" ? { key: null, count: x.count } : x));
}

export async function byCounterpartType(db: Executor, s: Scope) {
  const m = monthsOf(s);
  return m ? byDimension(db, s, m, "counterpart_type") : direct.byCounterpartType(db, s);
}

export async function byPolice(db: Executor, s: Scope) {
  const m = monthsOf(s);
  return m ? byDimension(db, s, m, "police") : direct.byPolice(db, s);
}

/**
 * How many counterparts had 1, 2, … incidents in the period (counts only, never who). A
 * counterpart with one incident at all is counted by the month's single count; the others are
 * summed over their per-month rows.
 */
export async function repeatCounterparts(db: Executor, s: Scope) {
  const m = monthsOf(s);
  if (!m) return direct.repeatCounterparts(db, s);
  const dept = s.departmentIds === null ? sql`true` : sql`r.department_id = ANY(${[...s.departmentIds]}::uuid[])`;
  const r = await sql<{ k: number; n: string }>`
    SELECT k, sum(n) AS n FROM (
      SELECT k, count(*) AS n FROM (
        SELECT sum(r.n)::int AS k FROM analytics_rollup_counterparts r
        WHERE r.month >= ${m.first}::date AND r.month < ${m.end}::date AND ${dept} GROUP BY r.counterpart_id) t
      GROUP BY k
      UNION ALL
      SELECT 1, sum(r.n) FROM analytics_rollup r WHERE ${rollupWhere(s, m, "repeat_single")} HAVING sum(r.n) > 0
    ) u GROUP BY k`.execute(db);
  return r.rows.map((x) => ({ incidents: Number(x.k), counterparts: Number(x.n) }));
}

/** Per department: incidents and staff-hours (duration × distinct staff on the incident, at least 1). */
export async function byDepartment(db: Executor, s: Scope) {
  const m = monthsOf(s);
  if (!m) return direct.byDepartment(db, s);
  const r = await sql<{ id: string; name_ja: string; name_en: string; n: string; hours: string | null }>`
    SELECT d.id, d.name_ja, d.name_en, t.n, t.hours FROM (
      SELECT r.department_id, sum(r.n) AS n, sum(r.hours) AS hours FROM analytics_rollup r WHERE ${rollupWhere(s, m, "total")} GROUP BY r.department_id) t
    JOIN departments d ON d.id = t.department_id`.execute(db);
  return r.rows.map((x) => ({ departmentId: x.id, nameJa: x.name_ja, nameEn: x.name_en, count: Number(x.n), hours: Number(x.hours ?? 0) }));
}

/** The fiscal years that have incidents (for the period picker), newest first. */
export async function fiscalYears(db: Executor): Promise<number[]> {
  const r = await sql<{ min: Date | null; max: Date | null }>`SELECT min(${direct.PERIOD}) AS min, max(${direct.PERIOD}) AS max FROM incidents i`.execute(db);
  const row = r.rows[0];
  if (!row?.min || !row.max) return [];
  const fy = (d: Date) => {
    const j = new Date(new Date(d).getTime() + 9 * 3600_000);
    return j.getUTCMonth() >= 3 ? j.getUTCFullYear() : j.getUTCFullYear() - 1;
  };
  const out: number[] = [];
  for (let y = fy(row.max); y >= fy(row.min); y--) out.push(y);
  return out;
}

export async function departments(db: Executor) {
  return db.selectFrom("departments").select(["id", "parent_id", "name_ja", "name_en", "active"]).execute();
}
