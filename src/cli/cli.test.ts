import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import zlib from "node:zlib";
import { sql } from "kysely";
import { runCli, runServerExpectingExit } from "../../test/helpers/cli.ts";
import { ENGINES, createPostgresDatabase, tempDir } from "../../test/helpers/db.ts";
import { openPglite } from "../server/platform/db/engine.ts";

const CLEAN = { MAMORU_DEMO: "0" };

test("clean install: admin create, token create prints only the token, audit verify, backup and restore onto an empty directory", async () => {
  const dir = path.join(tempDir(), "data");
  const env = { ...CLEAN, MAMORU_DATA_DIR: dir };
  const created = await runCli(["admin", "create", "--username", "chief", "--password-stdin"], env, "first-admin-phrase-2026\n");
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /OK: chief \(admin\)/);

  const token = await runCli(["token", "create", "--user", "chief", "--name", "nightly export"], env);
  assert.equal(token.code, 0, token.stderr);
  assert.match(token.stdout, /^mamoru_[A-Za-z0-9_-]{43}\n$/, "prints only the token");

  const verify = await runCli(["audit", "verify"], env);
  assert.equal(verify.code, 0);
  assert.match(verify.stdout, /^OK: /);

  const file = path.join(tempDir(), "backup.jsonl.gz");
  const backup = await runCli(["backup", "--out", file], env);
  assert.equal(backup.code, 0, backup.stderr);
  assert.ok(fs.existsSync(file));

  const target = path.join(tempDir(), "restored");
  const restore = await runCli(["restore", "--in", file], { ...CLEAN, MAMORU_DATA_DIR: target });
  assert.equal(restore.code, 0, restore.stderr);
  assert.match(restore.stdout, /audit verify: OK/);

  // every row is back: compare table by table
  const a = await openPglite(dir);
  const b = await openPglite(target);
  try {
    for (const table of ["users", "user_roles", "api_tokens", "audit_log"]) {
      const rowsA = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY 1`.execute(a.db)).rows;
      const rowsB = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY 1`.execute(b.db)).rows;
      if (table === "audit_log") {
        assert.deepEqual(rowsB, rowsA.slice(0, rowsB.length), "audit rows identical");
      } else {
        assert.deepEqual(rowsB, rowsA, `${table} identical`);
      }
    }
  } finally {
    await a.close();
    await b.close();
  }

  const again = await runCli(["restore", "--in", file], { ...CLEAN, MAMORU_DATA_DIR: target });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /空ではありません.*not empty/);
});

test("audit verify fails naming the row after a direct UPDATE in the database", async () => {
  const dir = path.join(tempDir(), "data");
  const env = { ...CLEAN, MAMORU_DATA_DIR: dir };
  await runCli(["admin", "create", "--username", "chief"], env);
  await runCli(["token", "create", "--user", "chief"], env);
  const h = await openPglite(dir);
  await sql`UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 2`.execute(h.db);
  await h.close();
  const verify = await runCli(["audit", "verify"], env);
  assert.equal(verify.code, 1);
  assert.match(verify.stdout, /NG: 番号 2 の行が改ざんされています/);
  assert.match(verify.stdout, /row 2 was edited/);
});

test("a truncated or foreign backup is refused and leaves the target empty", async () => {
  const dir = path.join(tempDir(), "data");
  const env = { ...CLEAN, MAMORU_DATA_DIR: dir };
  await runCli(["admin", "create", "--username", "chief"], env);
  const file = path.join(tempDir(), "b.jsonl.gz");
  await runCli(["backup", "--out", file], env);
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").trim().split("\n");
  const truncated = path.join(tempDir(), "truncated.jsonl.gz");
  fs.writeFileSync(truncated, zlib.gzipSync(`${lines.slice(0, -3).join("\n")}\n`));
  const target = path.join(tempDir(), "t");
  const r = await runCli(["restore", "--in", truncated], { ...CLEAN, MAMORU_DATA_DIR: target });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /truncated|切れて/);
  const foreign = path.join(tempDir(), "foreign.gz");
  fs.writeFileSync(foreign, zlib.gzipSync('{"hello":"world"}\n'));
  const r2 = await runCli(["restore", "--in", foreign], { ...CLEAN, MAMORU_DATA_DIR: target });
  assert.match(r2.stderr, /not a Mamoru backup/);
  const h = await openPglite(target);
  const n = await sql<{ n: string }>`SELECT count(*) AS n FROM users`.execute(h.db);
  await h.close();
  assert.equal(Number(n.rows[0]?.n), 0, "nothing half-restored");
});

