/**
 * `npm run bench -- incidents [--count 20000] [--duration 5] [--samples 200] [--engines pglite,postgres]`
 *
 * 1. Creating incidents through the API (validation, authorization, audit, timeline, search index)
 *    at 1, 16 and 64 concurrent clients, as a ratio to a raw parameterised INSERT loop into the
 *    same table at the same concurrency, measured in the same run on the same engine.
 * 2. With `--count` demo incidents generated (default 20,000 for a quick run; `--count 100000` for
 *    the full figure): list and 2-character search p50/p99, as central (sees everything) and as a
 *    staff member (sees only their own), one client.
 * The server runs in its own process (bench/_http-target.ts); PostgreSQL from BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 */
import { randomUUID } from "node:crypto";
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { type Kysely, sql } from "kysely";
import { createToken } from "../src/server/auth/service.ts";
import { generateIncidents } from "../src/server/demo/incidents.ts";
import { seedDemo } from "../src/server/demo/seed.ts";
import { bigramsOf, searchText } from "../src/domain/incidents/search.ts";
import { cliContext } from "../src/server/platform/context.ts";
import { type DatabaseHandle, openPglite, openPostgres } from "../src/server/platform/db/engine.ts";
import { migrateToLatest } from "../src/server/platform/db/migrate.ts";
import type { Database } from "../src/server/platform/db/schema.ts";
import { scratchPostgresDatabase } from "./_postgres.ts";

const PASSWORD = "bench-demo-password-2026";
const LEVELS = [1, 16, 64];

const BODY = {
  channel: "phone",
  summary: "住民税の税額をめぐり暴言・威圧",
  narrative: "電話で住民税の税額について説明していたところ、突然大声を上げ、職員を繰り返し罵倒した。",
  demand: "今年度の住民税を減額し、延滞金を取り消すこと",
  quotes: [{ text: "この税金泥棒が" }, { text: "去年より上がってるのはおかしいだろ。計算し直せ" }],
  groups: [2],
  startedAt: "2026-11-20T01:00:00.000Z",
  endedAt: "2026-11-20T01:25:00.000Z",
  counterpart: { type: "resident", name: "佐藤 一郎", phone: "090-1111-2222" },
};

interface Target {
  port: number;
  stop: () => Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Target> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, "_http-target.ts"), ["mamoru"], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env, MAMORU_DEMO_PASSWORD: PASSWORD },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    port,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

interface EngineSetup {
  name: "pglite" | "postgres";
  env: Record<string, string>;
  open: () => Promise<DatabaseHandle>;
  drop: () => Promise<void>;
}

async function postgresSetup(): Promise<EngineSetup | null> {
  const scratch = await scratchPostgresDatabase();
  if (!scratch) return null;
  return {
    name: "postgres",
    env: { DATABASE_URL: scratch.url },
    open: () => openPostgres(scratch.url, { max: 70 }),
    drop: scratch.drop,
  };
}

