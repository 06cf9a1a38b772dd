import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { acquireDataDirLock } from "./lock.ts";
import type { Database } from "./schema.ts";

export type EngineName = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: EngineName;
  /** PGlite only: the embedded instance (for backup of the raw data directory and tests). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

// bigint (int8) stays a string as node-postgres returns it by default; numeric too. Dates come back as Date.

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 5_000 });
  pool.on("error", () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const safeUrl = url.replace(/\/\/([^@/]*)@/, "//***@");
    throw new DatabaseUnavailableError(
      `データベースに接続できません / cannot connect to the database at ${safeUrl}: ${(err as Error).message}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: "postgres", close: () => db.destroy() };
}

export async function openPglite(
  dataDir: string | null,
  opts: { command?: string; loadDataDir?: Blob } = {},
): Promise<DatabaseHandle> {
  let release: (() => void) | undefined;
  if (dataDir) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch (err) {
      throw new DatabaseUnavailableError(
        `データディレクトリに書き込めません / the data directory is not writable: ${dataDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    release = acquireDataDirLock(dataDir, opts.command ?? process.argv.slice(1).join(" "));
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { pg_trgm },
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
  } catch (err) {
    release?.();
    throw new DatabaseUnavailableError(
      `組み込みデータベースを開けません / cannot open the embedded database in ${dataDir ?? "memory"}: ${(err as Error).message}`,
    );
  }
  // Exactly one pool of one connection per PGlite instance: PGlite is a single session.
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "pglite",
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
      release?.();
    },
  };
}

export async function openDatabase(cfg: { databaseUrl?: string | undefined; dataDir: string }, command?: string) {
  return cfg.databaseUrl ? openPostgres(cfg.databaseUrl) : openPglite(cfg.dataDir, command ? { command } : {});
}
