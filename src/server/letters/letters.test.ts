import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

describeEachEngine("letters and the restriction register over HTTP", (engine) => {
  let srv: TestServer;
  let staff: Client;
  let staff2: Client;
  let supervisor: Client;
  let central: Client;
  let incidentId: string;
  let counterpartId: string;
  const count = async (table: "letters" | "restrictions") => Number((await srv.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

  before(async () => {
    srv = await startTestServer(engine);
    [staff, staff2, supervisor, central] = await Promise.all([srv.as("staff"), srv.as("staff2"), srv.as("supervisor"), srv.as("central")]);
    const r = await staff.post("/api/incidents", {
      channel: "counter",
      summary: "窓口で大声を上げた",
      codes: ["mental_attack", "intimidation"],
      startedAt: "2025-01-14T01:00:00.000Z",
      endedAt: "2025-01-14T01:40:00.000Z",
      counterpart: { type: "resident", name: "青葉 次郎", phone: "090-3333-4444" },
      report: true,
    });
    assert.equal(r.status, 201, r.text);
    incidentId = r.body.id;
    counterpartId = r.body.counterpart.id;
  });
  after(async () => srv?.close());

  test("a letter for a counterpart without an address gets a clear message and nothing is stored", async () => {
    const r = await supervisor.post(`/api/incidents/${incidentId}/letters`, { kind: "warning" });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "letter_no_address");
    assert.match(r.body.error.message, /住所/);
    assert.equal(await count("letters"), 0);
    const other = await staff.post("/api/incidents", { channel: "phone", summary: "相手方なし" });
    const none = await supervisor.post(`/api/incidents/${other.body.id}/letters`, { kind: "warning" });
    assert.equal(none.body.error.code, "letter_no_counterpart");
  });

  test("a supervisor issues a warning letter: facts and dates from the incident, 和暦, stored PDF, timeline, audit", async () => {
    assert.equal((await staff2.request("PUT", `/api/counterparts/${counterpartId}/postal-address`, { postalAddress: "仙台市青葉区一番町1-1" })).status, 404, "another department's staff cannot even see the counterpart");
    const addr = await staff.request("PUT", `/api/counterparts/${counterpartId}/postal-address`, { postalCode: "980-0000", postalAddress: "仙台市青葉区一番町1-1" });
    assert.equal(addr.status, 200, addr.text);
    assert.equal((await staff.post(`/api/incidents/${incidentId}/letters`, { kind: "warning" })).status, 403, "staff do not issue letters");
    const preview = await supervisor.get(`/api/incidents/${incidentId}/letters/preview?kind=warning`);
    assert.equal(preview.status, 200, preview.text);
    assert.match(preview.body.body, /令和7年1月14日/);
    assert.match(preview.body.body, /精神的な攻撃/);
    assert.equal(preview.body.addressee, "青葉 次郎");
    const r = await supervisor.post(`/api/incidents/${incidentId}/letters`, { kind: "warning" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.title, "警告書");
    const pdf = await fetch(`${srv.baseUrl}${r.body.pdfUrl}`, { headers: { cookie: staff.cookie as string } });
    assert.equal(pdf.status, 200, "staff involved in the incident may read its letters");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
    assert.ok(bytes.includes("BIZUDPGothic"));
    const list = await staff.get(`/api/incidents/${incidentId}/letters`);
    assert.equal(list.body.letters.length, 1);
    assert.equal((await staff2.get(`/api/incidents/${incidentId}/letters`)).status, 404);
    const events = await srv.database.db.selectFrom("incident_events").select("kind").where("incident_id", "=", incidentId).execute();
    assert.ok(events.some((e) => e.kind === "letter_issued"));
    const audit = await srv.database.db.selectFrom("audit_log").select("action").where("resource_id", "=", r.body.id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ["letter.issue", "letter.read"],
    );
  });

  test("central edits a template; unknown placeholders are refused", async () => {
    const bad = await central.request("PUT", "/api/letter-templates/written_only", { title: "文書での対応のお願い", body: "{{addresse}} 様" });
    assert.equal(bad.status, 422);
    assert.match(bad.body.error.message, /addresse/);
    assert.equal((await supervisor.request("PUT", "/api/letter-templates/written_only", { title: "x", body: "y" })).status, 403);
    const ok = await central.request("PUT", "/api/letter-templates/written_only", { title: "文書での対応のお願い", body: "{{incidentDate}}の件について、今後は文書でのみお答えします。({{number}})" });
    assert.equal(ok.status, 200, ok.text);
    const letter = await supervisor.post(`/api/incidents/${incidentId}/letters`, { kind: "written_only" });
    assert.equal(letter.status, 201);
    const row = await srv.database.db.selectFrom("letters").select("body").where("id", "=", letter.body.id).executeTakeFirstOrThrow();
    assert.match(row.body, /^令和7年1月14日の件について/);
  });

  test("restrictions: review before start is refused with nothing written; staff see a registered one", async () => {
    assert.equal((await supervisor.post(`/api/incidents/${incidentId}/letters`, { kind: "restriction_notice" })).body.error.code, "letter_restriction_missing");
    const base = { kind: "single_contact", scope: "戸籍住民課 課長が窓口となります", reason: "窓口での暴言が続いたため", incidentIds: [incidentId], startsOn: "2025-02-01", reviewOn: "2025-08-01" };
    const early = await supervisor.post(`/api/counterparts/${counterpartId}/restrictions`, { ...base, reviewOn: "2025-01-15" });
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, "restriction_review_before_start");
    assert.match(early.body.error.message, /見直し日/);
    assert.equal((await supervisor.post(`/api/counterparts/${counterpartId}/restrictions`, { ...base, kind: "time_limit" })).body.error.code, "restriction_time_limit_required");
    const other = await staff.post("/api/incidents", { channel: "phone", summary: "別件" });
    assert.equal((await supervisor.post(`/api/counterparts/${counterpartId}/restrictions`, { ...base, incidentIds: [other.body.id] })).body.error.code, "restriction_incident_unrelated");
    assert.equal(await count("restrictions"), 0);
    assert.equal((await staff.post(`/api/counterparts/${counterpartId}/restrictions`, base)).status, 403);
    const ok = await supervisor.post(`/api/counterparts/${counterpartId}/restrictions`, base);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.approvedBy !== null, true);
    const seen = await staff.get(`/api/counterparts/${counterpartId}/restrictions`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.restrictions[0].label.ja, "対応窓口の一本化");
    assert.match(seen.body.rightsNote.ja, /権利は制限されません/);
    assert.equal((await staff2.get(`/api/counterparts/${counterpartId}/restrictions`)).status, 404);
    const register = await central.get("/api/restrictions");
    assert.equal(register.body.restrictions.length, 1);
    assert.equal((await staff.get("/api/restrictions")).status, 403);
    const notice = await supervisor.post(`/api/incidents/${incidentId}/letters`, { kind: "restriction_notice" });
    assert.equal(notice.status, 201, notice.text);
    const row = await srv.database.db.selectFrom("letters").select("body").where("id", "=", notice.body.id).executeTakeFirstOrThrow();
    assert.match(row.body, /対応窓口の一本化:戸籍住民課 課長が窓口となります\(令和7年2月1日から\)/);
  });
});