function pgliteSetup(): EngineSetup {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-bench-"));
  return { name: "pglite", env: { MAMORU_DATA_DIR: dir }, open: () => openPglite(dir), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The baseline: `clients` loops each INSERTing one incident row (same table, indexes and search columns) with a parameterised statement. */
async function rawInsertLoop(
  db: Kysely<Database>,
  clients: number,
  seconds: number,
  ids: { dept: string; user: string },
  serial: { n: number },
): Promise<number> {
  const texts = [BODY.summary, BODY.narrative, BODY.demand, ...BODY.quotes.map((q) => q.text)];
  const bigrams = bigramsOf(...texts);
  const text = searchText(...texts);
  const until = Date.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const now = new Date();
      await db
        .insertInto("incidents")
        .values({
          id: randomUUID(),
          number: `1999-${String(++serial.n).padStart(7, "0")}`,
          department_id: ids.dept,
          created_by: ids.user,
          channel: "phone",
          summary: BODY.summary,
          narrative: BODY.narrative,
          demand: BODY.demand,
          started_at: new Date(BODY.startedAt),
          ended_at: new Date(BODY.endedAt),
          search_bigrams: bigrams,
          search_text: text,
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
      done++;
    }
  };
  const began = Date.now();
  await Promise.all(Array.from({ length: clients }, worker));
  return done / ((Date.now() - began) / 1000);
}

async function latencies(url: string, token: string, paths: string[], samples: number): Promise<{ p50: number; p99: number; total: string }> {
  const times: number[] = [];
  let total = "";
  for (let i = 0; i < samples; i++) {
    const p = paths[i % paths.length] as string;
    const t = performance.now();
    const res = await fetch(url + p, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { total?: number; totalCapped?: boolean };
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${JSON.stringify(body)}`);
    // The list counts at most 1,000 rows past the page; "≥" marks a count that stopped there.
    if (body.total !== undefined) total = `${body.totalCapped ? "≥" : ""}${fmt(body.total)}`;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  return { p50: at(0.5), p99: at(0.99), total };
}

/** Schema, the demo organisation, and API tokens for a staff member and for central. */
async function prepare(setup: EngineSetup) {
  const handle = await setup.open();
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, PASSWORD);
  const user = async (name: string) =>
    (await handle.db.selectFrom("users").select(["id", "department_id"]).where("username", "=", name).executeTakeFirstOrThrow()) as {
      id: string;
      department_id: string;
    };
  const staff = await user("staff");
  const central = await user("central");
  return {
    handle,
    staff,
    staffToken: (await createToken(handle.db, cliContext(), "bench", staff.id)).token,
    centralToken: (await createToken(handle.db, cliContext(), "bench", central.id)).token,
  };
}

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const arg = (args: string[], name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

export default async function main(args: string[]) {
  const count = Number(arg(args, "--count")) || 20_000;
  const duration = Number(arg(args, "--duration")) || 5;
  const samples = Number(arg(args, "--samples")) || 200;
  const engines = (arg(args, "--engines") ?? "pglite,postgres").split(",");
  process.stdout.write(
    `incidents benchmark: ${fmt(count)} incidents for list/search${args.includes("--count") ? "" : " (default; --count 100000 for the full figure)"}, ${duration}s per create cell, ${samples} samples per query\n`,
  );
  const createRows: string[][] = [];
  const queryRows: string[][] = [];
  const genRows: string[][] = [];

  for (const engine of engines) {
    // Two fresh databases per engine: one for the create measurements, one holding only the generated set.
    const writes = engine === "pglite" ? pgliteSetup() : engine === "postgres" ? await postgresSetup() : null;
    if (!writes) {
      process.stdout.write(`${engine}: not available, skipped (set BENCH_DATABASE_URL for PostgreSQL)\n`);
      continue;
    }
    try {
      const w = await prepare(writes);
      // Baseline: raw INSERT loops at each concurrency, in the bench process.
      const serial = { n: 0 };
      const raw = new Map<number, number>();
      for (const c of LEVELS) raw.set(c, await rawInsertLoop(w.handle.db, c, duration, { dept: w.staff.department_id, user: w.staff.id }, serial));
      await w.handle.close();
      // Through the API, server in its own process.
      const srv = await startServer(writes.env);
      for (const c of LEVELS) {
        const r = await autocannon({
          url: `http://127.0.0.1:${srv.port}/api/incidents`,
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${w.staffToken}` },
          body: JSON.stringify(BODY),
          connections: c,
          duration,
          workers: 0,
        });
        const bad = r.non2xx + r.errors + r.timeouts;
        const rps = (r.requests.total - bad) / (r.duration || duration);
        const base = raw.get(c) as number;
        createRows.push([writes.name, String(c), fmt(rps, 1), fmt(r.latency.p50, 1), fmt(r.latency.p99, 1), String(bad), fmt(base, 0), fmt(rps / base, 4)]);
      }
      await srv.stop();
    } finally {
      await writes.drop();
    }

    const reads = (engine === "pglite" ? pgliteSetup() : await postgresSetup()) as EngineSetup;
    try {
      const r = await prepare(reads);
      const gen = await generateIncidents(r.handle.db, cliContext(), {
        count,
        seed: 1,
        onProgress: (n) => {
          if (n % 20_000 === 0) process.stdout.write(`  ${reads.name}: ${fmt(n)} generated\n`);
        },
      });
      await sql`ANALYZE`.execute(r.handle.db);
      await r.handle.close();
      genRows.push([reads.name, fmt(gen.created), fmt(gen.ms / 1000, 1), fmt(gen.created / (gen.ms / 1000), 0)]);

      const srv = await startServer(reads.env);
      const base = `http://127.0.0.1:${srv.port}`;
      const searches = ["暴言", "税金", "窓口", "電話", "土下"].map((q) => `/api/incidents?q=${encodeURIComponent(q)}&limit=50`);
      const cells: Array<[string, string, string[]]> = [
        ["central", "list (newest 50)", ["/api/incidents?limit=50"]],
        ["central", "list, page 20", ["/api/incidents?limit=50&offset=950"]],
        ["central", "search, 2 chars", searches],
        ["staff", "list (newest 50)", ["/api/incidents?limit=50"]],
        ["staff", "search, 2 chars", searches],
      ];
      for (const [who, what, paths] of cells) {
        const token = who === "central" ? r.centralToken : r.staffToken;
        await latencies(base, token, paths, 5); // warm up
        const m = await latencies(base, token, paths, samples);
        queryRows.push([reads.name, who, what, m.total, fmt(m.p50, 1), fmt(m.p99, 1)]);
      }
      await srv.stop();
    } finally {
      await reads.drop();
    }
  }

  const table = (title: string, header: string[], rows: string[][]) => {
    const widths = header.map((hd, i) => Math.max(hd.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (r: string[]) => r.map((v, i) => v.padStart(widths[i] ?? 0)).join("  ");
    process.stdout.write(`\n${title}\n${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n${rows.map(line).join("\n")}\n`);
  };
  process.stdout.write(`\n(${os.cpus().length} cores, Node ${process.version})\n`);
  table(
    "Create through the API vs a raw INSERT loop",
    ["engine", "clients", "API created/s", "p50 ms", "p99 ms", "non-2xx", "raw INSERT/s", "ratio"],
    createRows,
  );
  table("Demo data generation (batched INSERTs)", ["engine", "incidents", "seconds", "incidents/s"], genRows);
  table(
    `List and search at ${fmt(count)} incidents (one client, ${samples} requests)`,
    ["engine", "as", "query", "matches (last)", "p50 ms", "p99 ms"],
    queryRows,
  );
  process.stdout.write(
    "\nratio = incidents created per second through POST /api/incidents (validation, authorization, counterpart, codes, quotes, staff, timeline, search index, audit row) ÷ raw single-row INSERTs per second into the same table at the same concurrency.\n",
  );
}
