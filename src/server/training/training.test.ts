import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

type Mod = { id: string; key: string; assigned: boolean; dueOn: string | null; status: { passed: boolean; attempts: number; bestPoints: number | null; overdue: boolean } | null };

describeEachEngine("training: modules, quizzes, retakes, progress, incident scenarios", (engine) => {
  let srv: TestServer;
  let central: Client;
  let staff: Client;
  let mods: Mod[];
  const keys = new Map<string, { isHarassment: boolean; axis: string; next_step: string }>();

  before(async () => {
    srv = await startTestServer(engine);
    central = await srv.as("central");
    staff = await srv.as("staff");
    mods = (await staff.get("/api/training/modules")).body.modules;
    for (const s of await srv.database.db.selectFrom("training_scenarios").select(["id", "is_harassment", "axis", "next_step"]).execute()) {
      keys.set(s.id, { isHarassment: s.is_harassment, axis: s.axis, next_step: s.next_step });
    }
  });
  after(async () => srv?.close());

  const answerAll = async (c: Client, moduleId: string, right: (i: number) => boolean) => {
    const m = (await c.get(`/api/training/modules/${moduleId}`)).body;
    let last: any;
    for (const [i, s] of (m.scenarios as Array<{ id: string }>).entries()) {
      const k = keys.get(s.id) as { isHarassment: boolean; axis: string; next_step: string };
      const body = right(i) ? { scenarioId: s.id, harassment: k.isHarassment, axis: k.axis, nextStep: k.next_step } : { scenarioId: s.id, harassment: !k.isHarassment, axis: k.axis === "none" ? "means" : "none", nextStep: "police" };
      last = await c.post(`/api/training/modules/${moduleId}/answers`, body);
      assert.equal(last.status, 200, last.text);
      assert.ok(last.body.explanation.length > 10, "an explanation after each answer");
    }
    return last.body;
  };

  test("default modules exist for every behaviour group plus the basics, each built from the published policy", async () => {
    assert.deepEqual(mods.map((m) => m.key), ["basics", "group-1", "group-2", "group-3", "group-4", "group-5"]);
    assert.ok(mods.every((m) => m.assigned && m.status?.attempts === 0));
    const g2 = (await staff.get(`/api/training/modules/${mods[2]?.id}`)).body;
    assert.equal(g2.lesson.title, "行為類型2 暴行・暴言・威嚇・脅迫");
    assert.ok(g2.lesson.html.includes("税金泥棒"), "examples come from the policy");
    assert.ok(g2.whatToDoHtml.includes("110"));
    assert.ok(!JSON.stringify(g2).includes("is_harassment") && !("explanation" in g2.scenarios[0]), "no answers before answering");
  });

  test("answers are graded with the explanation; a wrong attempt fails, a retake passes and completes the module", async () => {
    const basics = mods[0] as Mod;
    const failed = await answerAll(staff, basics.id, () => false);
    assert.equal(failed.attempt.finished, true);
    assert.equal(failed.attempt.passed, false);
    assert.deepEqual(failed.correct, { harassment: false, axis: false, nextStep: false });
    const again = await staff.post(`/api/training/modules/${basics.id}/answers`, { scenarioId: failed.scenarioId, harassment: false, axis: "none", nextStep: "sincere_response" });
    assert.equal(again.status, 200, "answering after a finished attempt starts a new attempt");
    const retake = await staff.post(`/api/training/modules/${basics.id}/attempts`);
    assert.equal(retake.status, 200);
    const ok = await answerAll(staff, basics.id, () => true);
    assert.deepEqual([ok.attempt.passed, ok.attempt.points, ok.attempt.maxPoints], [true, 9, 9]);
    const mine = (await staff.get("/api/training/modules")).body.modules.find((m: Mod) => m.id === basics.id);
    assert.deepEqual([mine.status.passed, mine.status.attempts, mine.status.bestPoints], [true, 2, 9]);
    const audited = await srv.database.db.selectFrom("audit_log").select("details").where("action", "=", "training.attempt.finish").where("actor_username", "=", "staff").execute();
    assert.equal(audited.length, 2);
  });

  test("answering the same scenario twice in one attempt is refused", async () => {
    const g1 = mods[1] as Mod;
    const s = (await staff.get(`/api/training/modules/${g1.id}`)).body.scenarios[0];
    const body = { scenarioId: s.id, harassment: true, axis: "means", nextStep: "end_response" };
    assert.equal((await staff.post(`/api/training/modules/${g1.id}/answers`, body)).status, 200);
    const twice = await staff.post(`/api/training/modules/${g1.id}/answers`, body);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, "training_already_answered");
  });

  test("a module assigned to other departments: answering it is a clear error, nothing recorded", async () => {
    const g5 = mods[5] as Mod;
    const zeimu = await srv.database.db.selectFrom("departments").select("id").where("code", "=", "zaisei-zeimu-shiminzei").executeTakeFirstOrThrow();
    const patched = await central.patch(`/api/training/modules/${g5.id}`, { departmentIds: [zeimu.id], dueOn: "2026-03-31" });
    assert.equal(patched.status, 200, patched.text);
    const s = (await staff.get(`/api/training/modules/${g5.id}`)).body.scenarios[0];
    const r = await staff.post(`/api/training/modules/${g5.id}/answers`, { scenarioId: s.id, harassment: true, axis: "means", nextStep: "team_and_report" });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "training_not_assigned");
    assert.match(r.body.error.message, /受講対象ではない/);
    const rows = await srv.database.db.selectFrom("training_attempts").select("id").where("module_id", "=", g5.id).execute();
    assert.equal(rows.length, 0);
    const staff2 = await srv.as("staff2");
    const theirs = (await staff2.get("/api/training/modules")).body.modules.find((m: Mod) => m.id === g5.id);
    assert.equal(theirs.assigned, true);
    assert.equal(theirs.dueOn, "2026-03-31");
    assert.equal((await central.patch(`/api/training/modules/${g5.id}`, { dueOn: "31/03/2026" })).body.error.code, "training_due_invalid");
  });

  test("central sees completion per department and per staff member", async () => {
    const p = (await central.get("/api/training/progress")).body;
    const basics = p.modules.find((m: { id: string }) => m.id === mods[0]?.id);
    const staffRow = basics.staff.find((s: { displayName: string }) => s.displayName === "泉 さくら");
    assert.deepEqual([staffRow.passed, staffRow.attempts], [true, 2]);
    const koseki = await srv.database.db.selectFrom("departments").select("id").where("code", "=", "ku-koseki").executeTakeFirstOrThrow();
    const dept = basics.departments.find((d: { departmentId: string }) => d.departmentId === koseki.id);
    assert.deepEqual([dept.staffCount, dept.completed, dept.rate], [2, 1, 50]);
  });

  test("central adds a scenario; an inconsistent answer key is refused", async () => {
    const g3 = mods[3] as Mod;
    const bad = await central.post(`/api/training/modules/${g3.id}/scenarios`, { text: "x", isHarassment: false, axis: "none", nextStep: "police", explanation: "y" });
    assert.equal(bad.body.error.code, "scenario_key_inconsistent");
    const ok = await central.post(`/api/training/modules/${g3.id}/scenarios`, { text: "来庁者が手数料の免除を求めたが、要件を満たしていないと説明すると、静かに帰った。", isHarassment: false, axis: "none", nextStep: "sincere_response", explanation: "正当な問い合わせです。" });
    assert.equal(ok.status, 200, ok.text);
    assert.ok((await staff.get(`/api/training/modules/${g3.id}`)).body.scenarios.some((s: { id: string }) => s.id === ok.body.id));
  });

  test("a closed incident becomes a scenario with personal data removed; an open one is refused", async () => {
    const filed = await staff.post("/api/incidents", {
      channel: "counter",
      summary: "山田 一郎様が窓口で大声",
      narrative: "令和7年6月2日午前10時ごろ、山田様(090-1111-2222、yamada@example.jp)が仙台市青葉区一番町4丁目1-1から来庁し、泉さんに「無能」と怒鳴った。",
      counterpart: { type: "resident", name: "山田 一郎", phone: "090-1111-2222" },
    });
    assert.equal(filed.status, 201, filed.text);
    const id = filed.body.id;
    const open = await central.get(`/api/training/incident-drafts/${id}`);
    assert.equal(open.body.error.code, "incident_not_closed");
    await srv.database.db.updateTable("incidents").set({ status: "closed" }).where("id", "=", id).execute();
    const d = await central.get(`/api/training/incident-drafts/${id}`);
    assert.equal(d.status, 200, d.text);
    for (const secret of ["山田", "一郎", "090-1111-2222", "yamada", "一番町", "令和7年", "泉さん"]) assert.ok(!d.body.text.includes(secret), `${secret} removed: ${d.body.text}`);
    assert.ok(d.body.text.includes("「無能」と怒鳴った"));
    const g2 = mods[2] as Mod;
    const saved = await central.post(`/api/training/modules/${g2.id}/scenarios`, { text: `${d.body.text} 山田様はまた来た。`, isHarassment: true, axis: "means", nextStep: "team_and_report", explanation: "侮辱は②に当たります。", sourceIncidentId: id });
    assert.equal(saved.status, 200);
    assert.ok(!saved.body.text.includes("山田"), "saving cleans the text again");
    const read = await srv.database.db.selectFrom("audit_log").select("resource_id").where("action", "=", "training.incident_draft.read").execute();
    assert.ok(read.some((r) => r.resource_id === id), "reading an incident for training is audited");
  });
});
