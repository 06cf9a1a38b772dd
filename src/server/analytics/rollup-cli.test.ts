import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { runCli } from "../../../test/helpers/cli.ts";
import { sql, tempDir } from "../../../test/helpers/db.ts";
import { fiscalYearOf, fiscalYearRange, japanDate } from "../../domain/analytics/wareki.ts";
import { openPglite } from "../platform/db/engine.ts";
import * as direct from "./direct.ts";
import * as repo from "./repo.ts";

const DEMO = { MAMORU_DEMO: "1", MAMORU_DEMO_PASSWORD: "cli-demo-password-2026" };

test("analytics rebuild and restore leave the rollup identical to the direct figures; the CLI respects the data directory lock", async () => {
  const dir = path.join(tempDir(), "data");
  const gen = await runCli(["demo", "generate", "--incidents", "150", "--seed", "5"], { ...DEMO, MAMORU_DATA_DIR: dir });
  assert.equal(gen.code, 0, gen.stderr);

  const holder = await openPglite(dir, { command: "mamoru server" });
  try {
    const locked = await runCli(["analytics", "rebuild"], { ...DEMO, MAMORU_DATA_DIR: dir });
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /使用中です/);
  } finally {
    await holder.close();
  }
  const rebuilt = await runCli(["analytics", "rebuild"], { ...DEMO, MAMORU_DATA_DIR: dir });
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  assert.match(rebuilt.stdout, /^OK: 集計表 \/ rollup rows [1-9]\d*/);

  const file = path.join(tempDir(), "backup.jsonl.gz");
  assert.equal((await runCli(["backup", "--out", file], { ...DEMO, MAMORU_DATA_DIR: dir })).code, 0);
  const target = path.join(tempDir(), "restored");
  const restored = await runCli(["restore", "--in", file], { MAMORU_DEMO: "0", MAMORU_DATA_DIR: target });
  assert.equal(restored.code, 0, restored.stderr);
  assert.doesNotMatch(restored.stdout, /analytics_rollup/, "the rollup is derived, not backed up");

  const h = await openPglite(target);
  try {
    const dirty = await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_dirty`.execute(h.db);
    assert.equal(Number(dirty.rows[0]?.n), 0, "restore rebuilt the rollup");
    const fy = fiscalYearOf(japanDate(new Date()));
    for (const y of [fy, fy - 1]) {
      const s: direct.Scope = { ...fiscalYearRange(y), departmentIds: null };
      assert.deepEqual(await repo.byDepartment(h.db, s).then((r) => r.sort((a, b) => a.departmentId.localeCompare(b.departmentId))), await direct.byDepartment(h.db, s).then((r) => r.sort((a, b) => a.departmentId.localeCompare(b.departmentId))));
      assert.deepEqual(await repo.byMonth(h.db, s).then((r) => r.sort((a, b) => a.key.localeCompare(b.key))), await direct.byMonth(h.db, s).then((r) => r.sort((a, b) => a.key.localeCompare(b.key))));
    }
    const total = await sql<{ a: string; b: string }>`SELECT (SELECT sum(n) FROM analytics_rollup WHERE dimension = 'total') AS a, (SELECT count(*) FROM incidents) AS b`.execute(h.db);
    assert.ok(Number(total.rows[0]?.b) >= 150);
    assert.equal(Number(total.rows[0]?.a), Number(total.rows[0]?.b), "every restored incident is in the rollup");
  } finally {
    await h.close();
  }
});
