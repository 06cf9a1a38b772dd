import pg from "pg";
import { type DatabaseHandle, openPglite, openPostgres } from "../src/server/platform/db/engine.ts";

/**
 * A fresh PostgreSQL database for one benchmark run, dropped afterwards; null when no server is
 * reachable (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server at 127.0.0.1:5432).
 */
export async function scratchPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `mamoru_bench_${Date.now().toString(36)}`;
  try {
    const c = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
  } catch {
    return null;
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The database a benchmark runs on: an in-memory PGlite, an existing PostgreSQL database
 * (`reuseUrl`, never dropped), or a scratch PostgreSQL database dropped by `drop`. Null (with a
 * line on stdout) when PostgreSQL is asked for and not reachable.
 */
export async function openBenchDatabase(engine: "pglite" | "postgres", opts: { reuseUrl?: string | null; max?: number } = {}): Promise<{ handle: DatabaseHandle; drop: (() => Promise<void>) | null } | null> {
  if (engine === "pglite") return { handle: await openPglite(null), drop: null };
  if (opts.reuseUrl) return { handle: await openPostgres(opts.reuseUrl, { max: opts.max ?? 4 }), drop: null };
  const scratch = await scratchPostgresDatabase();
  if (!scratch) {
    process.stdout.write("postgres: not reachable, skipped\n");
    return null;
  }
  return { handle: await openPostgres(scratch.url, { max: opts.max ?? 4 }), drop: scratch.drop };
}
