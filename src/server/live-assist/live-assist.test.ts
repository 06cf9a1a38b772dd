import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { openSse } from "../../../test/helpers/sse.ts";
import { escalateDue } from "./alerts.ts";
import { live } from "./tables.ts";

let k = 0;
const aid = (p = "act") => `${p}-${Date.now().toString(36)}-${++k}`;

describeEachEngine("live assist", (engine) => {
  let srv: TestServer;
  let staff: Client;
  let boss: Client;
  let central: Client;
  let otherBoss: Client;
  let koseki: string;

  before(async () => {
    srv = await startTestServer(engine);
    staff = await srv.as("staff");
    boss = await srv.as("supervisor");
    central = await srv.as("central");
    otherBoss = await srv.as("supervisor2");
    koseki = (await srv.database.db.selectFrom("departments").select("id").where("code", "=", "ku-koseki").executeTakeFirstOrThrow()).id;
  });
  after(async () => srv?.close());

  const actions = async (sessionId: string) => live(srv.database.db).selectFrom("live_actions").selectAll().where("session_id", "=", sessionId).orderBy("seq").execute();

  test("start in one tap: department prefilled, default 30 minutes, a second tap with the same key returns the same session, a reload finds it", async () => {
    const r1 = await staff.post("/api/live-assist/sessions", { channel: "phone" }, { "idempotency-key": "tap-one-0001" });
    assert.equal(r1.status, 201, r1.text);
    assert.equal(r1.body.departmentId, koseki);
    assert.equal(r1.body.thresholdSeconds, 1800);
    assert.equal(r1.body.nextStep, "explanation");
    const r2 = await staff.post("/api/live-assist/sessions", { channel: "phone" }, { "idempotency-key": "tap-one-0001" });
    assert.equal(r2.status, 200);
    assert.equal(r2.body.id, r1.body.id);
    const cur = await staff.get("/api/live-assist/sessions/current");
    assert.equal(cur.body.session.id, r1.body.id);
    // End it so later tests start clean.
    const end = await staff.post(`/api/live-assist/sessions/${r1.body.id}/actions`, { id: aid(), type: "end", kind: "end_call", reason: "用件が済んだため" });
    assert.equal(end.status, 200, end.text);
    assert.equal((await staff.get("/api/live-assist/sessions/current")).body.session, null);
  });

  test("central sets the threshold and approval steps per department and channel; a new session takes them", async () => {
    const denied = await staff.request("PUT", "/api/live-assist/settings", { departmentId: koseki, channel: "counter", thresholdSeconds: 60, needsApproval: [] });
    assert.equal(denied.status, 403);
    const put = await central.request("PUT", "/api/live-assist/settings", { departmentId: koseki, channel: "counter", thresholdSeconds: 60, needsApproval: ["order_leave"] });
    assert.equal(put.status, 200, put.text);
    const s = await staff.post("/api/live-assist/sessions", { channel: "counter", place: "1階 3番窓口" });
    assert.equal(s.body.thresholdSeconds, 60);
    assert.deepEqual(s.body.config.needsApproval, ["order_leave"]);
    const phone = await staff.post("/api/live-assist/sessions", { channel: "phone" });
    assert.equal(phone.body.thresholdSeconds, 1800, "the phone keeps the default");
    for (const id of [s.body.id, phone.body.id]) await staff.post(`/api/live-assist/sessions/${id}/actions`, { id: aid(), type: "end", kind: "end_response", reason: "試験のため終了" });
  });

  test("the ladder over HTTP: out of order refused in both languages, replays are no-ops, approval from the supervisor's own device, the end makes an incident with the whole timeline", async () => {
    const s = (await staff.post("/api/live-assist/sessions", { channel: "counter", place: "1階 3番窓口" })).body;
    const url = `/api/live-assist/sessions/${s.id}/actions`;
    const skip = await staff.post(url, { id: aid(), type: "step", kind: "final_warning" });
    assert.equal(skip.status, 409);
    assert.equal(skip.body.error.code, "ladder_out_of_order");
    assert.match(skip.body.error.message, /順番/);
    await staff.patch("/api/me", { locale: "en" });
    const skipEn = await staff.post(url, { id: aid(), type: "step", kind: "police" });
    assert.match(skipEn.body.error.message, /in order/);
    await staff.patch("/api/me", { locale: "ja" });
    assert.equal((await actions(s.id)).length, 1, "refused steps leave nothing behind (only the start)");

    const notice = await staff.post(url, { id: aid(), type: "notice", said: true });
    assert.equal(notice.body.recordingNotice, true);
    const exp = { id: aid(), type: "step", kind: "explanation", words: "市の取り扱いについてご説明します。" };
    assert.equal((await staff.post(url, exp)).status, 200);
    const replay = await staff.post(url, exp);
    assert.equal(replay.status, 200);
    assert.equal(replay.body.explanations, 1, "a replayed step does not count twice");
    const mismatch = await staff.post(url, { ...exp, kind: "request_stop" });
    assert.equal(mismatch.body.error.code, "ladder_replay_mismatch");
    await staff.post(url, { id: aid(), type: "count", counter: "same_demand" });
    await staff.post(url, { id: aid(), type: "count", counter: "same_demand" });
    const rs = await staff.post(url, { id: aid(), type: "step", kind: "request_stop", words: "大きな声をやめてください。" });
    assert.equal(rs.body.phase, "request_stop");
    assert.equal(rs.body.repeats, 2);

    // order to leave needs approval (set by central in the previous test)
    const supStream = openSse(`${srv.baseUrl}/api/live-assist/stream`, { cookie: boss.cookie as string });
    await supStream.ready;
    const orderId = aid("order");
    const pend = await staff.post(url, { id: orderId, type: "step", kind: "order_leave", words: "お引き取りください。" });
    assert.equal(pend.status, 200);
    assert.equal(pend.body.pending.kind, "order_leave");
    assert.equal(pend.body.phase, "request_stop");
    const ev = await supStream.waitFor((e) => e.event === "approval.requested");
    assert.equal(JSON.parse(ev.data).payload.sessionId, s.id);
    supStream.close();
    const inbox = await boss.get("/api/live-assist/inbox");
    assert.ok(inbox.body.approvals.some((a: { sessionId: string }) => a.sessionId === s.id));

    // who may not approve: the staff member themselves, another department's supervisor
    const self = await staff.post(`/api/live-assist/sessions/${s.id}/decisions`, { id: aid(), pendingId: orderId, decision: "approve" });
    assert.equal(self.status, 403);
    const other = await otherBoss.post(`/api/live-assist/sessions/${s.id}/decisions`, { id: aid(), pendingId: orderId, decision: "approve" });
    assert.equal(other.status, 404, "a session of another department is hidden");
    const blocked = await staff.post(url, { id: aid(), type: "step", kind: "request_stop" });
    assert.equal(blocked.body.error.code, "ladder_approval_pending");

    const approve = { id: aid("dec"), pendingId: orderId, decision: "approve" };
    const ok = await boss.post(`/api/live-assist/sessions/${s.id}/decisions`, approve);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.phase, "order_leave");
    assert.equal(ok.body.steps.at(-1).approvedByName, "宮城 誠(戸籍住民課長)");
    assert.equal((await boss.post(`/api/live-assist/sessions/${s.id}/decisions`, approve)).status, 200, "a replayed approval is a no-op");

    const noReason = await staff.post(url, { id: aid(), type: "end", kind: "end_response", reason: "" });
    assert.equal(noReason.status, 400);
    const end = await staff.post(url, { id: aid(), type: "end", kind: "end_response", reason: "退去の求めに応じて帰られたため" });
    assert.equal(end.status, 200, end.text);
    assert.ok(end.body.endedAt);
    assert.ok(end.body.incidentId, "the end creates the incident record");
    const after = await staff.post(url, { id: aid(), type: "step", kind: "final_warning" });
    assert.equal(after.body.error.code, "ladder_session_ended");

    const inc = await staff.get(`/api/incidents/${end.body.incidentId}`);
    assert.equal(inc.status, 200);
    assert.equal(inc.body.channel, "counter");
    assert.equal(inc.body.place, "1階 3番窓口");
    assert.deepEqual(
      inc.body.ladderSteps.map((x: { step: string }) => x.step),
      ["asked_to_stop", "ordered_to_leave", "end_response_decided"],
    );
    assert.equal(inc.body.ladderSteps[1].approver, "宮城 誠(戸籍住民課長)");
    const reasons = inc.body.timeline.map((e: { reason: string | null }) => e.reason ?? "").join("\n");
    for (const expected of ["録音の告知", "説明 「市の取り扱いについてご説明します。」", "同じ要求の繰り返し", "中止の要請 「大きな声をやめてください。」", "退去命令 「お引き取りください。」", "承認: 宮城 誠", "理由: 退去の求めに応じて帰られたため"]) {
      assert.ok(reasons.includes(expected), `the incident timeline shows ${expected}`);
    }
    // finalising twice writes the timeline once
    const again = await staff.post(url, { id: end.body.steps.at(-1).id, type: "end", kind: "end_response", reason: "退去の求めに応じて帰られたため" });
    assert.equal(again.body.incidentId, end.body.incidentId);
    const inc2 = await staff.get(`/api/incidents/${end.body.incidentId}`);
    assert.equal(inc2.body.timeline.length, inc.body.timeline.length);
    const audits = await srv.database.db.selectFrom("audit_log").select("action").where("resource_id", "=", s.id).execute();
    for (const a of ["live_session.start", "live_session.step", "live_session.approve", "live_session.end", "live_session.incident"]) assert.ok(audits.some((x) => x.action === a), `audited ${a}`);
  });

  test("backup alert: the department's supervisor receives it in real time, acknowledges, the staff member sees who is coming; unacknowledged ones escalate once to central", async () => {
    const s = (await staff.post("/api/live-assist/sessions", { channel: "counter", place: "2階 窓口" })).body;
    const bossStream = openSse(`${srv.baseUrl}/api/live-assist/stream`, { cookie: boss.cookie as string });
    const centralStream = openSse(`${srv.baseUrl}/api/live-assist/stream`, { cookie: central.cookie as string });
    await Promise.all([bossStream.ready, centralStream.ready]);
    const raise = { id: aid("alert"), kind: "backup" };
    const r = await staff.post(`/api/live-assist/sessions/${s.id}/alerts`, raise);
    assert.equal(r.status, 201, r.text);
    assert.equal((await staff.post(`/api/live-assist/sessions/${s.id}/alerts`, raise)).status, 200, "a replayed alert is not raised twice");
    const got = await bossStream.waitFor((e) => e.event === "alert.raised");
    const payload = JSON.parse(got.data).payload;
    assert.equal(payload.place, "2階 窓口");
    assert.equal(payload.channel, "counter");
    assert.equal(typeof payload.elapsedSeconds, "number");
    assert.equal(bossStream.events.filter((e) => e.event === "alert.raised").length, 1);

    // Not acknowledged in time: the job moves it on once, even if run twice.
    const later = new Date(Date.now() + 61_000);
    assert.equal(await escalateDue(srv.database.db, later), 1);
    assert.equal(await escalateDue(srv.database.db, later), 0);
    await centralStream.waitFor((e) => e.event === "alert.escalated");
    const ack = await boss.post(`/api/live-assist/alerts/${r.body.id}/acknowledge`, { joining: true });
    assert.equal(ack.status, 200, ack.text);
    assert.equal(ack.body.responders[0].displayName, "宮城 誠(戸籍住民課長)");
    const view = await staff.get(`/api/live-assist/sessions/${s.id}`);
    assert.equal(view.body.alerts[0].responders[0].joining, true, "the staff member sees who is coming");
    const foreign = await otherBoss.post(`/api/live-assist/alerts/${r.body.id}/acknowledge`, { joining: true });
    assert.equal(foreign.status, 404);

    // A client that reconnects with Last-Event-ID receives what it missed, once.
    const lastSeen = got.id as string;
    bossStream.close();
    centralStream.close();
    const resumed = openSse(`${srv.baseUrl}/api/live-assist/stream?once=1`, { cookie: boss.cookie as string, "last-event-id": lastSeen });
    await resumed.done;
    const kinds = resumed.events.filter((e) => e.event !== "ready").map((e) => e.event);
    assert.ok(kinds.includes("alert.acknowledged"));
    assert.ok(!kinds.includes("alert.raised"), "nothing already seen is sent again");
    await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "end", kind: "end_response", reason: "応援が到着し対応を終えたため" });
  });

  test("a stale session from yesterday: steps and alerts are refused with a clear message, ending it is allowed", async () => {
    const s = (await staff.post("/api/live-assist/sessions", { channel: "phone" })).body;
    await live(srv.database.db).updateTable("live_sessions").set({ started_at: new Date(Date.now() - 36 * 3600_000) }).where("id", "=", s.id).execute();
    const view = await staff.get(`/api/live-assist/sessions/${s.id}`);
    assert.equal(view.body.stale, true);
    const step = await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "step", kind: "explanation" });
    assert.equal(step.status, 409);
    assert.equal(step.body.error.code, "live_session_stale");
    assert.match(step.body.error.message, /前日/);
    const alert = await staff.post(`/api/live-assist/sessions/${s.id}/alerts`, { id: aid(), kind: "backup" });
    assert.equal(alert.body.error.code, "live_session_stale");
    const end = await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "end", kind: "end_call", reason: "前日の記録を閉じるため" });
    assert.equal(end.status, 200, end.text);
  });

  test("the script library: central edits a line, a false excuse is refused, everyone who responds reads it", async () => {
    const bad = await central.request("PUT", "/api/live-assist/scripts/end_call/ja", { text: "このあと会議がありますので失礼します。" });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, "live_script_false_excuse");
    assert.equal((await staff.request("PUT", "/api/live-assist/scripts/same_answer/ja", { text: "x" })).status, 403);
    const ok = await central.request("PUT", "/api/live-assist/scripts/same_answer/ja", { text: "先日お答えした内容から変わりはありません。" });
    assert.equal(ok.status, 200);
    const cfg = await staff.get("/api/live-assist/config");
    assert.equal(cfg.body.scripts.same_answer.ja, "先日お答えした内容から変わりはありません。");
    assert.ok(cfg.body.scripts.same_answer.easy.length > 0);
    const reset = await central.request("PUT", "/api/live-assist/scripts/same_answer/ja", { text: "" });
    assert.notEqual(reset.body.lines.same_answer.ja, "先日お答えした内容から変わりはありません。");
  });

  test("the emergency bypass goes to the police at once and a silent emergency reaches central at once", async () => {
    const s = (await staff.post("/api/live-assist/sessions", { channel: "visit", place: "訪問先" })).body;
    const centralStream = openSse(`${srv.baseUrl}/api/live-assist/stream`, { cookie: central.cookie as string });
    await centralStream.ready;
    const em = await staff.post(`/api/live-assist/sessions/${s.id}/alerts`, { id: aid("em"), kind: "emergency", silent: true });
    assert.equal(em.status, 201);
    const e = await centralStream.waitFor((x) => x.event === "alert.raised");
    assert.equal(JSON.parse(e.data).payload.silent, true);
    centralStream.close();
    const police = await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "emergency", ground: "violence" });
    assert.equal(police.body.phase, "police");
    const end = await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "end", kind: "end_response", reason: "警察官が到着し引き継いだため" });
    const inc = await staff.get(`/api/incidents/${end.body.incidentId}`);
    assert.equal(inc.body.police.contacted, true);
  });
  test("bad input: unknown fields, a bad channel or action id get a clear 400 in the user's language and write nothing", async () => {
    const before = await live(srv.database.db).selectFrom("live_sessions").select(live(srv.database.db).fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const badChannel = await staff.post("/api/live-assist/sessions", { channel: "email" });
    assert.equal(badChannel.status, 400);
    assert.equal(badChannel.body.error.code, "validation_failed");
    const extra = await staff.post("/api/live-assist/sessions", { channel: "phone", urgent: true });
    assert.equal(extra.body.error.code, "unknown_field");
    assert.match(extra.body.error.message, /urgent/);
    const badKey = await staff.post("/api/live-assist/sessions", { channel: "phone" }, { "idempotency-key": "x" });
    assert.equal(badKey.body.error.code, "idempotency_key_invalid");
    const after = await live(srv.database.db).selectFrom("live_sessions").select(live(srv.database.db).fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), "no session was written");
    const s = (await staff.post("/api/live-assist/sessions", { channel: "phone" })).body;
    const shortId = await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: "x", type: "step", kind: "explanation" });
    assert.equal(shortId.status, 400);
    const badKind = await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "step", kind: "shout" });
    assert.equal(badKind.status, 400);
    assert.equal((await actions(s.id)).length, 1, "only the start is on the timeline");
    const missing = await staff.get("/api/live-assist/sessions/3f2a6c1e-8b7d-4e5f-9a0b-1c2d3e4f5a6b");
    assert.equal(missing.status, 404);
    await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "end", kind: "end_call", reason: "試験のため" });
  });
  test("a visit in pairs: plan with a companion and a return time, check in on arrival, an overdue visit alerts the supervisor once, the return closes it", async () => {
    const ids = await srv.database.db.selectFrom("users").select(["id", "username"]).execute();
    const idOf = (u: string) => ids.find((x) => x.username === u)?.id as string;
    const soon = new Date(Date.now() + 30 * 60_000).toISOString();
    const colleagues = await staff.get("/api/live-assist/colleagues");
    assert.ok(colleagues.body.colleagues.some((c: { id: string }) => c.id === idOf("supervisor")), "the department's staff are offered as companions");
    assert.equal((await staff.post("/api/live-assist/sessions", { channel: "visit", visit: { companionId: idOf("staff"), expectedReturnAt: soon } })).body.error.code, "live_visit_companion");
    assert.equal((await staff.post("/api/live-assist/sessions", { channel: "visit", visit: { companionId: idOf("supervisor"), expectedReturnAt: new Date(Date.now() - 60_000).toISOString() } })).body.error.code, "live_visit_return_time");
    assert.equal((await staff.post("/api/live-assist/sessions", { channel: "phone", visit: { companionId: idOf("supervisor"), expectedReturnAt: soon } })).body.error.code, "live_visit_only_for_visits");
    const v = await staff.post("/api/live-assist/sessions", { channel: "visit", place: "市営住宅 3号棟", visit: { companionId: idOf("supervisor"), expectedReturnAt: soon } });
    assert.equal(v.status, 201, v.text);
    assert.equal(v.body.visit.companionName, "宮城 誠(戸籍住民課長)");
    const url = `/api/live-assist/sessions/${v.body.id}/check-ins`;
    assert.equal((await otherBoss.post(url, { kind: "arrived" })).status, 404);
    const arrived = await boss.post(url, { kind: "arrived" });
    assert.equal(arrived.status, 200, "the companion may check in");
    assert.ok(arrived.body.visit.arrivedAt);
    const phone = (await staff.post("/api/live-assist/sessions", { channel: "phone" })).body;
    assert.equal((await staff.post(`/api/live-assist/sessions/${phone.id}/check-ins`, { kind: "arrived" })).body.error.code, "live_visit_not_a_visit");

    const centralStream = openSse(`${srv.baseUrl}/api/live-assist/stream`, { cookie: central.cookie as string });
    await centralStream.ready;
    const late = new Date(Date.now() + 31 * 60_000);
    const { alertOverdueVisits } = await import("./alerts.ts");
    assert.equal(await alertOverdueVisits(srv.database.db, late), 1);
    assert.equal(await alertOverdueVisits(srv.database.db, late), 0, "one alert per overdue visit");
    const view = await staff.get(`/api/live-assist/sessions/${v.body.id}`);
    const overdue = view.body.alerts.find((a: { kind: string }) => a.kind === "overdue");
    assert.ok(overdue, "the overdue alert is on the session");
    // No supervisor besides the companion in this department: it goes up to central.
    await centralStream.waitFor((e) => e.event === "alert.raised" && JSON.parse(e.data).payload.kind === "overdue");
    centralStream.close();
    const back = await staff.post(url, { kind: "returned" });
    assert.ok(back.body.visit.returnedAt);
    assert.ok(back.body.alerts.find((a: { id: string; closedAt: string | null }) => a.id === overdue.id).closedAt, "the return closes the overdue alert");
    for (const id of [v.body.id, phone.id]) await staff.post(`/api/live-assist/sessions/${id}/actions`, { id: aid(), type: "end", kind: "end_response", reason: "帰庁したため" });
  });
  test("signing out ends an open event stream: an alert raised afterwards is not delivered to it", async () => {
    const device = await srv.as("supervisor"); // a second signed-in device of the same supervisor
    const leaving = openSse(`${srv.baseUrl}/api/live-assist/stream`, { cookie: device.cookie as string });
    const staying = openSse(`${srv.baseUrl}/api/live-assist/stream`, { cookie: boss.cookie as string });
    await Promise.all([leaving.ready, staying.ready]);
    assert.equal((await device.post("/api/auth/logout", {})).status, 200);
    const s = (await staff.post("/api/live-assist/sessions", { channel: "counter", place: "1階 5番窓口" })).body;
    const r = await staff.post(`/api/live-assist/sessions/${s.id}/alerts`, { id: aid("alert"), kind: "backup" });
    assert.equal(r.status, 201, r.text);
    await staying.waitFor((e) => e.event === "alert.raised" && JSON.parse(e.data).payload.place === "1階 5番窓口");
    // The server ends the signed-out stream instead of writing the alert (an alert arriving, or
    // neither within the waiter's 10 s, fails here rather than hanging).
    const first = await Promise.race([leaving.done.then(() => "ended"), leaving.waitFor((e) => e.event === "alert.raised").then(() => "delivered")]);
    assert.equal(first, "ended");
    assert.ok(!leaving.events.some((e) => e.event === "alert.raised"), "nothing is sent after sign-out");
    staying.close();
    await staff.post(`/api/live-assist/sessions/${s.id}/actions`, { id: aid(), type: "end", kind: "end_response", reason: "試験のため終了" });
  });
});
