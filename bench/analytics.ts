/**
 * `npm run bench -- analytics [--count 100000] [--engines pglite,postgres] [--samples 30]`
 *
 * 1. Dashboard queries (each group-by of the dashboard, as central for the whole organisation and
 *    as a supervisor for one department) over `--count` generated demo incidents, p50/p99, against
 *    a plain `SELECT channel, count(*) FROM incidents GROUP BY channel` over the same table in the
 *    same run (the ratio is the figure to watch: these machines are noisy).
 * 2. The incident export of every generated row as XLSX (exceljs streaming writer) and CSV:
 *    time, rows/s and peak memory (RSS and heap above the level before the export).
 * PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else 127.0.0.1:5432 (skipped when
 * unreachable). Generating 1M incidents takes a while: `--count 1000000 --engines postgres`.
 */
import { Writable } from "node:stream";
import { type Kysely, sql } from "kysely";
import { fiscalYearRange } from "../src/domain/analytics/wareki.ts";
import { DEFAULT_COLUMNS, streamCsv, streamXlsx } from "../src/server/analytics/exports.ts";
import * as repo from "../src/server/analytics/repo.ts";
import { generateIncidents } from "../src/server/demo/incidents.ts";
import { seedDemo } from "../src/server/demo/seed.ts";
import { cliContext } from "../src/server/platform/context.ts";
import { type DatabaseHandle, openPglite, openPostgres } from "../src/server/platform/db/engine.ts";
import { migrateToLatest } from "../src/server/platform/db/migrate.ts";
import type { Database } from "../src/server/platform/db/schema.ts";
import { scratchPostgresDatabase } from "./_postgres.ts";

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

async function exportRun(db: Kysely<Database>, format: "xlsx" | "csv", rows: number) {
  const scope: repo.Scope = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z"), departmentIds: null };
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;
  let peakRss = baseRss;
  let peakHeap = baseHeap;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  let bytes = 0;
  const t = performance.now();
  const prepared = { scope, columns: DEFAULT_COLUMNS, personal: false, fiscalYear: 0, en: false };
  const stream = format === "xlsx" ? streamXlsx(db, prepared) : streamCsv(db, prepared);
  await new Promise<void>((resolve, reject) => {
    stream
      .pipe(
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            bytes += chunk.length;
            cb();
          },
        }),
      )
      .on("finish", resolve)
      .on("error", reject);
    stream.on("error", reject);
  });
  const ms = performance.now() - t;
  clearInterval(timer);
  return { ms, rowsPerSecond: Math.round((rows / ms) * 1000), mb: bytes / 1e6, peakRssMb: (peakRss - baseRss) / 1e6, peakHeapMb: (peakHeap - baseHeap) / 1e6 };
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
    for (const format of ["xlsx", "csv"] as const) {
      const r = await exportRun(db, format, count);
      process.stdout.write(`export ${format}: ${count.toLocaleString("en")} rows in ${(r.ms / 1000).toFixed(1)} s (${r.rowsPerSecond.toLocaleString("en")} rows/s, ${r.mb.toFixed(1)} MB), peak RSS +${r.peakRssMb.toFixed(0)} MB, peak heap +${r.peakHeapMb.toFixed(0)} MB\n`);
    }
  } finally {
    await handle.close();
    await drop?.();
  }
}

export default async function main(args: string[]) {
  const count = Number(arg(args, "count", "100000"));
  const samples = Number(arg(args, "samples", "30"));
  const engines = arg(args, "engines", "pglite,postgres").split(",") as ("pglite" | "postgres")[];
  process.stdout.write(`# analytics benchmark (${new Date().toISOString()}, node ${process.version})\n`);
  for (const e of engines) await runEngine(e, count, samples);
}