test("while another process holds the embedded data directory, the CLI says so and touches nothing", async () => {
  const dir = path.join(tempDir(), "data");
  const holder = await openPglite(dir, { command: "mamoru server" });
  try {
    const r = await runCli(["audit", "verify"], { ...CLEAN, MAMORU_DATA_DIR: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`PID ${process.pid}`));
    assert.match(r.stderr, /使用中です/);
    assert.match(r.stderr, /in use by another process/);
    assert.equal(r.stderr.trim().split("\n").length, 1, "one line, no stack trace");
  } finally {
    await holder.close();
  }
  assert.equal((await runCli(["audit", "verify"], { ...CLEAN, MAMORU_DATA_DIR: dir })).code, 0, "free again once the holder stops");
});

test("a lock left by a crashed process is taken over", async () => {
  const dir = path.join(tempDir(), "data");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, ".mamoru.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname(), command: "mamoru server", since: "2026-01-01" }));
  const r = await runCli(["migrate"], { ...CLEAN, MAMORU_DATA_DIR: dir });
  assert.equal(r.code, 0, r.stderr);
});

test("start-up with a broken configuration stops with one line, not a stack trace", async () => {
  const badUrl = await runServerExpectingExit({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", PORT: "0" });
  assert.equal(badUrl.code, 1);
  assert.match(badUrl.stderr, /cannot connect to the database/);
  assert.equal(badUrl.stderr.trim().split("\n").length, 1);

  const notADir = path.join(tempDir(), "file");
  fs.writeFileSync(notADir, "x");
  const unwritable = await runServerExpectingExit({ MAMORU_DATA_DIR: path.join(notADir, "data"), PORT: "0" });
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.stderr, /not writable/);
  assert.equal(unwritable.stderr.trim().split("\n").length, 1);

  const badPort = await runServerExpectingExit({ PORT: "not-a-port" });
  assert.equal(badPort.code, 1);
  assert.match(badPort.stderr, /PORT/);
  assert.equal(badPort.stderr.trim().split("\n").length, 1);

  const weakDemo = await runServerExpectingExit({ MAMORU_DATA_DIR: path.join(tempDir(), "d"), MAMORU_DEMO_PASSWORD: "short", PORT: "0" });
  assert.equal(weakDemo.code, 1);
  assert.match(weakDemo.stderr, /MAMORU_DEMO_PASSWORD/);
});

if (ENGINES.includes("postgres")) {
  test("a backup of the embedded database restores onto PostgreSQL", async () => {
    const dir = path.join(tempDir(), "data");
    await runCli(["admin", "create", "--username", "chief"], { ...CLEAN, MAMORU_DATA_DIR: dir });
    const file = path.join(tempDir(), "b.jsonl.gz");
    assert.equal((await runCli(["backup", "--out", file], { ...CLEAN, MAMORU_DATA_DIR: dir })).code, 0);
    const pgdb = await createPostgresDatabase();
    try {
      const r = await runCli(["restore", "--in", file], { ...CLEAN, DATABASE_URL: pgdb.url });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /users 1/);
      const v = await runCli(["audit", "verify"], { ...CLEAN, DATABASE_URL: pgdb.url });
      assert.equal(v.code, 0, v.stdout + v.stderr);
    } finally {
      await pgdb.drop();
    }
  });
}
