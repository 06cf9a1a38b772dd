import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { seedProductContent } from "./seed.ts";

describeEachEngine("policy: versions, publishing, acknowledgement, reminders", (engine) => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer(engine);
  });
  after(async () => srv?.close());

  test("a fresh installation has the default pack published as version 1; seeding again changes nothing", async () => {
    await seedProductContent(srv.database.db);
    const staff = await srv.as("staff");
    const cur = await staff.get("/api/policy/current");
    assert.equal(cur.status, 200);
    assert.equal(cur.body.version, 1);
    assert.equal(cur.body.sections.length, 10);
    assert.ok(cur.body.sections.find((s: { id: string }) => s.id === "group-2").html.includes("税金泥棒"));
    assert.equal((await staff.get("/api/policy/versions")).body.versions.length, 1);
    const seeded = await srv.database.db.selectFrom("audit_log").select("action").where("action", "=", "policy.publish").execute();
    assert.equal(seeded.length, 1, "the default publication is audited once");
  });

  test("an empty section refuses publishing with the section named, and nothing is published", async () => {
    const central = await srv.as("central");
    const draft = (await central.get("/api/policy/draft")).body;
    const sections = draft.sections.map((s: { id: string; title: string; markdown: string }) => ({ id: s.id, title: s.title, markdown: s.id === "measures" ? "<script>alert(1)</script>" : s.markdown }));
    assert.equal((await central.request("PUT", "/api/policy/draft", { sections })).status, 200);
    const refused = await central.post("/api/policy/publish", { note: "空の項目あり" });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, "policy_section_empty");
    assert.match(refused.body.error.message, /基本的な対策/);
    assert.equal((await central.post("/api/policy/publish", {})).status, 422, "still refused");
    assert.equal((await central.get("/api/policy/versions")).body.versions.length, 1, "no version published");
    assert.equal((await central.get("/api/policy/current")).body.version, 1);
  });

  test("Markdown is sanitised in preview and in the published text: no script, no javascript: link", async () => {
    const central = await srv.as("central");
    const md = '緊急時は[ここ](javascript:alert(1))へ。<script>alert("x")</script><a href="javascript:void(0)" onclick="x()">押す</a> [窓口](https://example.jp)';
    const p = await central.post("/api/policy/preview", { markdown: md });
    assert.equal(p.status, 200);
    assert.ok(!/script|javascript:|onclick/i.test(p.body.html), p.body.html);
    assert.ok(p.body.html.includes('href="https://example.jp"'));
    const draft = (await central.get("/api/policy/draft")).body;
    const sections = draft.sections.map((s: { id: string; title: string; markdown: string }) =>
      s.id === "measures" ? { id: s.id, title: s.title, markdown: "- 職員への研修\n- 録音による記録" } : s.id === "contact" ? { id: s.id, title: s.title, markdown: `${s.markdown}\n\n${md}` } : { id: s.id, title: s.title, markdown: s.markdown },
    );
    await central.request("PUT", "/api/policy/draft", { sections });
    const pub = await central.post("/api/policy/publish", { note: "窓口の連絡先を追加" });
    assert.equal(pub.status, 200, pub.text);
    assert.equal(pub.body.version, 2);
    const contact = pub.body.sections.find((s: { id: string }) => s.id === "contact");
    assert.ok(!/script|javascript:|onclick/i.test(contact.html));
    // nothing changed since: publishing again is refused
    assert.equal((await central.post("/api/policy/publish", {})).body.error.code, "policy_unchanged");
  });

  test("earlier versions stay readable, with a diff of what changed", async () => {
    const staff = await srv.as("staff");
    const v1 = await staff.get("/api/policy/versions/1");
    assert.equal(v1.status, 200);
    assert.ok(v1.body.sections.find((s: { id: string }) => s.id === "measures").markdown.includes("ポスター"));
    const d = await staff.get("/api/policy/versions/2/diff");
    assert.equal(d.status, 200);
    const changed = d.body.sections.filter((s: { change: string }) => s.change === "changed").map((s: { id: string }) => s.id);
    assert.deepEqual(changed, ["measures", "contact"]);
    const measures = d.body.sections.find((s: { id: string }) => s.id === "measures");
    assert.ok(measures.parts.some((p: { kind: string; text: string }) => p.kind === "removed" && p.text.includes("ポスター")));
    assert.ok(measures.parts.some((p: { kind: string; text: string }) => p.kind === "added" && p.text.includes("録音による記録")));
    assert.equal((await staff.get("/api/policy/versions/9")).status, 404);
  });

  test("staff are asked to acknowledge; postponing hides it for this session only; acknowledging is audited and moves the department rate", async () => {
    const staff = await srv.as("staff");
    const p = await staff.get("/api/policy/acknowledgement");
    assert.deepEqual({ version: p.body.pending.version, postponed: p.body.pending.postponed }, { version: 2, postponed: false });
    assert.equal((await staff.post("/api/policy/versions/2/postpone")).status, 200);
    assert.equal((await staff.get("/api/policy/acknowledgement")).body.pending.postponed, true);
    const again = await srv.as("staff"); // next sign-in
    assert.equal((await again.get("/api/policy/acknowledgement")).body.pending.postponed, false, "the prompt returns at the next sign-in");

    const central = await srv.as("central");
    const rateOf = async () => {
      const r = (await central.get("/api/policy/acknowledgement-rates")).body;
      const koseki = await srv.database.db.selectFrom("departments").select("id").where("code", "=", "ku-koseki").executeTakeFirstOrThrow();
      return r.departments.find((d: { departmentId: string }) => d.departmentId === koseki.id);
    };
    const beforeRate = await rateOf();
    assert.equal(beforeRate.acknowledged, 0);
    assert.equal(beforeRate.staffCount, 2, "staff and supervisor work in 戸籍住民課");

    assert.equal((await again.post("/api/policy/versions/1/acknowledge")).body.error.code, "policy_not_current");
    const ack = await again.post("/api/policy/versions/2/acknowledge");
    assert.equal(ack.status, 200);
    assert.equal((await again.post("/api/policy/versions/2/acknowledge")).status, 200, "acknowledging twice is harmless");
    assert.equal((await again.get("/api/policy/acknowledgement")).body.pending, null);
    assert.ok((await again.get("/api/policy/current")).body.acknowledgedAt);
    const afterRate = await rateOf();
    assert.deepEqual([afterRate.acknowledged, afterRate.rate], [1, 50]);
    const audited = await srv.database.db.selectFrom("audit_log").selectAll().where("action", "=", "policy.acknowledge").where("actor_username", "=", "staff").execute();
    assert.equal(audited.length, 1);
    assert.equal(audited[0]?.resource_id, "2");
  });

  test("central sends reminders: an in-app notification to each person who has not acknowledged", async () => {
    const central = await srv.as("central");
    const koseki = await srv.database.db.selectFrom("departments").select("id").where("code", "=", "ku-koseki").executeTakeFirstOrThrow();
    const early = await srv.as("supervisor");
    await early.post("/api/policy/versions/2/postpone");
    const r = await central.post("/api/policy/reminders", { departmentId: koseki.id });
    assert.equal(r.status, 200);
    assert.equal(r.body.recipients, 1, "only the supervisor is outstanding in 戸籍住民課");
    const sup = early; // the same session that put the prompt off
    // the supervisor had put the prompt off in this session: the reminder brings it back
    const supPending = (await sup.get("/api/policy/acknowledgement")).body.pending;
    assert.equal(supPending.postponed, false);
    assert.ok(supPending.remindedAt);
    const notes = (await sup.get("/api/notifications")).body.notifications;
    assert.ok(notes.some((n: { kind: string; data: { version: number } }) => n.kind === "policy_reminder" && n.data.version === 2));
    const staff = await srv.as("staff");
    assert.ok(!(await staff.get("/api/notifications")).body.notifications.some((n: { kind: string }) => n.kind === "policy_reminder"), "who acknowledged is not reminded");
    await sup.post("/api/policy/versions/2/postpone");
    const after = (await sup.get("/api/policy/acknowledgement")).body.pending;
    assert.deepEqual([after.postponed, after.remindedAt], [true, null], "putting it off again reads the reminder");
    const all = await central.post("/api/policy/reminders", {});
    assert.ok(all.body.recipients >= 6);
  });

  test("only central edits, publishes, sees rates and reminds", async () => {
    const staff = await srv.as("staff");
    for (const [m, u, b] of [["GET", "/api/policy/draft", undefined], ["POST", "/api/policy/publish", {}], ["GET", "/api/policy/acknowledgement-rates", undefined], ["POST", "/api/policy/reminders", {}]] as const) {
      assert.equal((await staff.request(m, u, b)).status, 403, `${m} ${u}`);
    }
  });
});
