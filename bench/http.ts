/**
 * `npm run bench -- http [--duration 5] [--engines pglite,postgres]`
 * Login and authenticated GET /api/me at 1, 16 and 64 connections, each beside a bare Hono
 * hello-world (GET and a JSON POST) measured in the same run; on PGlite and on PostgreSQL
 * (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server at 127.0.0.1:5432).
 */
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { scratchPostgresDatabase } from "./_postgres.ts";

const PASSWORD = "bench-demo-password-2026";

interface Target {
  child: ChildProcess;
  port: number;
  cleanup: () => Promise<void>;
}

async function startTarget(kind: "bare" | "mamoru", env: Record<string, string>): Promise<Target> {
  const child = fork(path.join(import.meta.dirname, "_http-target.ts"), [kind], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env, MAMORU_DEMO_PASSWORD: PASSWORD },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`target exited with ${code}`)));
  });
  return {
    child,
    port,
    cleanup: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(opts: autocannon.Options): Promise<Result> {
  const r = await autocannon({ ...opts, workers: 0 });
  const bad = r.non2xx + r.errors + r.timeouts;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: bad };
}

async function loginCookie(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "staff", password: PASSWORD }),
  });
  const cookie = /mamoru_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  return cookie;
}


const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

export default async function main(args: string[]) {
  const duration = Number(args[args.indexOf("--duration") + 1]) || 5;
  const engines = (args.includes("--engines") ? (args[args.indexOf("--engines") + 1] ?? "") : "pglite,postgres").split(",");
  const levels = [1, 16, 64];
  const rows: string[][] = [];

  const bare = await startTarget("bare", {});
  const baseline = new Map<string, Result>();
  for (const c of levels) {
    baseline.set(`get${c}`, await load({ url: `http://127.0.0.1:${bare.port}/hello`, connections: c, duration }));
    baseline.set(
      `post${c}`,
      await load({ url: `http://127.0.0.1:${bare.port}/hello`, method: "POST", headers: { "content-type": "application/json" }, body: '{"username":"staff","password":"x"}', connections: c, duration }),
    );
  }
  await bare.cleanup();

  for (const engine of engines) {
    let env: Record<string, string>;
    let drop = async () => {};
    if (engine === "pglite") {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-bench-"));
      env = { MAMORU_DATA_DIR: dir };
      drop = async () => fs.rmSync(dir, { recursive: true, force: true });
    } else {
      const pgdb = await scratchPostgresDatabase();
      if (!pgdb) {
        process.stdout.write("PostgreSQL not reachable: skipping the postgres engine (set BENCH_DATABASE_URL)\n");
        continue;
      }
      env = { DATABASE_URL: pgdb.url };
      drop = pgdb.drop;
    }
    const t = await startTarget("mamoru", env);
    const cookie = await loginCookie(t.port);
    for (const c of levels) {
      const me = await load({ url: `http://127.0.0.1:${t.port}/api/me`, headers: { cookie }, connections: c, duration });
      const base = baseline.get(`get${c}`) as Result;
      rows.push([engine, "GET /api/me", String(c), fmt(me.rps), fmt(me.p50, 1), fmt(me.p99, 1), String(me.errors), fmt(base.rps), fmt(me.rps / base.rps, 3)]);
      const login = await load({
        url: `http://127.0.0.1:${t.port}/api/auth/login`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "staff", password: PASSWORD }),
        connections: c,
        duration,
      });
      const pbase = baseline.get(`post${c}`) as Result;
      rows.push([engine, "POST /api/auth/login", String(c), fmt(login.rps), fmt(login.p50, 1), fmt(login.p99, 1), String(login.errors), fmt(pbase.rps), fmt(login.rps / pbase.rps, 4)]);
    }
    await t.cleanup();
    await drop();
  }

  const header = ["engine", "route", "conns", "req/s", "p50 ms", "p99 ms", "non-2xx", "bare Hono req/s", "ratio"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((v, i) => v.padStart(widths[i] ?? 0)).join("  ");
  process.stdout.write(`\nHTTP benchmark (${duration}s per cell, ${os.cpus().length} cores, Node ${process.version})\n`);
  process.stdout.write(`${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  process.stdout.write("\nratio = Mamoru req/s ÷ bare Hono hello-world req/s at the same concurrency (GET vs GET, login vs JSON POST).\n");
  process.stdout.write("Login is dominated by argon2id (19 MiB, t=2) by design; /api/me includes session lookup, actor load and the JSON response.\n");
}
