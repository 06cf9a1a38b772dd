import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachEngine, openTestDatabase, sql, type TestDatabase } from "../../../test/helpers/db.ts";
import { fiscalYearRange, monthRange } from "../../domain/analytics/wareki.ts";
import { generateIncidents } from "../demo/incidents.ts";
import { seedDemo } from "../demo/seed.ts";
import { cliContext } from "../platform/context.ts";
import * as direct from "./direct.ts";
import * as repo from "./repo.ts";
import { rebuild, refresh, runRollupRefresh } from "./rollup.ts";

const TODAY = new Date("2026-11-24T03:00:00Z");

/** Every dashboard figure of a scope, in a comparable order. */
async function figures(db: TestDatabase["db"], impl: typeof direct | typeof repo, s: direct.Scope) {
  const byKey = <T extends { key: string | null }>(xs: T[]) => [...xs].sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return {
    months: byKey(await impl.byMonth(db, s)),
    groups: byKey(await impl.byGroup(db, s)),
    codes: byKey(await impl.byCode(db, s)),
    channels: byKey(await impl.byColumn(db, s, "channel")),
    outcomes: byKey(await impl.byColumn(db, s, "outcome")),
    counterpartTypes: byKey(await impl.byCounterpartType(db, s)),
    police: byKey(await impl.byPolice(db, s)),
    repeat: [...(await impl.repeatCounterparts(db, s))].sort((a, b) => a.incidents - b.incidents),
    departments: [...(await impl.byDepartment(db, s))].sort((a, b) => a.departmentId.localeCompare(b.departmentId)),
  };
}

