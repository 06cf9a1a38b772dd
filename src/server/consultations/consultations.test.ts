import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { describeEachEngine, tempDir } from "../../../test/helpers/db.ts";
import { type Client, TEST_SECRET_KEY, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { backupTo } from "../platform/backup.ts";
import { cliContext } from "../platform/context.ts";
import { decrypt, generateKey, loadKeyring } from "../platform/crypto.ts";
import { rotateKeys } from "./rotation.ts";
import { ANONYMOUS_CREATE_LIMIT, RECEIPT_FAILURE_LIMIT } from "./service.ts";

const SECRET_TEXT = "窓口で「税金泥棒」と二時間怒鳴られ、眠れません";
const REPLY_TEXT = "お話しくださりありがとうございます。明日お電話してもよいですか";
const STAFF_TEXT = "はい、午後なら大丈夫です";
const NOTE_TEXT = "産業医面談を提案する予定";

describeEachEngine("consultation desk", (engine) => {
  let srv: TestServer;
  let desk: Client;
  let staff: Client;
  before(async () => {
    srv = await startTestServer(engine);
    desk = await srv.as("desk");
    staff = await srv.as("staff");
  });
  after(async () => srv?.close());

  test("anonymous consult → receipt code → desk replies → logged-out holder of the code reads and writes", async () => {
    const created = await staff.post("/api/consultations/anonymous", { category: "borderline", body: SECRET_TEXT });
    assert.equal(created.status, 201);
    const code = created.body.receiptCode as string;
    assert.match(code, /^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    assert.equal(created.headers.get("set-cookie"), null, "no session is set");

    const list = await desk.get("/api/consultations");
    const item = list.body.consultations.find((c: { anonymous: boolean }) => c.anonymous);
    assert.equal(item.staff, null);
    const row = await srv.database.db.selectFrom("consultations").selectAll().where("id", "=", item.id).executeTakeFirstOrThrow();
    assert.equal(row.staff_user_id, null);
    assert.equal((await desk.post(`/api/consultations/${item.id}/messages`, { body: REPLY_TEXT })).status, 201);
    await desk.patch(`/api/consultations/${item.id}`, { status: "awaiting_staff" });

    const stranger = srv.client(); // logged out
    const read = await stranger.post("/api/consultations/receipt/read", { code: code.toLowerCase().replaceAll("-", " ") });
    assert.equal(read.status, 200);
    assert.equal(read.body.body, SECRET_TEXT);
    assert.equal(read.body.id, null);
    assert.deepEqual(
      read.body.messages.map((m: { body: string }) => m.body),
      [REPLY_TEXT],
    );
    const wrote = await stranger.post("/api/consultations/receipt/messages", { code, body: STAFF_TEXT });
    assert.equal(wrote.status, 201);
    assert.equal(wrote.body.status, "in_progress", "a reply from the staff member brings the case back to the desk");
    const deskView = await desk.get(`/api/consultations/${item.id}`);
    assert.deepEqual(
      deskView.body.messages.map((m: { authorKind: string }) => m.authorKind),
      ["desk", "staff"],
    );

    // The audit trail of this consultation: who on the desk did what; for the anonymous side nobody, from nowhere, no text.
    const trail = await srv.database.db.selectFrom("audit_log").selectAll().where("resource_id", "=", item.id).execute();
    const anonymousRows = trail.filter((r) => r.actor_username !== "desk");
    assert.ok(anonymousRows.length >= 3);
    const staffId = (await srv.database.db.selectFrom("users").select("id").where("username", "=", "staff").executeTakeFirstOrThrow()).id;
    for (const r of anonymousRows) {
      assert.equal(r.actor_id, null);
      assert.equal(r.ip, null);
      assert.equal(r.request_id, null);
    }
    const all = JSON.stringify(trail);
    for (const t of [SECRET_TEXT, REPLY_TEXT, STAFF_TEXT, "borderline", staffId]) assert.ok(!all.includes(t), `audit must not contain ${t}`);
  });

  test("wrong and malformed codes get the same error, then the address is rate-limited", async () => {
    const s = await startTestServer(engine);
    try {
      const c = s.client();
      const wrong = await c.post("/api/consultations/receipt/read", { code: "ABCDE-FGHJK-MNPQR-STUVW" });
      const malformed = await c.post("/api/consultations/receipt/read", { code: "not a code!" });
      assert.equal(wrong.status, 404);
      assert.deepEqual(malformed.body, wrong.body);
      assert.equal(wrong.body.error.code, "receipt_invalid");
      for (let i = 2; i < RECEIPT_FAILURE_LIMIT; i++) await c.post("/api/consultations/receipt/read", { code: "ABCDE-FGHJK-MNPQR-STUVW" });
      const good = (await c.post("/api/consultations/anonymous", { category: "other", body: "テスト" })).body.receiptCode;
      const limited = await c.post("/api/consultations/receipt/read", { code: good });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, "receipt_rate_limited");
      const throttle = await s.database.db.selectFrom("login_throttle").select("key").execute();
      assert.ok(
        throttle.every((t) => !t.key.includes("127.0.0.1")),
        "the address is kept only as a keyed hash",
      );
    } finally {
      await s.close();
    }
  });

  test("anonymous consultations need no sign-in, so an address may start only so many an hour; the next is refused and nothing is stored", async () => {
    const s = await startTestServer(engine);
    try {
      const c = s.client(); // not signed in, like the logged-out page
      for (let i = 0; i < ANONYMOUS_CREATE_LIMIT; i++) assert.equal((await c.post("/api/consultations/anonymous", { category: "other", body: `相談 ${i}` })).status, 201);
      const refused = await c.post("/api/consultations/anonymous", { category: "other", body: "もう一件" });
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, "consultation_rate_limited");
      assert.match(refused.body.error.message, /匿名相談/);
      const en = await c.post("/api/consultations/anonymous", { category: "other", body: "one more" }, { "accept-language": "en" });
      assert.match(en.body.error.message, /anonymous consultations/);
      const stored = await s.database.db.selectFrom("consultations").select((eb) => eb.fn.countAll<string>().as("n")).where("anonymous", "=", true).executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), ANONYMOUS_CREATE_LIMIT);
      // Signed-in staff consulting by name are not affected.
      const named = await (await s.as("staff")).post("/api/consultations", { category: "other", body: "記名で相談します" });
      assert.equal(named.status, 201);
    } finally {
      await s.close();
    }
  });

  test("a desk reply to a closed case is refused and nothing is lost; reopening allows it", async () => {
    const { id } = (await staff.post("/api/consultations", { category: "incident_related", body: "記名の相談です" })).body;
    await desk.post(`/api/consultations/${id}/messages`, { body: "一回目の返信" });
    assert.equal((await desk.patch(`/api/consultations/${id}`, { status: "closed" })).body.status, "closed");
    const refused = await desk.post(`/api/consultations/${id}/messages`, { body: "二回目の返信" });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "consultation_closed");
    const bad = await desk.patch(`/api/consultations/${id}`, { status: "awaiting_staff" });
    assert.equal(bad.body.error.code, "consultation_invalid_transition");
    const view = await desk.get(`/api/consultations/${id}`);
    assert.deepEqual(
      view.body.messages.map((m: { body: string }) => m.body),
      ["一回目の返信"],
    );
    await desk.patch(`/api/consultations/${id}`, { status: "in_progress" });
    assert.equal((await desk.post(`/api/consultations/${id}/messages`, { body: "再開後の返信" })).status, 201);
  });

  test("consent: given and withdrawn by the staff member only, twice is a clear error, the link is seen by them and the desk", async () => {
    const { id } = (await staff.post("/api/consultations", { category: "incident_related", body: "事案に関する相談" })).body;
    const incidentId = randomUUID();
    const supervisor = await srv.as("supervisor");
    assert.equal((await desk.post(`/api/consultations/${id}/consent`, { incidentId })).status, 404, "the desk cannot consent on their behalf");
    const given = await staff.post(`/api/consultations/${id}/consent`, { incidentId });
    assert.equal(given.status, 201);
    assert.equal(given.body.consents[0].incidentId, incidentId);
    assert.ok(given.body.consents[0].givenAt);
    assert.equal((await staff.post(`/api/consultations/${id}/consent`, { incidentId })).body.error.code, "consent_already_given");
    assert.equal((await supervisor.get(`/api/consultations/${id}`)).status, 404);
    const { consentedLinks } = await import("./service.ts");
    assert.equal((await consentedLinks(srv.database.db, incidentId)).length, 1);
    const withdrawn = await staff.delete(`/api/consultations/${id}/consent`);
    assert.equal(withdrawn.status, 200);
    assert.ok(withdrawn.body.consents[0].withdrawnAt);
    assert.equal((await consentedLinks(srv.database.db, incidentId)).length, 0, "the link is gone for everyone but the desk");
    const again = await staff.delete(`/api/consultations/${id}/consent`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "consent_not_active");
    assert.ok((await desk.get(`/api/consultations/${id}`)).body.consents[0].withdrawnAt, "the desk keeps the history");
  });

  test("desk workflow: assignment, notes kept from the staff member, care flags, business-day follow-up", async () => {
    const { id } = (await staff.post("/api/consultations", { category: "other", body: "体調を崩しています" })).body;
    const deskId = (await desk.get("/api/me")).body.user.id;
    const staffId = (await staff.get("/api/me")).body.user.id;
    assert.equal((await desk.patch(`/api/consultations/${id}`, { assignedTo: staffId })).body.error.code, "consultation_assignee_not_desk");
    const updated = await desk.patch(`/api/consultations/${id}`, {
      assignedTo: deskId,
      careFlags: ["health_affected", "taken_off_case"],
      followUpInBusinessDays: 3,
      category: "retaliation_concern",
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.assignedTo, deskId);
    assert.match(updated.body.followUpOn, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(updated.body.category, "retaliation_concern");
    await desk.post(`/api/consultations/${id}/notes`, { body: NOTE_TEXT });
    const own = await staff.get(`/api/consultations/${id}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.notes, undefined);
    assert.equal(own.body.careFlags, undefined);
    assert.equal((await staff.post(`/api/consultations/${id}/notes`, { body: "x" })).status, 404);
    assert.ok((await staff.get("/api/consultations/mine")).body.consultations.some((c: { id: string }) => c.id === id));
  });

  test("statistics: counts only, small counts shown as <5, for the desk and central only", async () => {
    const central = await srv.as("central");
    for (let i = 0; i < 5; i++) await staff.post("/api/consultations", { category: "borderline", body: `相談 ${i}` });
    const r = await central.get("/api/consultation-statistics");
    assert.equal(r.status, 200);
    const cell = (t: { cells: { key: string; display: string }[] }, k: string) => t.cells.find((c) => c.key === k)?.display;
    assert.ok(Number(cell(r.body.byCategory, "borderline")) >= 5);
    assert.equal(cell(r.body.careFlags, "health_affected"), "<5");
    for (const t of [r.body.byCategory, r.body.byStatus, r.body.byKind, r.body.careFlags]) {
      for (const c of t.cells) assert.ok(c.count === null || c.count >= 5, "no visible count below 5");
    }
    assert.ok(!/[0-9a-f]{8}-[0-9a-f]{4}-/.test(JSON.stringify(r.body)), "no identities");
    assert.equal((await (await srv.as("auditor")).get("/api/consultation-statistics")).status, 403);
  });

  test("the information page states the protection against retaliation and the channels, without a session", async () => {
    const r = await srv.client().get("/api/consultation-info");
    assert.equal(r.status, 200);
    assert.match(r.body.noRetaliation.ja, /不利益な取扱い/);
    assert.ok(r.body.channels.length >= 3);
    assert.match(r.body.anonymity.ja, /再発行/);
  });

  test("a raw dump of every table and the backup file contain none of the consultation text; rotation keeps it readable", async () => {
    const tables = await sql<{
      table_name: string;
    }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(srv.database.db);
    let dump = "";
    for (const t of tables.rows) {
      const rows = await sql<{ t: string }>`SELECT t::text AS t FROM ${sql.table(t.table_name)} AS t`.execute(srv.database.db);
      dump += rows.rows.map((r) => r.t).join("\n");
    }
    assert.ok(dump.includes("m1."), "ciphertexts are there");
    for (const t of [SECRET_TEXT, REPLY_TEXT, STAFF_TEXT, NOTE_TEXT, "二時間怒鳴られ", "体調を崩して"]) assert.ok(!dump.includes(t), `dump leaks ${t}`);
    const file = path.join(tempDir(), "b.jsonl.gz");
    await backupTo(srv.database.db, file);
    const backup = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8");
    for (const t of [SECRET_TEXT, REPLY_TEXT, STAFF_TEXT, NOTE_TEXT]) assert.ok(!backup.includes(t), `backup leaks ${t}`);

    // Rotate to a new key while the old one stays readable; run twice (restartable, idempotent).
    const ring = loadKeyring({ secretKey: generateKey(), secretKeyPrevious: TEST_SECRET_KEY, secretKeyFile: undefined, demo: false, dataDir: "/nonexistent" });
    const first = await rotateKeys(srv.database.db, cliContext(), ring, { batchSize: 3 });
    assert.ok((first.consultations ?? 0) > 5);
    const second = await rotateKeys(srv.database.db, cliContext(), ring);
    assert.deepEqual(Object.values(second), [0, 0, 0, 0], "texts and attachments are all under the new key");
    const rows = await srv.database.db.selectFrom("consultations").select(["id", "body_ciphertext"]).execute();
    assert.ok(rows.every((r) => r.body_ciphertext.startsWith(`m1.${ring.primaryId}.`)));
    const onlyNew = loadKeyring({
      secretKey: ring.keys.get(ring.primaryId)?.toString("base64"),
      secretKeyPrevious: undefined,
      secretKeyFile: undefined,
      demo: false,
      dataDir: "/x",
    });
    assert.ok(rows.map((r) => decrypt(onlyNew, r.body_ciphertext, `consultations.body:${r.id}`)).includes(SECRET_TEXT), "readable under the new key alone");
  });
});
