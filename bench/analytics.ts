/**
 * `npm run bench -- analytics [--count 100000] [--engines pglite,postgres] [--samples 30] [--no-export] [--database-url URL]`
 *
 * 1. Dashboard queries (each figure of the dashboard, as central for the whole organisation and
 *    as a supervisor for one department) over `--count` generated demo incidents, p50/p99, against
 *    a plain `SELECT channel, count(*) FROM incidents GROUP BY channel` over the same table in the
 *    same run (the ratio is the figure to watch: these machines are noisy). The dashboard reads the
 *    rollup (0013_analytics_rollup); for reference the direct group-by of the slowest figure
 *    (departments + staff-hours) is timed too, and the cost of refreshing one dirty bucket (the
 *    busiest month × department) and of a full rebuild.
 * 1b. Write overhead of the rollup's triggers: generating incidents in bulk (1,000 per transaction)
 *    and one per transaction (as the API writes them), with the triggers enabled and disabled.
 * 2. The incident export as XLSX (exceljs streaming writer) and CSV at each of `--export-rows`
 *    (default: the generated count; e.g. `--export-rows 20000,100000,1000000`, a size above the
 *    table reads it again from the start): time, rows/s and peak memory side by side, see
 *    bench/analytics-export.ts (also runnable alone: `npm run bench -- analytics-export`).
 * PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else 127.0.0.1:5432 (skipped when
 * unreachable). Generating 1M incidents takes a while: `--count 1000000 --engines postgres`.
 */
import { type Kysely, sql } from "kysely";
import { fiscalYearRange } from "../src/domain/analytics/wareki.ts";
import * as direct from "../src/server/analytics/direct.ts";
import * as repo from "../src/server/analytics/repo.ts";
import { rebuild, refresh } from "../src/server/analytics/rollup.ts";
import { generateIncidents } from "../src/server/demo/incidents.ts";
import { seedDemo } from "../src/server/demo/seed.ts";
import { cliContext } from "../src/server/platform/context.ts";
import { migrateToLatest } from "../src/server/platform/db/migrate.ts";
import type { Database } from "../src/server/platform/db/schema.ts";
import { openBenchDatabase } from "./_postgres.ts";
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

/** Generation rate with the rollup triggers on and off: bulk (1,000 per transaction) and one incident per transaction. */
async function writeOverhead(db: Kysely<Database>, count: number) {
  const bulk = 2 * Math.min(10_000, Math.max(1_000, Math.round(count / 100)));
  const single = 2 * Math.min(500, Math.round(bulk / 20));
  const tables = ["incidents", "incident_codes", "incident_staff", "counterparts"];
  const triggers = (on: boolean) => Promise.all(tables.map((t) => sql`ALTER TABLE ${sql.table(t)} ${sql.raw(on ? "ENABLE" : "DISABLE")} TRIGGER USER`.execute(db)));
  // Incidents per second of the writes alone (the marked buckets are refreshed by the rebuild after).
  const rate = async (n: number, batchSize: number, seed: number) => {
    const r = await generateIncidents(db, cliContext(null), { count: n, seed, batchSize, refreshRollup: false });
    return (n / r.ms) * 1000;
  };
  // Two rounds, on then off, so that neither side always runs on the larger table.
  let [onBulk, onSingle, offBulk, offSingle] = [0, 0, 0, 0];
  try {
    for (const round of [0, 1]) {
      onBulk += (await rate(bulk / 2, 1000, 101 + round)) / 2;
      onSingle += (await rate(single / 2, 1, 111 + round)) / 2;
      await triggers(false);
      offBulk += (await rate(bulk / 2, 1000, 121 + round)) / 2;
      offSingle += (await rate(single / 2, 1, 131 + round)) / 2;
      await triggers(true);
    }
    process.stdout.write(
      `write overhead of the rollup triggers (generator, incidents/s, triggers on → off): bulk ${bulk.toLocaleString("en")} in batches of 1,000: ${onBulk.toFixed(0)} → ${offBulk.toFixed(0)} (${((offBulk / onBulk - 1) * 100).toFixed(0)} % faster off); one per transaction ×${single}: ${onSingle.toFixed(0)} → ${offSingle.toFixed(0)} (${((offSingle / onSingle - 1) * 100).toFixed(0)} %)\n`,
    );
  } finally {
    await triggers(true);
  }
  await rebuild(db);
}

