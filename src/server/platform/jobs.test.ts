import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { type TestDatabase, describeEachEngine, openTestDatabase } from "../../../test/helpers/db.ts";
import { runExclusive, tryAcquire } from "./jobs.ts";

describeEachEngine("job leases", (engine) => {
  let db: TestDatabase;
  before(async () => {
    db = await openTestDatabase(engine);
  });
  after(async () => db?.close());

  test("a held lease keeps a second runner out; release lets the next one in", async () => {
    const first = await tryAcquire(db.db, "test.job", 60_000);
    assert.ok(first);
    assert.equal(await tryAcquire(db.db, "test.job", 60_000), null);
    const skipped = await runExclusive(db.db, "test.job", 60_000, async () => "ran");
    assert.deepEqual(skipped, { ran: false, heldBy: first.holder });
    assert.equal(await first.renew(), true);
    await sql`DELETE FROM job_locks WHERE name = 'test.job'`.execute(db.db);
    assert.deepEqual(await runExclusive(db.db, "test.job", 60_000, async () => "ran"), { ran: true, result: "ran" });
  });

  test("an expired lease (its holder died) is taken over, and the old holder can no longer renew it", async () => {
    const dead = await tryAcquire(db.db, "test.expiring", 60_000);
    assert.ok(dead);
    await sql`UPDATE job_locks SET expires_at = clock_timestamp() - interval '1 second' WHERE name = 'test.expiring'`.execute(db.db);
    const next = await tryAcquire(db.db, "test.expiring", 60_000);
    assert.ok(next, "taken over");
    assert.equal(await dead.renew(), false, "the old holder learns it lost the lease");
  });

  test("of many simultaneous attempts exactly one wins", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => tryAcquire(db.db, "test.race", 60_000)));
    assert.equal(results.filter(Boolean).length, 1);
  });
});
