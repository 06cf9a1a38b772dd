/**
 * `npm run bench -- analytics-export [--count 20000] [--export-rows 20000,100000,1000000] [--engines pglite,postgres] [--formats xlsx,csv] [--database-url postgres://…]`
 *
 * The incident export (the product's XLSX and CSV writers, src/server/analytics/exports.ts) at
 * several sizes in one run, printed side by side, to show whether memory is constant in the row
 * count: time, rows/s, output size, peak RSS and peak heap above the level before each export
 * (after a full GC), sampled every 20 ms, and the heap left after a GC at the end.
 *
 * The rows are read from `--count` generated demo incidents in keyset batches exactly as the
 * export reads them; a size larger than the table reads the table again from the start until the
 * size is reached (generating 1M incidents takes over an hour here; the writer's memory does not
 * depend on which rows it is given). `npm run bench -- analytics` runs the same section over its
 * own table (`--export-rows` there too). `--database-url` exports from an existing, already
 * populated PostgreSQL database as it is (nothing generated, nothing dropped).
 */
import { Writable } from "node:stream";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { type Kysely, sql } from "kysely";
import { DEFAULT_COLUMNS, type ExportRow, type PreparedExport, csvFromBatches, exportBatches, xlsxFromBatches } from "../src/server/analytics/exports.ts";
import type { Scope } from "../src/server/analytics/repo.ts";
import { generateIncidents } from "../src/server/demo/incidents.ts";
import { seedDemo } from "../src/server/demo/seed.ts";
import { cliContext } from "../src/server/platform/context.ts";
import { openPostgres } from "../src/server/platform/db/engine.ts";
import { migrateToLatest } from "../src/server/platform/db/migrate.ts";
import type { Database } from "../src/server/platform/db/schema.ts";
import { openBenchDatabase } from "./_postgres.ts";

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
}

/** A full garbage collection without starting node with --expose-gc. */
const gc: () => void = (() => {
  v8.setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

const ALL: Scope = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z"), departmentIds: null };

/** Live heap: heapUsed after a full GC, taken every CHECKPOINT rows while the export runs. */
const CHECKPOINT = 50_000;
let liveHeapMax = 0;
/** Peaks, sampled every 20 ms and at every batch (on the embedded engine a run may not reach the timer phase for long). */
const peak = { rss: 0, heap: 0 };
function sample() {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heap = Math.max(peak.heap, m.heapUsed);
}

/**
 * `rows` rows in the export's own keyset batches, reading the table again from the start when it
 * runs out; every CHECKPOINT rows a full GC and a look at what is still alive (the export's
 * working set, unlike the peak, does not depend on when V8 chooses to collect).
 */
async function* rowsOf(db: Kysely<Database>, rows: number): AsyncGenerator<ExportRow[]> {
  let left = rows;
  let sinceCheck = 0;
  while (left > 0) {
    let any = false;
    for await (const batch of exportBatches(db, ALL, false)) {
      any = true;
      const part = batch.length > left ? batch.slice(0, left) : batch;
      left -= part.length;
      sample();
      yield part;
      sample();
      sinceCheck += part.length;
      if (sinceCheck >= CHECKPOINT) {
        sinceCheck = 0;
        sample();
        gc();
        liveHeapMax = Math.max(liveHeapMax, process.memoryUsage().heapUsed);
      }
      if (left === 0) return;
    }
    if (!any) return;
  }
}

export interface ExportFigures {
  format: "xlsx" | "csv";
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  mb: number;
  peakRssMb: number;
  peakHeapMb: number;
  heapAfterMb: number;
  rssBeforeMb: number;
  /** The largest heap still alive at a checkpoint (after a full GC), above the level before; null below one checkpoint. */
  liveHeapMb: number | null;
}

export async function exportRun(db: Kysely<Database>, format: "xlsx" | "csv", rows: number): Promise<ExportFigures> {
  gc();
  const base = process.memoryUsage();
  liveHeapMax = 0;
  peak.rss = base.rss;
  peak.heap = base.heapUsed;
  const timer = setInterval(sample, 20);
  let bytes = 0;
  const t = performance.now();
  const prepared: PreparedExport = { scope: ALL, columns: DEFAULT_COLUMNS, personal: false, fiscalYear: 0, en: false };
  const stream = format === "xlsx" ? xlsxFromBatches(rowsOf(db, rows), prepared) : csvFromBatches(rowsOf(db, rows), prepared);
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
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
  });
  const ms = performance.now() - t;
  clearInterval(timer);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    format,
    rows,
    seconds: ms / 1000,
    rowsPerSecond: Math.round((rows / ms) * 1000),
    mb: bytes / 1e6,
    peakRssMb: (peak.rss - base.rss) / 1e6,
    peakHeapMb: (peak.heap - base.heapUsed) / 1e6,
    heapAfterMb: (heapAfter - base.heapUsed) / 1e6,
    rssBeforeMb: base.rss / 1e6,
    liveHeapMb: liveHeapMax > 0 ? (liveHeapMax - base.heapUsed) / 1e6 : null,
  };
}