describeEachEngine("analytics rollup: identical to the direct queries, kept fresh by triggers", (engine) => {
  let h: TestDatabase;
  let koseki: string;
  let hogo: string;
  let scopes: [string, direct.Scope][];
  const dirty = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_dirty`.execute(h.db)).rows[0]?.n);

  /** Rollup (after the scope's refresh) == direct, for every scope. */
  async function assertIdentical(when: string) {
    for (const [name, s] of scopes) {
      await repo.refreshScope(h.db, s);
      const expected = await figures(h.db, direct, s);
      assert.ok(expected.months.length > 0 || name.includes("month"), `${when}: ${name} has data`);
      assert.deepEqual(await figures(h.db, repo, s), expected, `${when}: ${name}`);
    }
  }

  before(async () => {
    h = await openTestDatabase(engine);
    await seedDemo(h.db, "test-demo-password-2026");
    const res = await generateIncidents(h.db, cliContext(), { count: 700, seed: 11, today: TODAY, batchSize: 200 });
    assert.equal(res.created, 700);
    const dept = async (code: string) => (await h.db.selectFrom("departments").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    koseki = await dept("ku-koseki");
    hogo = await dept("fukushi-hogo");
    scopes = [
      ["central FY2026", { ...fiscalYearRange(2026), departmentIds: null }],
      ["central FY2025", { ...fiscalYearRange(2025), departmentIds: null }],
      ["supervisor FY2026 (戸籍住民課)", { ...fiscalYearRange(2026), departmentIds: [koseki] }],
      ["two departments FY2025", { ...fiscalYearRange(2025), departmentIds: [koseki, hogo] }],
      ["central month 2026-10", { ...monthRange(2026, 10), departmentIds: null }],
    ];
  });
  after(async () => h?.close());

  test("the generator leaves the rollup fresh: no dirty bucket, every figure identical", async () => {
    assert.equal(await dirty(), 0);
    const rows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_rollup`.execute(h.db)).rows[0]?.n);
    assert.ok(rows > 100, `rollup rows: ${rows}`);
    await assertIdentical("after generation");
  });

  test("an edit of fields no figure uses marks nothing (autosave stays cheap)", async () => {
    await sql`UPDATE incidents SET summary = summary || '(追記)', narrative = narrative || '。', updated_at = now() WHERE id IN (SELECT id FROM incidents ORDER BY id LIMIT 50)`.execute(h.db);
    await sql`UPDATE counterparts SET name = coalesce(name, '') || ' ' WHERE id IN (SELECT id FROM counterparts ORDER BY id LIMIT 20)`.execute(h.db);
    assert.equal(await dirty(), 0);
  });

  test("edits of department, date, outcome, codes, staff, counterparts, police and deletions: identical after refresh", async () => {
    const pick = async (n: number, offset: number, cond = sql`true`) =>
      (await sql<{ id: string }>`SELECT id FROM incidents i WHERE ${cond} ORDER BY number LIMIT ${n} OFFSET ${offset}`.execute(h.db)).rows.map((r) => r.id);
    const fy2026 = sql`coalesce(i.started_at, i.created_at) >= ${fiscalYearRange(2026).from}`;
    // Department and date (within the year, and into the previous year).
    await sql`UPDATE incidents SET department_id = ${hogo} WHERE id = ANY(${await pick(8, 0, fy2026)}::uuid[])`.execute(h.db);
    await sql`UPDATE incidents SET started_at = started_at - interval '40 days', ended_at = ended_at - interval '40 days' WHERE id = ANY(${await pick(6, 10, fy2026)}::uuid[])`.execute(h.db);
    await sql`UPDATE incidents SET started_at = NULL, ended_at = NULL WHERE id = ANY(${await pick(3, 20, fy2026)}::uuid[])`.execute(h.db);
    // Outcome: judged harassment, and a judgement withdrawn.
    await sql`UPDATE incidents SET outcome = 'harassment', judgement = '{}'::jsonb WHERE id = ANY(${await pick(5, 30, sql`${fy2026} AND i.outcome IS NULL`)}::uuid[])`.execute(h.db);
    await sql`UPDATE incidents SET outcome = NULL, judgement = NULL WHERE id = ANY(${await pick(4, 0, sql`${fy2026} AND i.outcome IS NOT NULL`)}::uuid[])`.execute(h.db);
    // Codes and staff.
    const recoded = await pick(6, 40, fy2026);
    await sql`DELETE FROM incident_codes WHERE incident_id = ANY(${recoded}::uuid[])`.execute(h.db);
    await sql`INSERT INTO incident_codes (incident_id, code) SELECT id, c FROM unnest(${recoded}::uuid[]) AS id, unnest(ARRAY['threat', 'group5']) AS c`.execute(h.db);
    const staffed = await pick(5, 50, sql`${fy2026} AND i.ended_at > i.started_at`);
    const someone = (await h.db.selectFrom("users").select("id").where("username", "=", "central").executeTakeFirstOrThrow()).id;
    await sql`DELETE FROM incident_staff WHERE incident_id = ${staffed[0]}`.execute(h.db);
    await sql`INSERT INTO incident_staff (incident_id, user_id, role) SELECT id, ${someone}::uuid, 'present' FROM unnest(${staffed.slice(1)}::uuid[]) AS id ON CONFLICT DO NOTHING`.execute(h.db);
    // Duration and police.
    await sql`UPDATE incidents SET ended_at = started_at + interval '97 minutes' WHERE id = ANY(${await pick(4, 60, sql`${fy2026} AND i.started_at IS NOT NULL`)}::uuid[])`.execute(h.db);
    await sql`UPDATE incidents SET police = '{"contacted": true}'::jsonb WHERE id = ANY(${await pick(3, 70, fy2026)}::uuid[])`.execute(h.db);
    // Deletions (children go with the incident).
    const deleted = await pick(5, 80, fy2026);
    for (const t of ["incident_events", "incident_quotes", "incident_codes", "incident_staff"]) await sql`DELETE FROM ${sql.table(t)} WHERE incident_id = ANY(${deleted}::uuid[])`.execute(h.db);
    await sql`DELETE FROM incidents WHERE id = ANY(${deleted}::uuid[])`.execute(h.db);

    assert.ok((await dirty()) > 0, "the edits marked buckets dirty");
    await assertIdentical("after edits");
  });

  test("a counterpart crossing between one and two incidents moves its other incidents' figures too", async () => {
    await refresh(h.db, null);
    assert.equal(await dirty(), 0);
    // Incidents whose bucket (month, department) differs from the given counterpart's incidents.
    const elsewhere = async (counterpartId: string, cond = sql`true`) =>
      (
        await sql<{ id: string }>`
          SELECT i.id FROM incidents i WHERE ${cond} AND NOT EXISTS (
            SELECT 1 FROM incidents o WHERE o.counterpart_id = ${counterpartId} AND o.department_id = i.department_id
              AND analytics_month(coalesce(o.started_at, o.created_at)) = analytics_month(coalesce(i.started_at, i.created_at)))
          ORDER BY i.number LIMIT 1`.execute(h.db)
      ).rows[0]?.id as string;
    const counterparts = async (n: number) =>
      (await sql<{ id: string }>`SELECT counterpart_id AS id FROM incidents WHERE counterpart_id IS NOT NULL AND coalesce(started_at, created_at) >= ${fiscalYearRange(2025).from} GROUP BY 1 HAVING count(*) = ${n} ORDER BY 1 LIMIT 3`.execute(h.db)).rows.map((r) => r.id);
    const [single, single2, single3] = await counterparts(1);
    const [pair, pair2] = await counterparts(2);
    assert.ok(single && single2 && single3 && pair && pair2, "the generated data has single and paired counterparts");
    // 1 → 2 (UPDATE): an incident without a counterpart, in another bucket, now names a single one.
    await sql`UPDATE incidents SET counterpart_id = ${single} WHERE id = ${await elsewhere(single, sql`i.counterpart_id IS NULL`)}`.execute(h.db);
    // 1 → 2 (INSERT): a new incident, two hundred days earlier, for another single.
    await sql`
      INSERT INTO incidents (id, number, department_id, created_by, status, channel, started_at, ended_at, counterpart_id, created_at, updated_at)
      SELECT gen_random_uuid(), number || '-copy', department_id, created_by, status, channel, started_at - interval '200 days', ended_at - interval '200 days', counterpart_id, created_at - interval '200 days', updated_at
      FROM incidents WHERE counterpart_id = ${single2}`.execute(h.db);
    // 2 → 1 (DELETE): one of a pair's incidents is deleted.
    const gone = (await sql<{ id: string }>`SELECT id FROM incidents WHERE counterpart_id = ${pair} ORDER BY id LIMIT 1`.execute(h.db)).rows[0]?.id as string;
    for (const t of ["incident_events", "incident_quotes", "incident_codes", "incident_staff"]) await sql`DELETE FROM ${sql.table(t)} WHERE incident_id = ${gone}`.execute(h.db);
    await sql`DELETE FROM incidents WHERE id = ${gone}`.execute(h.db);
    // 2 → 1 (UPDATE): one of a pair's incidents moves to a counterpart of its own.
    await sql`UPDATE incidents SET counterpart_id = ${single3} WHERE id = (SELECT id FROM incidents WHERE counterpart_id = ${pair2} ORDER BY id LIMIT 1)`.execute(h.db);
    await assertIdentical("after counterpart crossings");
  });

  test("a counterpart's type moves every incident of it", async () => {
    await refresh(h.db, null);
    const repeater = (await sql<{ id: string }>`SELECT counterpart_id AS id FROM incidents WHERE counterpart_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`.execute(h.db)).rows[0]?.id as string;
    await sql`UPDATE counterparts SET type = CASE WHEN type = 'business' THEN 'councillor' ELSE 'business' END WHERE id = ${repeater}`.execute(h.db);
    assert.ok((await dirty()) > 0);
    await assertIdentical("after a type change");
  });

  test("concurrent refreshes and writes never double-count; the job, a full refresh and a rebuild agree", async () => {
    const ids = (await sql<{ id: string }>`SELECT id FROM incidents ORDER BY number DESC LIMIT 30`.execute(h.db)).rows.map((r) => r.id);
    const work: Promise<unknown>[] = [];
    for (const [i, id] of ids.entries()) {
      work.push(sql`UPDATE incidents SET channel = ${i % 2 ? "letter" : "visit"} WHERE id = ${id}`.execute(h.db));
      if (i % 5 === 0) work.push(refresh(h.db, null), ...scopes.map(([, s]) => repo.refreshScope(h.db, s)));
    }
    await Promise.all(work);
    await assertIdentical("after concurrent refreshes");
    const job = await runRollupRefresh(h.db);
    assert.equal(job.ran, true);
    assert.equal(await dirty(), 0);
    const before = await sql`SELECT * FROM analytics_rollup ORDER BY dimension, month, department_id, key`.execute(h.db);
    const beforeCp = await sql`SELECT * FROM analytics_rollup_counterparts ORDER BY month, department_id, counterpart_id`.execute(h.db);
    await rebuild(h.db);
    assert.deepEqual((await sql`SELECT * FROM analytics_rollup ORDER BY dimension, month, department_id, key`.execute(h.db)).rows, before.rows);
    assert.deepEqual((await sql`SELECT * FROM analytics_rollup_counterparts ORDER BY month, department_id, counterpart_id`.execute(h.db)).rows, beforeCp.rows);
  });

  test("a period that is not whole months is answered by the direct queries", async () => {
    const s: direct.Scope = { from: new Date("2026-05-10T00:00:00Z"), to: new Date("2026-08-20T00:00:00Z"), departmentIds: null };
    assert.deepEqual(await figures(h.db, repo, s), await figures(h.db, direct, s));
  });
});
