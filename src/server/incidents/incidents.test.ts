import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import path from "node:path";
import { describeEachEngine, openTestDatabase, tempDir } from "../../../test/helpers/db.ts";
import { backupTo, restoreFrom } from "../platform/backup.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

const judgement = {
  demandLegitimate: { answer: "no", reason: "住民票の交付手続に誤りはなく、市に過失はない" },
  meansAppropriate: { answer: "no", reason: "「無能」と繰り返し大声で侮辱し、机を叩いた" },
  environmentHarmed: { answer: "yes", reason: "応対職員が動揺し、窓口を40分止めた" },
  exclusions: { sincereComplaint: false, reasonableAccommodation: false, reason: "" },
  crossedAt: "2026-11-03T01:20:00.000Z",
};

describeEachEngine("incident records over HTTP", (engine) => {
  let srv: TestServer;
  let staff: Client;
  let supervisor: Client;
  let staff2: Client;
  let supervisor2: Client;
  let central: Client;
  let admin: Client;
  let incidentId: string;

  const rows = async (table: "incidents" | "incident_quotes" | "incident_codes" | "incident_events" | "counterparts") =>
    Number((await srv.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

  before(async () => {
    srv = await startTestServer(engine);
    [staff, supervisor, staff2, supervisor2, central, admin] = await Promise.all([srv.as("staff"), srv.as("supervisor"), srv.as("staff2"), srv.as("supervisor2"), srv.as("central"), srv.as("admin")]);
  });
  after(async () => srv?.close());

  test("central sets a reporting rule: group 2 goes to central at once", async () => {
    const r = await central.post("/api/report-rules", { name: "暴言・暴力・脅迫は即時報告", mode: "any", conditions: { groups: [2] } });
    assert.equal(r.status, 201, r.text);
    const empty = await central.post("/api/report-rules", { name: "空", conditions: {} });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.error.code, "report_rule_empty");
    assert.equal((await staff.post("/api/report-rules", { name: "x", conditions: { police: true } })).status, 403);
  });

  test("staff files a quick incident from the phone form and reports it", async () => {
    const r = await staff.post(
      "/api/incidents",
      {
        channel: "counter",
        summary: "住民票の交付をめぐり大声で侮辱された",
        quotes: [{ text: "この無能が!" }, { text: "机を叩く", isAct: true }],
        groups: [2],
        startedAt: "2026-11-03T01:00:00.000Z",
        endedAt: "2026-11-03T01:40:00.000Z",
        counterpart: { type: "resident", name: "山田 太郎", phone: "090-1234-5678" },
        report: true,
      },
      { "idempotency-key": "quick-form-0001" },
    );
    assert.equal(r.status, 201, r.text);
    incidentId = r.body.id;
    assert.match(r.body.number, /^2026-\d{6}$/);
    assert.equal(r.body.status, "reported");
    assert.equal(r.body.outcome, null, "a complaint received is not yet judged harassment");
    assert.deepEqual(r.body.groups, [2]);
    assert.equal(r.body.durationMinutes, 40);
    assert.deepEqual(
      r.body.quotes.map((q: { text: string }) => q.text),
      ["この無能が!", "机を叩く"],
    );
    assert.deepEqual(
      r.body.timeline.map((e: { kind: string }) => e.kind),
      ["created", "status_changed", "queued_for_central"],
    );
  });

  test("the idempotency key prevents a duplicate: the second submit returns the same incident", async () => {
    const before = await rows("incidents");
    const again = await staff.post("/api/incidents", { channel: "counter", summary: "二重送信", groups: [2] }, { "idempotency-key": "quick-form-0001" });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, incidentId);
    assert.equal(await rows("incidents"), before);
  });

  test("concurrent submits with one idempotency key store one incident", async () => {
    const before = await rows("incidents");
    const body = { channel: "phone", summary: "電波が悪く再送された", groups: [1] };
    const replies = await Promise.all([1, 2, 3].map(() => staff.post("/api/incidents", body, { "idempotency-key": "flaky-network-0002" })));
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 200, 201]);
    assert.equal(new Set(replies.map((r) => r.body.id)).size, 1);
    assert.equal(await rows("incidents"), before + 1);
    const badKey = await staff.post("/api/incidents", body, { "idempotency-key": "short" });
    assert.equal(badKey.body.error.code, "idempotency_key_invalid");
  });

  test("staff listed as responding staff see the incident; their supervisor's scope stays by department", async () => {
    const staff2Id = (await staff2.get("/api/me")).body.user.id;
    const r = await staff.post("/api/incidents", { channel: "visit", summary: "家庭訪問に同行", staff: [{ userId: staff2Id, role: "present" }] });
    assert.equal(r.status, 201, r.text);
    assert.equal((await staff2.get(`/api/incidents/${r.body.id}`)).status, 200);
    assert.equal((await supervisor2.get(`/api/incidents/${r.body.id}`)).status, 404);
  });

  test("the group-2 rule put it in the central queue and notified central", async () => {
    const q = await central.get("/api/central-queue");
    assert.equal(q.status, 200);
    assert.ok(q.body.items.some((i: { incidentId: string }) => i.incidentId === incidentId));
    const n = await central.get("/api/notifications?unread=true");
    assert.ok(n.body.notifications.some((x: { kind: string; incidentId: string }) => x.kind === "central_report" && x.incidentId === incidentId));
    const sup = await supervisor.get("/api/notifications");
    assert.ok(sup.body.notifications.some((x: { kind: string; incidentId: string }) => x.kind === "incident_reported" && x.incidentId === incidentId));
    assert.equal((await staff.get("/api/central-queue")).status, 403);
  });

  test("another department's staff and supervisor get 404 by id and do not see it in lists; admin sees no case content", async () => {
    for (const c of [staff2, supervisor2, admin]) {
      const r = await c.get(`/api/incidents/${incidentId}`);
      assert.equal(r.status, 404);
      assert.equal(r.body.error.code, "not_found");
      assert.equal((await c.patch(`/api/incidents/${incidentId}`, { version: 1, summary: "x" })).status, 404);
      assert.equal((await c.request("PUT", `/api/incidents/${incidentId}/judgement`, judgement)).status, 404);
    }
    for (const c of [staff2, supervisor2]) {
      const list = await c.get("/api/incidents");
      assert.equal(list.status, 200);
      assert.ok(!list.body.incidents.some((i: { id: string }) => i.id === incidentId));
    }
    assert.equal((await admin.get("/api/incidents")).status, 403);
  });

  test("staff may propose but not judge; the supervisor of the department judges with a reason per axis", async () => {
    const proposal = await staff.post(`/api/incidents/${incidentId}/judgement-proposals`, judgement);
    assert.equal(proposal.status, 200, proposal.text);
    assert.equal(proposal.body.outcome, null, "a proposal does not set the outcome");
    assert.equal((await staff.request("PUT", `/api/incidents/${incidentId}/judgement`, judgement)).status, 403);
    const missing = await supervisor.request("PUT", `/api/incidents/${incidentId}/judgement`, { ...judgement, environmentHarmed: { answer: "yes", reason: " " } });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.code, "judgement_reason_required");
    const seen = await supervisor.get(`/api/incidents/${incidentId}`);
    assert.equal(seen.status, 200);
    const r = await supervisor.request("PUT", `/api/incidents/${incidentId}/judgement`, judgement);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "judged");
    assert.equal(r.body.outcome, "harassment");
    assert.equal(r.body.judgement.meansAppropriate.reason, judgement.meansAppropriate.reason);
    assert.equal(r.body.crossedAt, judgement.crossedAt);
    const harassed = await central.get("/api/incidents?outcome=harassment");
    const received = await central.get("/api/incidents?outcome=none");
    assert.ok(harassed.body.incidents.some((i: { id: string }) => i.id === incidentId));
    assert.ok(!received.body.incidents.some((i: { id: string }) => i.id === incidentId));
  });

  test("a transition not allowed from the current state is refused; reopening needs a reason", async () => {
    const bad = await supervisor.post(`/api/incidents/${incidentId}/transitions`, { to: "reported" });
    assert.equal(bad.status, 409);
    assert.equal(bad.body.error.code, "transition_not_allowed");
    assert.match(bad.body.error.message, /判断済/);
    assert.equal((await staff.post(`/api/incidents/${incidentId}/transitions`, { to: "closed" })).status, 409);
    const done = await staff.post(`/api/incidents/${incidentId}/transitions`, { to: "response_done" });
    assert.equal(done.status, 200, done.text);
    assert.equal((await staff.post(`/api/incidents/${incidentId}/transitions`, { to: "closed" })).status, 403, "staff cannot close");
    assert.equal((await supervisor.post(`/api/incidents/${incidentId}/transitions`, { to: "closed" })).body.status, "closed");
    const noReason = await supervisor.post(`/api/incidents/${incidentId}/transitions`, { to: "under_review" });
    assert.equal(noReason.body.error.code, "reason_required");
    const closedEdit = await staff.patch(`/api/incidents/${incidentId}`, { version: 99, summary: "x" });
    assert.equal(closedEdit.body.error.code, "incident_closed");
    const reopened = await supervisor.post(`/api/incidents/${incidentId}/transitions`, { to: "under_review", reason: "相手方から新たな録音が提出された" });
    assert.equal(reopened.status, 200);
    const last = reopened.body.timeline.at(-1);
    assert.equal(last.kind, "reopened");
    assert.equal(last.reason, "相手方から新たな録音が提出された");
  });

  test("central finds it by the 2-character word 無能, not an incident with 無 and 能 apart", async () => {
    const other = await staff.post("/api/incidents", { channel: "phone", summary: "無理な要求が続いたが、能力の話はしていない", groups: [1] });
    assert.equal(other.status, 201);
    const r = await central.get(`/api/incidents?q=${encodeURIComponent("無能")}`);
    assert.equal(r.status, 200);
    const ids = r.body.incidents.map((i: { id: string }) => i.id);
    assert.ok(ids.includes(incidentId));
    assert.ok(!ids.includes(other.body.id));
    const byGroup = (await central.get("/api/incidents?group=1")).body.incidents.map((i: { id: string }) => i.id);
    assert.ok(byGroup.includes(other.body.id) && !byGroup.includes(incidentId));
    assert.equal((await staff2.get(`/api/incidents?q=${encodeURIComponent("無能")}`)).body.total, 0);
  });

  test("end before start is refused with no rows written", async () => {
    const counts = await Promise.all((["incidents", "incident_quotes", "incident_codes", "incident_events", "counterparts"] as const).map(rows));
    const r = await staff.post("/api/incidents", {
      channel: "phone",
      summary: "時刻の誤り",
      quotes: [{ text: "殺すぞ" }],
      groups: [2],
      counterpart: { type: "anonymous", phone: "03-0000-0000" },
      startedAt: "2026-11-03T02:00:00.000Z",
      endedAt: "2026-11-03T01:00:00.000Z",
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "incident_end_before_start");
    const unknown = await staff.post("/api/incidents", { channel: "phone", codes: ["no_such_code"] });
    assert.equal(unknown.body.error.code, "unknown_behaviour_code");
    const otherDept = await staff.post("/api/incidents", { channel: "phone", departmentId: (await srv.database.db.selectFrom("departments").select("id").where("code", "=", "kankyo").executeTakeFirstOrThrow()).id });
    assert.equal(otherDept.status, 403);
    assert.deepEqual(await Promise.all((["incidents", "incident_quotes", "incident_codes", "incident_events", "counterparts"] as const).map(rows)), counts);
  });

  test("autosave uses the version: a stale version gets 409 with a clear message", async () => {
    const draft = await staff.post("/api/incidents", { channel: "email", summary: "下書き" });
    assert.equal(draft.body.status, "draft");
    const saved = await staff.patch(`/api/incidents/${draft.body.id}`, { version: draft.body.version, narrative: "メールで同じ要望が10通届いた", codes: ["repeated_contact"] });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.version, draft.body.version + 1);
    const stale = await staff.patch(`/api/incidents/${draft.body.id}`, { version: draft.body.version, narrative: "古い画面から" });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, "incident_version_conflict");
    assert.match(stale.body.error.message, /最新の内容/);
    const badEnd = await staff.patch(`/api/incidents/${draft.body.id}`, { version: saved.body.version, startedAt: "2026-11-05T02:00:00Z", endedAt: "2026-11-05T01:00:00Z" });
    assert.equal(badEnd.body.error.code, "incident_end_before_start");
  });

  test("two incidents for 090-1234-5678 and ０９０１２３４５６７８ are suggested as one counterpart; once confirmed the history has both dates and the line", async () => {
    const second = await staff.post("/api/incidents", {
      channel: "phone",
      summary: "同じ用件で再度の電話",
      startedAt: "2026-11-10T00:30:00.000Z",
      answersGiven: "前回と同じく交付できない旨を説明",
      counterpart: { type: "resident", phone: "０９０１２３４５６７８" },
    });
    assert.equal(second.status, 201);
    const s = await staff.get(`/api/incidents/${second.body.id}/counterpart-suggestions`);
    assert.equal(s.status, 200, s.text);
    const first = (await staff.get(`/api/incidents/${incidentId}`)).body.counterpart.id;
    assert.equal(s.body.suggestions[0]?.counterpartId, first);
    assert.deepEqual(s.body.suggestions[0]?.reasons, ["phone"]);
    assert.equal((await staff2.get(`/api/incidents/${second.body.id}/counterpart-suggestions`)).status, 404);
    const linked = await staff.request("PUT", `/api/incidents/${second.body.id}/counterpart`, { counterpartId: first });
    assert.equal(linked.status, 200, linked.text);
    const h = await staff.get(`/api/counterparts/${first}`);
    assert.equal(h.status, 200, h.text);
    assert.equal(h.body.contactCount, 2);
    assert.deepEqual(
      h.body.contacts.map((c: { at: string }) => c.at),
      ["2026-11-03T01:00:00.000Z", "2026-11-10T00:30:00.000Z"],
    );
    assert.equal(h.body.readyLine, "11月3日、11月10日にも同じご用件でご連絡をいただいており、回答は変わりません");
    assert.equal((await staff2.get(`/api/counterparts/${first}`)).status, 404, "a counterpart is visible only through one of its incidents");
    const opened = await staff.get(`/api/incidents/${second.body.id}`);
    assert.equal(opened.body.repeatContactLine, "11月3日にも同じご用件でご連絡をいただいており、回答は変わりません", "opening the incident shows the earlier contact");
    assert.deepEqual(
      opened.body.earlierContacts.map((c: { at: string }) => c.at),
      ["2026-11-03T01:00:00.000Z"],
    );
    assert.equal((await staff.post(`/api/counterparts/${first}/merge`, { sourceId: first, reason: "x" })).status, 403);
    const timeline = (await staff.get(`/api/incidents/${second.body.id}`)).body.timeline.map((e: { kind: string }) => e.kind);
    assert.ok(timeline.includes("counterpart_linked"));
    const third = await staff.post("/api/incidents", { channel: "letter", summary: "同じ用件の手紙", counterpart: { type: "resident", name: "ヤマダ タロウ" } });
    const merged = await central.post(`/api/counterparts/${first}/merge`, { sourceId: third.body.counterpart.id, reason: "筆跡と住所から同一人物と確認" });
    assert.equal(merged.status, 200, merged.text);
    assert.equal(merged.body.movedIncidents, 1);
    assert.equal((await central.get(`/api/counterparts/${first}`)).body.contactCount, 3);
  });

  test("every change is in the incident's timeline and in the audit trail, reads included", async () => {
    const audit = await srv.database.db.selectFrom("audit_log").select(["action", "outcome", "actor_username"]).where("resource_id", "=", incidentId).orderBy("seq").execute();
    const actions = audit.filter((a) => a.outcome === "success").map((a) => a.action);
    for (const a of ["incident.create", "incident.transition", "incident.central_report", "incident.read", "incident.propose_judgement", "incident.judge", "incident.reopen"]) {
      assert.ok(actions.includes(a), `${a} in ${actions.join(", ")}`);
    }
    assert.ok(audit.some((a) => a.outcome === "denied" && a.actor_username === "staff2"), "the other department's attempt was recorded as denied");
    const t = (await central.get(`/api/incidents/${incidentId}`)).body.timeline;
    assert.deepEqual(
      t.map((e: { seq: number }) => e.seq),
      t.map((_: unknown, i: number) => i + 1),
    );
    for (const kind of ["created", "status_changed", "queued_for_central", "judgement_proposed", "judged", "reopened"]) assert.ok(t.some((e: { kind: string }) => e.kind === kind), kind);
  });

  test("a backup with incidents (text and uuid arrays, JSON, a counterpart merge) restores onto an empty database", async () => {
    const file = path.join(tempDir(), "incidents.backup.gz");
    const counts = await backupTo(srv.database.db, file);
    assert.ok((counts.incidents ?? 0) > 0 && (counts.incident_events ?? 0) > 0);
    const target = await openTestDatabase(engine);
    try {
      const restored = await restoreFrom(target.db, file);
      assert.equal(restored.incidents, counts.incidents);
      assert.equal(restored.counterpart_merges, 1);
      const a = await srv.database.db.selectFrom("incidents").select(["search_bigrams", "judgement", "police"]).where("id", "=", incidentId).executeTakeFirstOrThrow();
      const b = await target.db.selectFrom("incidents").select(["search_bigrams", "judgement", "police"]).where("id", "=", incidentId).executeTakeFirstOrThrow();
      assert.deepEqual(b, a);
    } finally {
      await target.close();
    }
  });
});
