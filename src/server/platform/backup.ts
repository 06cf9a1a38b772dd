import { once } from "node:events";
import fs from "node:fs";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { type Kysely, sql } from "kysely";
import type { Database } from "./db/schema.ts";

/**
 * Logical backup: every table of the application schema as gzip-compressed JSON lines, independent
 * of the engine (a PGlite backup restores onto PostgreSQL and back). Sessions and login throttling
 * are not kept: a restored system starts with everyone signed out.
 */
const EPHEMERAL = new Set(["sessions", "login_throttle"]);
/**
 * Derived from other tables and not kept either: the analytics rollup and its dirty marks
 * (0013_analytics_rollup). Restoring the incidents fires the rollup's triggers, which mark every
 * restored bucket dirty, so the first dashboard read (or the background job) recomputes it; the
 * `restore` command rebuilds it at once after the restore.
 */
const DERIVED = new Set(["analytics_rollup", "analytics_rollup_counterparts", "analytics_dirty"]);
const FORMAT = "mamoru-backup";
const VERSION = 1;

interface ColumnInfo {
  name: string;
  type: string; // information_schema data_type
}

interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** Foreign keys: column → referenced table (for ordering). */
  references: Array<{ column: string; table: string; refColumn: string }>;
}

async function describeSchema(db: Kysely<Database>): Promise<TableInfo[]> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'
    ORDER BY table_name`.execute(db);
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT table_name, column_name, data_type FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(db);
  const fks = await sql<{ table_name: string; column_name: string; ref_table: string; ref_column: string }>`
    SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name,
           c.confrelid::regclass::text AS ref_table, af.attname AS ref_column
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`.execute(db);
  return tables.rows
    .map((t) => t.table_name)
    .filter((t) => !EPHEMERAL.has(t) && !DERIVED.has(t))
    .map((name) => ({
      name,
      columns: cols.rows.filter((c) => c.table_name === name).map((c) => ({ name: c.column_name, type: c.data_type })),
      references: fks.rows.filter((f) => f.table_name === name).map((f) => ({ column: f.column_name, table: f.ref_table, refColumn: f.ref_column })),
    }));
}

/** Parents before children. */
function orderTables(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: TableInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (t: TableInfo) => {
    if (state.get(t.name) === "done" || state.get(t.name) === "visiting") return;
    state.set(t.name, "visiting");
    for (const r of t.references) {
      const dep = byName.get(r.table);
      if (dep && dep.name !== t.name) visit(dep);
    }
    state.set(t.name, "done");
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

function encodeValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (type === "bytea") return (v as Buffer).toString("base64");
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  return v;
}

function decodeValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (type === "bytea") return Buffer.from(v as string, "base64");
  if (type === "jsonb" || type === "json") return JSON.stringify(v);
  return v;
}

async function write(stream: NodeJS.WritableStream, line: unknown) {
  if (!stream.write(`${JSON.stringify(line)}\n`)) await once(stream, "drain");
}

export async function backupTo(db: Kysely<Database>, file: string): Promise<Record<string, number>> {
  const migrations = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  const tables = orderTables(await describeSchema(db));
  const tmp = `${file}.partial`;
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  const done = pipeline(gzip, out);
  const counts: Record<string, number> = {};
  try {
    // One snapshot for the whole backup, so a running PostgreSQL server can keep working meanwhile.
    await db.transaction().setIsolationLevel("repeatable read").execute(async (trx) => {
      await write(gzip, { format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), migrations: migrations.rows.map((m) => m.name) });
      for (const t of tables) {
        await write(gzip, { table: t.name, columns: t.columns });
        counts[t.name] = 0;
        const keyCols = t.columns.map((c) => c.name);
        let offset = 0;
        for (;;) {
          const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t.name)} ORDER BY ${sql.join(keyCols.map((c) => sql.ref(c)))} LIMIT 2000 OFFSET ${offset}`.execute(trx);
          for (const r of rows.rows) {
            await write(gzip, { r: t.columns.map((c) => encodeValue(r[c.name], c.type)) });
          }
          counts[t.name] = (counts[t.name] ?? 0) + rows.rows.length;
          if (rows.rows.length < 2000) break;
          offset += 2000;
        }
      }
      await write(gzip, { end: true, counts });
    });
    gzip.end();
    await done;
    fs.renameSync(tmp, file);
    return counts;
  } catch (err) {
    gzip.destroy();
    await done.catch(() => {});
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export class RestoreError extends Error {}

/** Restores into an empty, migrated database, all in one transaction: a bad file changes nothing. */
export async function restoreFrom(db: Kysely<Database>, file: string): Promise<Record<string, number>> {
  if (!fs.existsSync(file)) throw new RestoreError(`ファイルがありません / file not found: ${file}`);
  const users = await sql<{ n: string }>`SELECT count(*) AS n FROM users`.execute(db);
  const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db);
  if (Number(users.rows[0]?.n) > 0 || Number(audit.rows[0]?.n) > 0) {
    throw new RestoreError("復元先のデータベースが空ではありません / the target database is not empty: restore onto a new data directory or database");
  }
  const known = new Set((await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows.map((r) => r.name));
  const schema = new Map((await describeSchema(db)).map((t) => [t.name, t]));
  const counts: Record<string, number> = {};
  let sawEnd = false;
  await db.transaction().execute(async (trx) => {
    // A freshly migrated target may hold rows that migrations seed (counters, defaults): the
    // backup's own rows replace them. Children first, so no foreign key stands in the way.
    for (const t of orderTables([...schema.values()]).reverse()) {
      await sql`DELETE FROM ${sql.table(t.name)}`.execute(trx);
    }
    let header = false;
    let table: TableInfo | null = null;
    let columns: ColumnInfo[] = [];
    let batch: unknown[][] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const t = table;
      const rows = orderSelfReferences(t, columns, batch);
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await sql`INSERT INTO ${sql.table(t.name)} (${sql.join(columns.map((c) => sql.ref(c.name)))}) VALUES ${sql.join(
          chunk.map((r) => sql`(${sql.join(r.map((v, j) => decodeValue(v, columns[j]?.type ?? "")))})`),
        )}`.execute(trx);
      }
      counts[t.name] = (counts[t.name] ?? 0) + batch.length;
      batch = [];
    };
    // The reader is created here, right where it is iterated: readline emits lines as soon as the
    // file flows, and lines emitted before the loop's iterator exists would be lost (on a slow
    // machine, the whole of a small file could pass while BEGIN was still in flight).
    const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) {
        if (!line) continue;
        const obj = JSON.parse(line) as Record<string, unknown>;
        if (!header) {
          if (obj.format !== FORMAT || obj.version !== VERSION) throw new RestoreError("Mamoru のバックアップファイルではありません / not a Mamoru backup file");
          const missing = (obj.migrations as string[]).filter((m) => !known.has(m));
          if (missing.length > 0) throw new RestoreError(`このバックアップは新しい版で作られています / the backup needs a newer Mamoru (migrations ${missing.join(", ")})`);
          header = true;
          continue;
        }
        if (typeof obj.table === "string") {
          await flush();
          const t = schema.get(obj.table);
          if (!t) throw new RestoreError(`不明な表 / unknown table in backup: ${obj.table}`);
          table = t;
          columns = obj.columns as ColumnInfo[];
          counts[t.name] = 0;
          continue;
        }
        if (Array.isArray(obj.r)) {
          batch.push(obj.r);
          if (batch.length >= 5000 && !table?.references.some((r) => r.table === table?.name)) await flush();
          continue;
        }
        if (obj.end === true) {
          await flush();
          const expected = obj.counts as Record<string, number>;
          for (const [name, n] of Object.entries(expected)) {
            if ((counts[name] ?? 0) !== n) throw new RestoreError(`行数が一致しません / row count mismatch for ${name}: ${counts[name] ?? 0} of ${n}`);
          }
          sawEnd = true;
        }
      }
    } catch (err) {
      if (err instanceof RestoreError) throw err;
      throw new RestoreError(`バックアップファイルが壊れています / the backup file is damaged or truncated: ${(err as Error).message}`);
    }
    if (!sawEnd) throw new RestoreError("バックアップファイルが途中で切れています / the backup file is truncated (no end marker)");
  });
  return counts;
}

/** Rows of a self-referencing table (departments) in an order where parents come first. */
function orderSelfReferences(t: TableInfo, columns: ColumnInfo[], rows: unknown[][]): unknown[][] {
  const self = t.references.filter((r) => r.table === t.name);
  if (self.length === 0) return rows;
  const idx = (name: string) => columns.findIndex((c) => c.name === name);
  const pairs = self.map((r) => ({ col: idx(r.column), ref: idx(r.refColumn) }));
  const placed = new Set<unknown>();
  const out: unknown[][] = [];
  let pending = rows;
  while (pending.length > 0) {
    const next: unknown[][] = [];
    for (const r of pending) {
      if (pairs.every((p) => r[p.col] === null || placed.has(r[p.col]))) {
        out.push(r);
        for (const p of pairs) placed.add(r[p.ref]);
      } else next.push(r);
    }
    if (next.length === pending.length) return [...out, ...next]; // broken references: let the database reject them
    pending = next;
  }
  return out;
}