/** Every format at every size, one table per format with the sizes side by side. */
export async function exportSection(db: Kysely<Database>, sizes: number[], formats: ("xlsx" | "csv")[] = ["xlsx", "csv"]): Promise<ExportFigures[]> {
  const all: ExportFigures[] = [];
  for (const format of formats) {
    const figures: ExportFigures[] = [];
    for (const rows of sizes) figures.push(await exportRun(db, format, rows));
    all.push(...figures);
    const col = (f: (x: ExportFigures) => string) => figures.map(f).join(" | ");
    process.stdout.write(`\nexport ${format} (peak memory above the level before the export, after a full GC):\n\n`);
    process.stdout.write(`| rows | ${col((x) => x.rows.toLocaleString("en"))} |\n|---|${figures.map(() => "---:").join("|")}|\n`);
    process.stdout.write(`| time s | ${col((x) => x.seconds.toFixed(1))} |\n`);
    process.stdout.write(`| rows/s | ${col((x) => x.rowsPerSecond.toLocaleString("en"))} |\n`);
    process.stdout.write(`| file MB | ${col((x) => x.mb.toFixed(1))} |\n`);
    process.stdout.write(`| peak RSS MB | ${col((x) => `+${x.peakRssMb.toFixed(0)}`)} |\n`);
    process.stdout.write(`| peak heap MB | ${col((x) => `+${x.peakHeapMb.toFixed(0)}`)} |\n`);
    process.stdout.write(`| RSS before → peak MB | ${col((x) => `${x.rssBeforeMb.toFixed(0)} → ${(x.rssBeforeMb + x.peakRssMb).toFixed(0)}`)} |\n`);
    process.stdout.write(`| live heap at checkpoints MB (max, after GC every ${CHECKPOINT.toLocaleString("en")} rows) | ${col((x) => (x.liveHeapMb === null ? "—" : `${x.liveHeapMb >= 0 ? "+" : ""}${x.liveHeapMb.toFixed(1)}`))} |\n`);
    process.stdout.write(`| heap after GC MB | ${col((x) => `${x.heapAfterMb >= 0 ? "+" : ""}${x.heapAfterMb.toFixed(1)}`)} |\n`);
  }
  return all;
}

export const exportSizes = (args: string[], fallback: string): number[] =>
  arg(args, "export-rows", fallback)
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);

async function existingDatabase(url: string, sizes: number[], formats: ("xlsx" | "csv")[]) {
  const handle = await openPostgres(url, { max: 4 });
  try {
    const n = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM incidents`.execute(handle.db)).rows[0]?.n);
    process.stdout.write(`\n## postgres (existing database): ${n.toLocaleString("en")} incidents; exports of ${sizes.map((x) => x.toLocaleString("en")).join(", ")} rows\n`);
    await exportSection(handle.db, sizes, formats);
  } finally {
    await handle.close();
  }
}

async function runEngine(engine: "pglite" | "postgres", count: number, sizes: number[], formats: ("xlsx" | "csv")[]) {
  const opened = await openBenchDatabase(engine);
  if (!opened) return;
  const { handle, drop } = opened;
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, "bench-demo-password-2026");
    const g0 = performance.now();
    await generateIncidents(handle.db, cliContext(null), { count, seed: 42 });
    await sql`ANALYZE`.execute(handle.db); // as autovacuum would: without statistics the keyset batches are planned as full sorts
    process.stdout.write(`\n## ${engine}: ${count.toLocaleString("en")} incidents generated in ${((performance.now() - g0) / 1000).toFixed(0)} s; exports of ${sizes.map((n) => n.toLocaleString("en")).join(", ")} rows\n`);
    await exportSection(handle.db, sizes, formats);
  } finally {
    await handle.close();
    await drop?.();
  }
}

export default async function main(args: string[]) {
  const count = Number(arg(args, "count", "20000"));
  const sizes = exportSizes(args, "20000,100000");
  const engines = arg(args, "engines", "pglite,postgres").split(",") as ("pglite" | "postgres")[];
  const formats = arg(args, "formats", "xlsx,csv").split(",") as ("xlsx" | "csv")[];
  process.stdout.write(`# analytics export benchmark (${new Date().toISOString()}, node ${process.version})\n`);
  const url = arg(args, "database-url", "");
  if (url) return existingDatabase(url, sizes, formats);
  for (const e of engines) await runEngine(e, count, sizes, formats);
}
