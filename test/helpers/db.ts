import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe } from "node:test";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { type DatabaseHandle, type EngineName, openPglite, openPostgres } from "../../src/server/platform/db/engine.ts";
import { migrateToLatest } from "../../src/server/platform/db/migrate.ts";

/**
 * Real databases for tests: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set.
 * Each test database is fresh: PGlite starts from a migrated template kept in memory for the
 * process; PostgreSQL gets a new database that is dropped afterwards.
 */
export const ENGINES: EngineName[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

let template: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const h = await openPglite(null);
    await migrateToLatest(h.db);
    const blob = await (h.pglite as NonNullable<DatabaseHandle["pglite"]>).dumpDataDir("none");
    await h.close();
    return blob;
  })();
  return template;
}

export interface TestDatabase extends DatabaseHandle {
  /** For the PostgreSQL engine: the URL of this fresh database (to start a server process on it). */
  url?: string;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  return url;
}

/** Creates an empty PostgreSQL database and returns its URL and a drop function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = adminUrl();
  const name = `mamoru_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
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

export async function openTestDatabase(engine: EngineName, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = opts.migrate ?? true;
  if (engine === "pglite") {
    return migrate ? openPglite(null, { loadDataDir: await pgliteTemplate() }) : openPglite(null);
  }
  const created = await createPostgresDatabase();
  const h = await openPostgres(created.url, { max: 10 });
  if (migrate) await migrateToLatest(h.db);
  return {
    ...h,
    url: created.url,
    close: async () => {
      await h.close();
      await created.drop();
    },
  };
}

/** Runs a suite once per available engine, named so the output shows which engine ran. */
export function describeEachEngine(name: string, fn: (engine: EngineName) => void) {
  for (const engine of ENGINES) describe(`${name} [${engine}]`, () => fn(engine));
}

export function tempDir(prefix = "mamoru-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export { Kysely, PostgresDialect, sql };
