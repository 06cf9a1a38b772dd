/**
 * `npm run bench -- analytics [--count 100000] [--engines pglite,postgres] [--samples 30]`
 *
 * 1. Dashboard queries (each group-by of the dashboard, as central for the whole organisation and
 *    as a supervisor for one department) over `--count` generated demo incidents, p50/p99, against
 *    a plain `SELECT channel, count(*) FROM incidents GROUP BY channel` over the same table in the
 *    same run (the ratio is the figure to watch: these machines are noisy).
 * 2. The incident export as XLSX (exceljs streaming writer) and CSV at each of `--export-rows`
 *    (default: the generated count; e.g. `--export-rows 20000,100000,1000000`, a size above the
 *    table reads it again from the start): time, rows/s and peak memory side by side, see
 *    bench/analytics-export.ts (also runnable alone: `npm run bench -- analytics-export`).
 * PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else 127.0.0.1:5432 (skipped when
 * unreachable). Generating 1M incidents takes a while: `--count 1000000 --engines postgres`.
 */
import { type Kysely, sql } from "kysely";
import { fiscalYearRange } from "../src/domain/analytics/wareki.ts";
import * as repo from "../src/server/analytics/repo.ts";
import { generateIncidents } from "../src/server/demo/incidents.ts";
import { seedDemo } from "../src/server/demo/seed.ts";
import { cliContext } from "../src/server/platform/context.ts";
import { type DatabaseHandle, openPglite, openPostgres } from "../src/server/platform/db/engine.ts";
import { migrateToLatest } from "../src/server/platform/db/migrate.ts";
import type { Database } from "../src/server/platform/db/schema.ts";
import { scratchPostgresDatabase } from "./_postgres.ts";
import { exportSection, exportSizes } from "./analytics-export.ts";

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function time(fn: () => Promise<unknown>, samples: number) {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return { p50: pct(out, 50), p99: pct(out, 99) };
}

async function busiestFiscalYear(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ fy: number; n: string }>`
    SELECT (extract(year FROM (coalesce(started_at, created_at) AT TIME ZONE 'UTC') + interval '9 hours' - interval '3 months'))::int AS fy, count(*) AS n
    FROM incidents GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(db);
  return Number(r.rows[0]?.fy);
}

async function runEngine(engine: "pglite" | "postgres", count: number, samples: number) {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | null = null;
  if (engine === "pglite") handle = await openPglite(null);
  else {
    const scratch = await scratchPostgresDatabase();
    if (!scratch) {
      process.stdout.write("postgres: not reachable, skipped\n");
      return;
    }
    handle = await openPostgres(scratch.url, { max: 4 });
    drop = scratch.drop;
  }
  const db = handle.db;
  try {
    await migrateToLatest(db);
    await seedDemo(db, "bench-demo-password-2026");
    const g0 = performance.now();
    await generateIncidents(db, cliContext(null), { count, seed: 42 });
    process.stdout.write(`\n## ${engine}: ${count.toLocaleString("en")} incidents generated in ${((performance.now() - g0) / 1000).toFixed(0)} s\n`);
    await sql`ANALYZE`.execute(db);
    const fy = await busiestFiscalYear(db);
    const { from, to } = fiscalYearRange(fy);
    const inYear = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM incidents WHERE coalesce(started_at, created_at) >= ${from} AND coalesce(started_at, created_at) < ${to}`.execute(db)).rows[0]?.n);
    const dept = await db.selectFrom("departments").select("id").where("code", "=", "ku-koseki").executeTakeFirstOrThrow();
    const central: repo.Scope = { from, to, departmentIds: null };
    const supervisor: repo.Scope = { from, to, departmentIds: [dept.id] };
    const baseline = await time(() => sql`SELECT channel, count(*) FROM incidents GROUP BY channel`.execute(db), samples);
    process.stdout.write(`FY${fy}: ${inYear.toLocaleString("en")} incidents in the year; baseline plain count(*) GROUP BY over the whole table: p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms\n\n`);
    process.stdout.write("| query | scope | p50 ms | p99 ms | p50 / baseline |\n|---|---|---:|---:|---:|\n");
    const queries: [string, (s: repo.Scope) => Promise<unknown>][] = [
      ["by month (received / harassment)", (s) => repo.byMonth(db, s)],
      ["by behaviour group", (s) => repo.byGroup(db, s)],
      ["by behaviour code", (s) => repo.byCode(db, s)],
      ["by channel", (s) => repo.byColumn(db, s, "channel")],
      ["by outcome", (s) => repo.byColumn(db, s, "outcome")],
      ["by counterpart type", (s) => repo.byCounterpartType(db, s)],
      ["police", (s) => repo.byPolice(db, s)],
      ["repeat counterparts", (s) => repo.repeatCounterparts(db, s)],
      ["by department + staff-hours", (s) => repo.byDepartment(db, s)],
    ];
    let worst = 0;
    for (const [label, scope] of [
      ["central", central],
      ["supervisor (1 dept)", supervisor],
    ] as const) {
      for (const [name, q] of queries) {
        const r = await time(() => q(scope), samples);
        worst = Math.max(worst, r.p50);
        process.stdout.write(`| ${name} | ${label} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p50 / baseline.p50).toFixed(1)}× |\n`);
      }
    }
    const all = await time(() => Promise.all(queries.map(([, q]) => q(central))), Math.max(5, Math.floor(samples / 3)));
    process.stdout.write(`| whole dashboard (9 queries) | central | ${all.p50.toFixed(1)} | ${all.p99.toFixed(1)} | ${(all.p50 / baseline.p50).toFixed(1)}× |\n`);
    process.stdout.write(`\nslowest single query p50: ${worst.toFixed(1)} ms\n\n`);
    await exportSection(db, exportRows.length > 0 ? exportRows : [count]);
  } finally {
    await handle.close();
    await drop?.();
  }
}

/** Sizes of the export section (`--export-rows`). */
let exportRows: number[] = [];

export default async function main(args: string[]) {
  const count = Number(arg(args, "count", "100000"));
  exportRows = exportSizes(args, String(count));
  const samples = Number(arg(args, "samples", "30"));
  const engines = arg(args, "engines", "pglite,postgres").split(",") as ("pglite" | "postgres")[];
  process.stdout.write(`# analytics benchmark (${new Date().toISOString()}, node ${process.version})\n`);
  for (const e of engines) await runEngine(e, count, samples);
}
