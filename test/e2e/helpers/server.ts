import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { EngineName } from "../../../src/server/platform/db/engine.ts";
import { createPostgresDatabase } from "../../helpers/db.ts";

/** The demo users' password for the browser tests (≥ 12 characters, no username in it). */
export const DEMO_PASSWORD = "e2e-Hagi-no-tsuki-2026";

export interface RunningServer {
  baseUrl: string;
  engine: EngineName;
  /** The server's data directory (evidence files live in <dataDir>/evidence). */
  dataDir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the REAL server (`node --import tsx src/server/main.ts`) as a child process on a free port,
 * over a fresh data directory (PGlite) or a fresh PostgreSQL database, with the demo organisation.
 */
export async function startServer(engine: EngineName): Promise<RunningServer> {
  if (!fs.existsSync(path.resolve("dist/web/index.html"))) throw new Error("dist/web is missing: run `npx vite build` first");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-e2e-"));
  const pg = engine === "postgres" ? await createPostgresDatabase() : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    MAMORU_DATA_DIR: dataDir,
    MAMORU_DEMO: "true",
    MAMORU_DEMO_PASSWORD: DEMO_PASSWORD,
    MAMORU_LOG_LEVEL: "warn",
  };
  if (pg) env.DATABASE_URL = pg.url;
  else delete env.DATABASE_URL;

  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pg?.drop();
  };

  // Poll the readiness endpoint a bounded number of times (each attempt waits for the previous reply).
  // Bounded by time, not only by count: on a loaded 2-core machine a first start (fresh embedded database, demo data) can take over 30 s.
  const deadline = Date.now() + 180_000;
  for (let attempt = 0; attempt < 300 || Date.now() < deadline; attempt++) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return { baseUrl, engine, dataDir, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    await waitForOutputOrTick(child);
  }
  await stop();
  throw new Error(`the Mamoru server did not become ready:\n${output}`);
}

/** Waits until the child writes something or a short timer tick passes (keeps polling bounded without busy-looping). */
function waitForOutputOrTick(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off("data", done);
      resolve();
    };
    const timer = setTimeout(done, 100);
    child.stdout?.once("data", done);
  });
}