async function runEngine(engine: "pglite" | "postgres", count: number, samples: number) {
  const opened = await openBenchDatabase(engine, { reuseUrl });
  if (!opened) return;
  const { handle, drop } = opened;
  const db = handle.db;
  try {
    await migrateToLatest(db);
    if (engine === "postgres" && reuseUrl) {
      // An earlier run's database (its process stopped before dropping it): measure, generate nothing.
      const n = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM incidents`.execute(db)).rows[0]?.n);
      const r0 = performance.now();
      const refreshed = await refresh(db, null);
      process.stdout.write(`\n## ${engine}: existing database, ${n.toLocaleString("en")} incidents (${refreshed} dirty buckets refreshed in ${((performance.now() - r0) / 1000).toFixed(1)} s)\n`);
    } else {
      await seedDemo(db, "bench-demo-password-2026");
      const g0 = performance.now();
      const gen = await generateIncidents(db, cliContext(null), { count, seed: 42 });
      process.stdout.write(
        `\n## ${engine}: ${count.toLocaleString("en")} incidents generated in ${((performance.now() - g0) / 1000).toFixed(0)} s (rollup triggers on; of which the final rollup refresh ${(gen.rollupMs / 1000).toFixed(1)} s)\n`,
      );
    }
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
        process.stdout.write(`| ${name} | ${label} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p50 / baseline.p50).toFixed(2)}× |\n`);
      }
    }
    const dashboard = () => repo.refreshScope(db, central).then(() => Promise.all(queries.map(([, q]) => q(central))));
    const all = await time(dashboard, Math.max(5, Math.floor(samples / 3)));
    process.stdout.write(`| whole dashboard (dirty check + 9 queries) | central | ${all.p50.toFixed(1)} | ${all.p99.toFixed(1)} | ${(all.p50 / baseline.p50).toFixed(2)}× |\n`);
    const few = Math.max(3, Math.min(5, samples));
    const ref = await time(() => direct.byDepartment(db, central), few);
    process.stdout.write(`| reference: direct group-by, departments + staff-hours (${few} samples) | central | ${ref.p50.toFixed(1)} | ${ref.p99.toFixed(1)} | ${(ref.p50 / baseline.p50).toFixed(2)}× |\n`);
    // One dirty bucket: the busiest month × department of the year, marked as a trigger would.
    const busiest = (await sql<{ month: string; department_id: string; n: number }>`
      SELECT to_char(month, 'YYYY-MM-DD') AS month, department_id, n FROM analytics_rollup WHERE dimension = 'total' ORDER BY n DESC LIMIT 1`.execute(db)).rows[0];
    if (busiest) {
      const mark = () => sql`INSERT INTO analytics_dirty (month, department_id) VALUES (${busiest.month}::date, ${busiest.department_id}::uuid)`.execute(db);
      const one = await time(async () => {
        await mark();
        await repo.refreshScope(db, central);
      }, few);
      const dirtyDash = await time(async () => {
        await mark();
        await dashboard();
      }, few);
      process.stdout.write(`| refresh of one dirty bucket (${busiest.n.toLocaleString("en")} incidents, incl. the mark) | central | ${one.p50.toFixed(1)} | ${one.p99.toFixed(1)} | ${(one.p50 / baseline.p50).toFixed(2)}× |\n`);
      process.stdout.write(`| whole dashboard with that bucket dirty | central | ${dirtyDash.p50.toFixed(1)} | ${dirtyDash.p99.toFixed(1)} | ${(dirtyDash.p50 / baseline.p50).toFixed(2)}× |\n`);
    }
    const size = (await sql<{ a: string; b: string }>`SELECT (SELECT count(*) FROM analytics_rollup) AS a, (SELECT count(*) FROM analytics_rollup_counterparts) AS b`.execute(db)).rows[0];
    process.stdout.write(`\nslowest single rollup query p50: ${worst.toFixed(1)} ms; rollup ${Number(size?.a).toLocaleString("en")} rows + ${Number(size?.b).toLocaleString("en")} per-counterpart rows\n\n`);
    if (!skipExport) await exportSection(db, exportRows.length > 0 ? exportRows : [count]);
    // After the exports (they count the generated rows): rebuild, then the triggers' write overhead.
    const r0 = performance.now();
    const rebuilt = await rebuild(db);
    process.stdout.write(`\nfull rebuild (\`mamoru analytics rebuild\`): ${((performance.now() - r0) / 1000).toFixed(1)} s for ${rebuilt.rows.toLocaleString("en")} rollup rows\n`);
    await writeOverhead(db, count);
  } finally {
    await handle.close();
    await drop?.();
  }
}

/** Sizes of the export section (`--export-rows`); `--no-export` skips it. */
let exportRows: number[] = [];
let skipExport = false;
/** `--database-url URL`: measure an existing PostgreSQL database with generated incidents instead of a scratch one (kept). */
let reuseUrl: string | null = null;

export default async function main(args: string[]) {
  const count = Number(arg(args, "count", "100000"));
  exportRows = exportSizes(args, String(count));
  skipExport = args.includes("--no-export");
  reuseUrl = args.includes("--database-url") ? arg(args, "database-url", "") || null : null;
  const samples = Number(arg(args, "samples", "30"));
  const engines = arg(args, "engines", "pglite,postgres").split(",") as ("pglite" | "postgres")[];
  process.stdout.write(`# analytics benchmark (${new Date().toISOString()}, node ${process.version})\n`);
  for (const e of engines) await runEngine(e, count, samples);
}
