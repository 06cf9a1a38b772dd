import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { runCli } from "../../../test/helpers/cli.ts";
import { describeEachEngine, openTestDatabase, sql, tempDir, type TestDatabase } from "../../../test/helpers/db.ts";
import { groupsOf } from "../../domain/incidents/codes.ts";
import { deriveOutcome, type Judgement } from "../../domain/incidents/judgement.ts";
import { bigramsOf, searchText } from "../../domain/incidents/search.ts";
import { verifyChain } from "../audit/service.ts";
import { CreateIncidentBody, JudgementBody } from "../incidents/schemas.ts";
import { cliContext } from "../platform/context.ts";
import { type DemoContext, buildIncidents, generateIncidents, judgementProblems, loadDemoContext } from "./incidents.ts";
import { DEMO_DEPARTMENTS, seedDemo } from "./seed.ts";

const TODAY = new Date("2026-11-24T03:00:00Z");
const N = 600;

describeEachEngine("demo incidents", (engine) => {
  let h: TestDatabase;
  let ctx: DemoContext;

  before(async () => {
    h = await openTestDatabase(engine);
    await seedDemo(h.db, "test-demo-password-2026");
    ctx = await loadDemoContext(h.db);
    const res = await generateIncidents(h.db, cliContext(), { count: N, seed: 7, today: TODAY, batchSize: 250 });
    assert.equal(res.created, N);
  });
  after(async () => h?.close());

  const count = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(h.db)).rows[0]?.n);

  test("creates exactly N incidents with valid numbers, departments, codes, staff and timelines", async () => {
    const rows = await h.db.selectFrom("incidents").selectAll().execute();
    assert.equal(rows.length, N);
    assert.equal(new Set(rows.map((r) => r.number)).size, N);
    for (const r of rows) assert.match(r.number, /^20\d{2}-\d{6}$/);
    const demoDepts = await h.db.selectFrom("departments").select(["id", "code"]).execute();
    const codeOf = new Map(demoDepts.map((d) => [d.id, d.code]));
    const used = new Set(rows.map((r) => codeOf.get(r.department_id)));
    assert.ok(used.size >= 6, `departments used: ${[...used].join(",")}`);
    for (const c of used) assert.ok(DEMO_DEPARTMENTS.some((d) => d.code === c), String(c));
    // The counters are ahead of every number, so the next API-created incident does not collide.
    const counters = await h.db.selectFrom("incident_counters").selectAll().execute();
    for (const c of counters) {
      const max = Math.max(...rows.filter((r) => r.number.startsWith(`${c.fiscal_year}-`)).map((r) => Number(r.number.slice(5))));
      assert.equal(c.last_number, max);
    }
    assert.equal(await count(sql`SELECT count(*) AS n FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_codes c WHERE c.incident_id = i.id)`), 0);
    assert.equal(await count(sql`SELECT count(*) AS n FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_staff s WHERE s.incident_id = i.id)`), 0);
    assert.equal(await count(sql`SELECT count(*) AS n FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.seq = 1 AND e.kind = 'created')`), 0);
    const staffPerIncident = await sql<{ n: string }>`SELECT count(*) AS n FROM incident_staff GROUP BY incident_id`.execute(h.db);
    for (const r of staffPerIncident.rows) assert.ok(Number(r.n) >= 1 && Number(r.n) <= 3);
    // Timelines end in the incident's status; judged outcomes follow from the stored judgement.
    const lastEvents = await sql<{ status: string; to_status: string | null }>`
      SELECT i.status, (SELECT e.to_status FROM incident_events e WHERE e.incident_id = i.id ORDER BY seq DESC LIMIT 1) AS to_status FROM incidents i`.execute(h.db);
    for (const r of lastEvents.rows) assert.equal(r.to_status, r.status);
    for (const r of rows) {
      if (r.judgement) assert.equal(r.outcome, deriveOutcome(r.judgement as unknown as Judgement));
      if (["judged", "response_done", "closed"].includes(r.status)) assert.ok(r.judgement, r.number);
      if (r.started_at && r.ended_at) assert.ok(r.ended_at >= r.started_at);
    }
  });

  test("search columns are what the domain's bigram function gives for the same texts", async () => {
    const rows = await h.db.selectFrom("incidents").select(["id", "summary", "narrative", "demand", "search_bigrams", "search_text"]).limit(40).execute();
    for (const r of rows) {
      const quotes = await h.db.selectFrom("incident_quotes").select("text").where("incident_id", "=", r.id).orderBy("position").execute();
      const texts = [r.summary, r.narrative, r.demand, ...quotes.map((q) => q.text)];
      assert.deepEqual(r.search_bigrams, bigramsOf(...texts));
      assert.equal(r.search_text, searchText(...texts));
    }
    const hits = await count(sql`SELECT count(*) AS n FROM incidents WHERE search_bigrams @> ${["暴言"]}::text[] AND strpos(search_text, '暴言') > 0`);
    assert.ok(hits > 0, "a 2-character search finds records");
  });

  test("distributions: phone and counter the majority; groups 2 and 1 most common; many not yet judged; some not harassment", async () => {
    const rows = await h.db.selectFrom("incidents").select(["id", "channel", "status", "outcome", "police", "started_at", "ended_at"]).execute();
    const codes = await h.db.selectFrom("incident_codes").selectAll().execute();
    const byIncident = new Map<string, string[]>();
    for (const c of codes) byIncident.set(c.incident_id, [...(byIncident.get(c.incident_id) ?? []), c.code]);
    const share = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length / rows.length;
    assert.ok(share((r) => r.channel === "phone" || r.channel === "counter") > 0.6, "phone + counter");
    assert.ok(share((r) => r.channel === "phone") > share((r) => r.channel === "counter"));
    const groupCounts = [1, 2, 3, 4, 5].map((g) => rows.filter((r) => groupsOf(byIncident.get(r.id) ?? []).includes(g as 1)).length);
    const ranked = [1, 2, 3, 4, 5].sort((a, b) => (groupCounts[b - 1] ?? 0) - (groupCounts[a - 1] ?? 0));
    assert.deepEqual(new Set(ranked.slice(0, 2)), new Set([1, 2]), `group counts ${groupCounts.join(",")}`);
    assert.ok(share((r) => r.status === "reported" || r.status === "under_review") > 0.35);
    assert.ok(share((r) => r.status === "draft") > 0);
    const judged = rows.filter((r) => r.outcome);
    const not = judged.filter((r) => r.outcome === "not_harassment").length / judged.length;
    assert.ok(not > 0.05 && not < 0.4, `not harassment among judged: ${not}`);
    assert.ok(judged.some((r) => r.outcome === "pending"));
    const police = rows.filter((r) => (r.police as { contacted?: boolean }).contacted);
    assert.ok(police.length > 0 && police.length < rows.length * 0.06, `police ${police.length}`);
    for (const p of police) assert.ok(groupsOf(byIncident.get(p.id) ?? []).includes(2));
    const minutes = rows.filter((r) => r.started_at && r.ended_at && r.ended_at > r.started_at).map((r) => ((r.ended_at as Date).getTime() - (r.started_at as Date).getTime()) / 60000);
    const restraint = rows.filter((r) => byIncident.get(r.id)?.includes("restraint") && r.ended_at && r.started_at && r.ended_at > r.started_at);
    for (const r of restraint) {
      const m = ((r.ended_at as Date).getTime() - (r.started_at as Date).getTime()) / 60000;
      assert.ok(m >= 30 && m <= 180, `restraint ${m} min`);
    }
    const sorted = minutes.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    assert.ok((sorted[Math.floor(sorted.length * 0.95)] as number) > 2 * median, "long-tailed durations");
  });

  test("repeat counterparts exist, with the same number written differently across departments", async () => {
    const repeat = await sql<{ phone_normalised: string; incidents: string; formats: string; departments: string }>`
      SELECT c.phone_normalised, count(DISTINCT i.id) AS incidents, count(DISTINCT c.phone) AS formats, count(DISTINCT i.department_id) AS departments
      FROM counterparts c JOIN incidents i ON i.counterpart_id = c.id
      WHERE c.phone_normalised IS NOT NULL GROUP BY c.phone_normalised ORDER BY incidents DESC`.execute(h.db);
    const top = repeat.rows[0];
    assert.ok(top && Number(top.incidents) >= 5, `most frequent counterpart: ${top?.incidents}`);
    assert.ok(repeat.rows.some((r) => Number(r.formats) >= 2 && Number(r.departments) >= 2), "a number written in different formats across departments");
    const sameDept = await count(sql`SELECT count(*) AS n FROM (SELECT counterpart_id FROM incidents WHERE counterpart_id IS NOT NULL GROUP BY counterpart_id HAVING count(*) >= 2) x`);
    assert.ok(sameDept > 0, "a counterpart linked to several incidents of one department");
  });

  test("one audit row for the run, and the audit chain still verifies", async () => {
    const rows = await h.db.selectFrom("audit_log").select(["action", "details"]).where("action", "like", "demo.%").execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.details.count, N);
    assert.equal(await count(sql`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'incident.%'`), 0);
    const chain = await verifyChain(h.db);
    assert.ok(chain.ok, JSON.stringify(chain));
  });

  test("a second run adds to the first without number collisions", async () => {
    await generateIncidents(h.db, cliContext(), { count: 50, seed: 8, today: TODAY });
    assert.equal(await count(sql`SELECT count(*) AS n FROM incidents`), N + 50);
    assert.ok((await verifyChain(h.db)).ok);
  });

  test("deterministic for a seed; every record is a valid API body and a valid judgement", () => {
    const a = [...buildIncidents(300, 42, ctx, TODAY)];
    const b = [...buildIncidents(300, 42, ctx, TODAY)];
    const c = [...buildIncidents(300, 43, ctx, TODAY)];
    assert.deepEqual(a, b);
    assert.notDeepEqual(
      a.map((x) => x.summary),
      c.map((x) => x.summary),
    );
    for (const inc of a) {
      const body = {
        channel: inc.channel,
        departmentId: inc.departmentId,
        place: inc.place,
        startedAt: inc.startedAt.toISOString(),
        endedAt: inc.endedAt?.toISOString() ?? null,
        summary: inc.summary,
        narrative: inc.narrative,
        demand: inc.demand,
        answersGiven: inc.answersGiven,
        quotes: inc.quotes,
        codes: inc.codes,
        staff: inc.staff,
        supervisorId: inc.supervisorId,
        ...(inc.counterpart ? { counterpart: inc.counterpart } : {}),
        personsCount: inc.personsCount,
        ladderSteps: inc.ladderSteps,
        police: inc.police,
        harm: inc.harm,
        ownErrorContributed: inc.ownErrorContributed,
      };
      const parsed = CreateIncidentBody.safeParse(body);
      assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
      if (inc.judgement) {
        assert.ok(JudgementBody.safeParse(inc.judgement).success);
        assert.deepEqual(judgementProblems(inc), []);
      }
    }
  });
});

test("the CLI refuses outside a demo instance unless --force is given", async () => {
  const dir = tempDir();
  const r = await runCli(["demo", "generate", "--incidents", "5"], { MAMORU_DEMO: "0", MAMORU_DATA_DIR: dir });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /MAMORU_DEMO=1/);
  assert.match(r.stderr, /--force/);
});

test("the CLI generates on a demo instance and reports the seed", async () => {
  const dir = tempDir();
  const r = await runCli(["demo", "generate", "--incidents", "30", "--seed", "5"], { MAMORU_DEMO: "1", MAMORU_DATA_DIR: dir, MAMORU_DEMO_PASSWORD: "test-demo-password-2026" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /OK: 30 incidents/);
  assert.match(r.stdout, /seed 5/);
});
