/**
 * `npm run bench -- alerts [--streams 1000] [--alerts 20] [--engines postgres,pglite]`
 *
 * N supervisor streams (server-sent events, each with its own API token) are connected to Mamoru;
 * a staff member raises emergency alerts one after another (each waits until every stream has it,
 * or 10 s). Measured: latency from the moment the staff member's request is sent to the moment
 * each stream receives the alert (p50 / p99 / max), and deliveries (every stream must receive every
 * alert once). Baseline, same run, same client code: the same number of streams on a bare Hono SSE
 * endpoint whose fan-out is an in-memory loop (bench/_alerts-target.ts bare).
 * Mamoru's path: request → transaction (alert, action log, audit, event row under the counter lock,
 * pg_notify) → LISTEN connection (PostgreSQL) or local wake-up (PGlite) → read of the event rows →
 * per-stream recipient check → write.
 */
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { scratchPostgresDatabase } from "./_postgres.ts";

const PASSWORD = "bench-demo-password-2026";

function arg(args: string[], name: string, dflt: string) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : dflt;
}

interface Target {
  port: number;
  info: { tokens?: string[]; staffToken?: string };
  stop: () => Promise<void>;
}

async function startTarget(kind: "bare" | "mamoru", streams: number, env: Record<string, string>): Promise<Target> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, "_alerts-target.ts"), [kind, String(streams)], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env, MAMORU_DEMO_PASSWORD: PASSWORD, MAMORU_SECRET_KEY: Buffer.alloc(32, 9).toString("base64") },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const msg = await new Promise<{ port: number; tokens?: string[]; staffToken?: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { port: number }));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    port: msg.port,
    info: msg,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** One SSE connection; calls back with (alertId, receive time) for every alert.raised event. */
function connect(port: number, pathName: string, token: string | null, onAlert: (id: string, at: number) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathName, agent: false, headers: { accept: "text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      res.setEncoding("utf8");
      let buf = "";
      let ready = false;
      res.on("data", (chunk: string) => {
        const at = performance.now();
        buf += chunk;
        let idx = buf.indexOf("\n\n");
        while (idx >= 0) {
          const block = buf.slice(0, idx);
          buf = buf.slice(idx + 2);
          if (block.includes("event: ready") && !ready) {
            ready = true;
            resolve(req);
          } else if (block.includes("event: alert.raised")) {
            const line = block.split("\n").find((l) => l.startsWith("data:"));
            if (line) onAlert((JSON.parse(line.slice(5)) as { alertId: string }).alertId, at);
          }
          idx = buf.indexOf("\n\n");
        }
      });
      res.on("error", () => {});
    });
    req.on("error", reject);
    req.end();
  });
}

function post(port: number, pathName: string, token: string | null, body: unknown): Promise<{ status: number; body: { id: string } }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: "127.0.0.1", port, path: pathName, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { id: string } }));
    });
    req.on("error", reject);
    req.end(data);
  });
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

interface Result {
  label: string;
  p50: number;
  p99: number;
  max: number;
  delivered: number;
  expected: number;
  duplicates: number;
}

async function run(label: string, target: Target, streams: number, alerts: number, raise: (i: number) => Promise<string>, streamPath: string, tokens: (i: number) => string | null): Promise<Result> {
  const received = new Map<string, number[]>();
  const seen = new Set<string>();
  let duplicates = 0;
  const conns: http.ClientRequest[] = [];
  for (let i = 0; i < streams; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, streams - i) }, (_, j) =>
        connect(target.port, streamPath, tokens(i + j), (id, at) => {
          const key = `${i + j}:${id}`;
          if (seen.has(key)) duplicates++;
          seen.add(key);
          const list = received.get(id) ?? [];
          list.push(at);
          received.set(id, list);
        }),
      ),
    );
    conns.push(...batch);
  }
  const latencies: number[] = [];
  let delivered = 0;
  for (let a = 0; a < alerts; a++) {
    const t0 = performance.now();
    const id = await raise(a);
    const deadline = Date.now() + 10_000;
    while ((received.get(id)?.length ?? 0) < streams && Date.now() < deadline) await new Promise<void>((r) => setTimeout(r, 2));
    const got = received.get(id) ?? [];
    delivered += got.length;
    for (const at of got) latencies.push(at - t0);
  }
  for (const c of conns) c.destroy();
  return { label, p50: pct(latencies, 50), p99: pct(latencies, 99), max: Math.max(...latencies), delivered, expected: streams * alerts, duplicates };
}

export default async function main(args: string[]) {
  const streams = Number(arg(args, "streams", "1000"));
  const alerts = Number(arg(args, "alerts", "20"));
  const engines = arg(args, "engines", "postgres,pglite").split(",");
  const results: Result[] = [];

  const bare = await startTarget("bare", streams, {});
  try {
    results.push(await run("bare Hono SSE, in-memory fan-out", bare, streams, alerts, async () => (await post(bare.port, "/emit", null, {})).body.id, "/stream", () => null));
  } finally {
    await bare.stop();
  }

  for (const engine of engines) {
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    if (engine === "postgres") {
      const scratch = await scratchPostgresDatabase();
      if (!scratch) {
        process.stdout.write("PostgreSQL not reachable: skipping that engine\n");
        continue;
      }
      env = { DATABASE_URL: scratch.url };
      drop = scratch.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-bench-alerts-"));
      env = { MAMORU_DATA_DIR: dir };
      drop = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    const target = await startTarget("mamoru", streams, env);
    try {
      const staffToken = target.info.staffToken as string;
      const tokens = target.info.tokens as string[];
      const session = await post(target.port, "/api/live-assist/sessions", staffToken, { channel: "counter", place: "bench" });
      if (session.status !== 201) throw new Error(`session: ${session.status}`);
      results.push(
        await run(
          `Mamoru (${engine}), ${engine === "postgres" ? "LISTEN/NOTIFY" : "local wake-up"}`,
          target,
          streams,
          alerts,
          async (i) => {
            const r = await post(target.port, `/api/live-assist/sessions/${session.body.id}/alerts`, staffToken, { id: `bench-alert-${i}-${Date.now()}`, kind: "emergency" });
            if (r.status !== 201) throw new Error(`alert: ${r.status}`);
            return r.body.id;
          },
          "/api/live-assist/stream",
          (i) => tokens[i] as string,
        ),
      );
    } finally {
      await target.stop();
      await drop();
    }
  }

  const base = results[0] as Result;
  const lines = [
    `streams ${streams}, alerts ${alerts} (each waits for full delivery), ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`,
    "| server | p50 ms | p99 ms | max ms | delivered / expected | duplicates | p99 vs bare |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.delivered} / ${r.expected} | ${r.duplicates} | ${(r.p99 / base.p99).toFixed(1)}× |`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
