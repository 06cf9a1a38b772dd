import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { REVIEW_REMINDER_KIND, runReviewReminders } from "./reminders.ts";

const ctx = { actor: null, ip: null, requestId: "reminders-test", locale: "ja" as const };
/** 2025-03-01 09:00 in Japan. */
const NOW = new Date("2025-03-01T00:00:00Z");

describeEachEngine("restriction review reminders", (engine) => {
  let srv: TestServer;
  let staff: Client;
  let supervisor: Client;
  let supervisor2: Client;
  let central: Client;
  let counterpartId: string;
  let incidentId: string;
  let otherCounterpartId: string;

  const reminders = async (username: string) => {
    const db = srv.database.db;
    return db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select(["users.username", "notifications.data"])
      .where("notifications.kind", "=", REVIEW_REMINDER_KIND)
      .where("users.username", "=", username)
      .execute();
  };
  const all = async () =>
    (await srv.database.db.selectFrom("notifications").innerJoin("users", "users.id", "notifications.user_id").select(["users.username", "notifications.data"]).where("notifications.kind", "=", REVIEW_REMINDER_KIND).execute()).map(
      (r) => ({ username: r.username, ...(r.data as { restrictionId: string; reviewOn: string; overdue: boolean }) }),
    );
  const register = async (who: Client, cp: string, body: Record<string, unknown>) => {
    const r = await who.post(`/api/counterparts/${cp}/restrictions`, { kind: "written_only", scope: "文書でのみ対応", reason: "長時間の大声", startsOn: "2025-01-06", ...body });
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };

  before(async () => {
    srv = await startTestServer(engine);
    [staff, supervisor, supervisor2, central] = await Promise.all([srv.as("staff"), srv.as("supervisor"), srv.as("supervisor2"), srv.as("central")]);
    const r = await staff.post("/api/incidents", { channel: "counter", summary: "窓口で大声を上げた", counterpart: { type: "resident", name: "青葉 次郎", phone: "090-3333-4444" } });
    assert.equal(r.status, 201, r.text);
    incidentId = r.body.id;
    counterpartId = r.body.counterpart.id;
    const o = await supervisor2.post("/api/incidents", { channel: "phone", summary: "保護課への長時間の電話", counterpart: { type: "resident", name: "榴岡 花子", phone: "090-5555-6666" } });
    assert.equal(o.status, 201, o.text);
    otherCounterpartId = o.body.counterpart.id;
  });
  after(async () => srv?.close());

  test("a review 14 days away is reminded once to the approver, central and the department's supervisors — not again on rerun, not to others", async () => {
    const id = await register(supervisor, counterpartId, { reviewOn: "2025-03-15", incidentIds: [incidentId] });
    const tooEarly = await runReviewReminders(srv.database.db, ctx, { days: 14, now: new Date("2025-02-27T00:00:00Z") });
    assert.equal(tooEarly.reminded, 0, "15 days before: not yet");

    const first = await runReviewReminders(srv.database.db, ctx, { days: 14, now: NOW });
    assert.deepEqual([first.ran, first.reminded, first.notifications], [true, 1, 2]);
    const sent = await all();
    assert.deepEqual(sent.map((n) => n.username).sort(), ["central", "supervisor"], "approver (the supervisor) and central; the approver is not reminded twice");
    assert.ok(sent.every((n) => n.restrictionId === id && n.reviewOn === "2025-03-15" && n.overdue === false));
    assert.deepEqual(await reminders("supervisor2"), [], "another department's supervisor cannot see the counterpart");
    assert.deepEqual(await reminders("staff"), []);

    const again = await runReviewReminders(srv.database.db, ctx, { days: 14, now: new Date("2025-03-10T00:00:00Z") });
    assert.equal(again.reminded, 0, "rerun: nothing new");
    assert.equal((await all()).length, 2);

    // The supervisor sees it in their notifications (the web app's list) with the review date.
    const mine = await supervisor.get("/api/notifications?unread=true");
    const n = mine.body.notifications.find((x: { kind: string }) => x.kind === REVIEW_REMINDER_KIND);
    assert.equal(n.data.reviewOn, "2025-03-15");
    assert.equal(n.data.label.ja, "文書のみでの対応");
  });

  test("a changed review date is reminded again; an ended restriction is not", async () => {
    const [r] = (await central.get("/api/restrictions")).body.restrictions;
    assert.equal((await staff.patch(`/api/restrictions/${r.id}`, { reviewOn: "2025-06-30" })).status, 403, "staff do not review restrictions");
    assert.equal((await supervisor2.patch(`/api/restrictions/${r.id}`, { reviewOn: "2025-06-30" })).status, 404);
    const bad = await supervisor.patch(`/api/restrictions/${r.id}`, { reviewOn: "2024-12-31" });
    assert.equal(bad.body.error.code, "restriction_review_before_start");
    const moved = await supervisor.patch(`/api/restrictions/${r.id}`, { reviewOn: "2025-03-20" });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.reviewOn, "2025-03-20");
    const run = await runReviewReminders(srv.database.db, ctx, { days: 14, now: new Date("2025-03-10T00:00:00Z") });
    assert.equal(run.reminded, 1);
    const sent = (await all()).filter((n) => n.restrictionId === r.id);
    assert.deepEqual(sent.map((n) => `${n.username} ${n.reviewOn}`).sort(), ["central 2025-03-15", "central 2025-03-20", "supervisor 2025-03-15", "supervisor 2025-03-20"]);

    const ended = await register(central, counterpartId, { kind: "premises_ban", reviewOn: "2025-03-05", endsOn: "2025-02-20" });
    const endsBeforeReview = await register(central, counterpartId, { kind: "premises_ban", reviewOn: "2025-04-30", endsOn: "2025-03-31" });
    const none = await runReviewReminders(srv.database.db, ctx, { days: 60, now: new Date("2025-03-10T00:00:00Z") });
    assert.equal(none.reminded, 0);
    assert.ok(!(await all()).some((n) => n.restrictionId === ended || n.restrictionId === endsBeforeReview));
  });

  test("overdue review: reminded at once, and shown as overdue in the register and on the counterpart", async () => {
    const id = await register(central, counterpartId, { kind: "single_contact", reviewOn: "2025-02-01" });
    const register1 = await supervisor.get("/api/restrictions");
    const row = register1.body.restrictions.find((x: { id: string }) => x.id === id);
    assert.equal(row.reviewOverdue, true, "the review date has passed while it is in force");
    const seen = await staff.get(`/api/counterparts/${counterpartId}/restrictions`);
    assert.equal(seen.body.restrictions.find((x: { id: string }) => x.id === id).reviewOverdue, true);
    const run = await runReviewReminders(srv.database.db, ctx, { days: 14, now: NOW });
    assert.equal(run.reminded, 1);
    const sent = (await all()).filter((n) => n.restrictionId === id);
    assert.deepEqual(sent.map((n) => n.username).sort(), ["central", "supervisor"], "no linked incident: the supervisors of the counterpart's incidents");
    assert.ok(sent.every((n) => n.overdue));
  });

  test("a counterpart only another department sees: its supervisor and central, never this department's", async () => {
    await register(supervisor2, otherCounterpartId, { reviewOn: "2025-03-02" });
    const run = await runReviewReminders(srv.database.db, ctx, { days: 14, now: NOW });
    assert.equal(run.reminded, 1);
    assert.equal((await reminders("supervisor2")).length, 1);
    assert.equal((await reminders("supervisor")).filter((n) => (n.data as { reviewOn: string }).reviewOn === "2025-03-02").length, 0);
  });

  test("two processes racing remind once; the lease is released", async () => {
    await register(central, counterpartId, { kind: "single_contact", reviewOn: "2025-03-03" });
    const before = (await all()).length;
    const runs = await Promise.all([runReviewReminders(srv.database.db, ctx, { days: 14, now: NOW }), runReviewReminders(srv.database.db, ctx, { days: 14, now: NOW })]);
    assert.equal(runs.reduce((s, r) => s + r.reminded, 0), 1);
    assert.equal((await all()).length - before, 2);
    assert.deepEqual(await srv.database.db.selectFrom("job_locks").selectAll().execute(), []);
    const audits = await srv.database.db.selectFrom("audit_log").select("action").where("action", "=", "restriction.review_reminder").execute();
    assert.equal(audits.length, 5);
  });
});

test("`mamoru restrictions remind` runs the job from the command line", async () => {
  const { runCli } = await import("../../../test/helpers/cli.ts");
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-reminders-cli-"));
  try {
    const ok = await runCli(["restrictions", "remind"], { MAMORU_DATA_DIR: data, MAMORU_DEMO: "0" });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /OK: .*reminded 0/);
    const bad = await runCli(["restrictions", "remind"], { MAMORU_DATA_DIR: data, MAMORU_DEMO: "0", MAMORU_RESTRICTION_REVIEW_REMINDER_DAYS: "-1" });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /MAMORU_RESTRICTION_REVIEW_REMINDER_DAYS/);
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
});
