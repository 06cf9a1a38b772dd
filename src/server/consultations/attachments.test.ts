import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import zlib from "node:zlib";
import { sql } from "kysely";
import { describeEachEngine, tempDir } from "../../../test/helpers/db.ts";
import { type Client, TEST_SECRET_KEY, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { backupTo } from "../platform/backup.ts";
import { cliContext } from "../platform/context.ts";
import { decrypt, decryptBytes, generateKey, loadKeyring } from "../platform/crypto.ts";
import { contentDisposition } from "./attachments.ts";
import { rotateKeys } from "./rotation.ts";
import { attachmentContentContext, attachmentFilenameContext } from "./views.ts";

/** Sends a multipart upload the way the web app does (FormData, the session cookie and the CSRF token). */
async function upload(c: Client, path: string, file: { name: string; bytes: Uint8Array; type?: string }, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrf) headers["x-csrf-token"] = c.csrf;
  const res = await fetch(c.baseUrl + path, { method: "POST", headers, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function download(c: Client, path: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrf) headers["x-csrf-token"] = c.csrf;
  if (init.body) headers["content-type"] = "application/json";
  const res = await fetch(c.baseUrl + path, { method: init.method ?? "GET", headers, body: init.body ? JSON.stringify(init.body) : undefined });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR-写真の中身-ZQXJ-pixels")]);
const FILE_TEXT = "録音の書き起こし: 「お前の顔は覚えたからな」と三回言われた";
const FILENAME = "窓口でのやりとり_秘密.txt";
const PHOTO_NAME = "怒鳴られた日の掲示板.png";
const LIMIT = 4096;

describeEachEngine("consultation attachments", (engine) => {
  let srv: TestServer;
  let desk: Client;
  let staff: Client;
  let consultationId = "";
  let code = "";
  before(async () => {
    srv = await startTestServer(engine, { MAMORU_CONSULTATION_ATTACHMENT_MAX_BYTES: String(LIMIT) });
    desk = await srv.as("desk");
    staff = await srv.as("staff");
    consultationId = (await staff.post("/api/consultations", { category: "incident_related", body: "添付の試験" })).body.id;
    code = (await srv.client().post("/api/consultations/anonymous", { category: "borderline", body: "匿名で添付の試験" })).body.receiptCode;
  });
  after(async () => srv?.close());

  test("the named staff member attaches a photo; the desk lists and downloads the same bytes under the same name", async () => {
    const r = await upload(staff, `/api/consultations/${consultationId}/attachments`, { name: PHOTO_NAME, bytes: PNG, type: "text/html" });
    assert.equal(r.status, 201);
    const a = r.body.attachments[0];
    assert.equal(a.filename, PHOTO_NAME);
    assert.equal(a.contentType, "image/png", "the type comes from the content, not from what the browser claimed");
    assert.equal(a.size, PNG.length);
    const view = await desk.get(`/api/consultations/${consultationId}`);
    assert.equal(view.body.attachments[0].id, a.id);
    const got = await download(desk, `/api/consultations/${consultationId}/attachments/${a.id}`);
    assert.equal(got.status, 200);
    assert.ok(got.bytes.equals(PNG));
    assert.equal(got.headers.get("content-type"), "image/png");
    assert.match(got.headers.get("content-disposition") ?? "", /^attachment; /);
    assert.match(got.headers.get("content-disposition") ?? "", new RegExp(encodeURIComponent(PHOTO_NAME)));
    assert.equal((await download(staff, `/api/consultations/${consultationId}/attachments/${a.id}`)).status, 200);

    // Nobody else: supervisor, central, admin, auditor, another staff member — not the file, not that it exists.
    for (const who of ["supervisor", "central", "admin", "auditor", "staff2"]) {
      const c = await srv.as(who);
      const d = await download(c, `/api/consultations/${consultationId}/attachments/${a.id}`);
      assert.equal(d.status, 404, who);
      assert.ok(!d.bytes.includes(Buffer.from("写真の中身")), `${who} gets no content`);
      assert.equal((await upload(c, `/api/consultations/${consultationId}/attachments`, { name: "x.png", bytes: PNG })).status, 404, `${who} cannot attach`);
    }
    // The audit trail says that a file was added and read, never its name.
    const trail = JSON.stringify(await srv.database.db.selectFrom("audit_log").selectAll().where("resource_id", "=", consultationId).execute());
    assert.match(trail, /consultation\.attachment_read/);
    assert.ok(!trail.includes(PHOTO_NAME) && !trail.includes("怒鳴られた"));
  });

  test("whoever holds the receipt code attaches and downloads; a wrong code gets the same answer as for reading", async () => {
    const stranger = srv.client();
    const r = await upload(stranger, "/api/consultations/receipt/attachments", { name: FILENAME, bytes: Buffer.from(FILE_TEXT) }, { code });
    assert.equal(r.status, 201);
    assert.equal(r.body.id, null, "the anonymous view has no id");
    const a = r.body.attachments[0];
    assert.equal(a.contentType, "text/plain; charset=utf-8");
    const got = await download(stranger, "/api/consultations/receipt/attachments/download", { method: "POST", body: { code, attachmentId: a.id } });
    assert.equal(got.status, 200);
    assert.equal(got.bytes.toString("utf8"), FILE_TEXT);
    const wrong = await upload(
      stranger,
      "/api/consultations/receipt/attachments",
      { name: FILENAME, bytes: Buffer.from("x") },
      { code: "ABCDE-FGHJK-MNPQR-STUVW" },
    );
    const wrongRead = await stranger.post("/api/consultations/receipt/read", { code: "ABCDE-FGHJK-MNPQR-STUVW" });
    assert.equal(wrong.status, 404);
    assert.deepEqual(wrong.body, wrongRead.body, "no hint whether the code exists");
    const wrongDownload = await download(stranger, "/api/consultations/receipt/attachments/download", {
      method: "POST",
      body: { code: "ABCDE-FGHJK-MNPQR-STUVW", attachmentId: a.id },
    });
    assert.equal(wrongDownload.status, 404);
    // The right code cannot reach another consultation's file.
    const other = (await desk.get(`/api/consultations/${consultationId}`)).body.attachments[0].id;
    assert.equal(
      (await download(stranger, "/api/consultations/receipt/attachments/download", { method: "POST", body: { code, attachmentId: other } })).status,
      404,
    );
    // The desk sees it as the staff side's file.
    const list = await desk.get("/api/consultations?limit=200");
    const anon = list.body.consultations.find((c: { anonymous: boolean }) => c.anonymous);
    const deskView = await desk.get(`/api/consultations/${anon.id}`);
    assert.equal(deskView.body.attachments[0].authorKind, "staff");
    assert.equal(deskView.body.attachments[0].filename, FILENAME);
  });

  test("an oversized file, a disguised file and an empty one are refused with a clear error; nothing is stored or changed", async () => {
    const { id } = (await staff.post("/api/consultations", { category: "other", body: "大きすぎる添付" })).body;
    const before = await srv.database.db.selectFrom("consultation_attachments").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
    const big = Buffer.concat([PNG, Buffer.alloc(LIMIT, 1)]);
    const r = await upload(staff, `/api/consultations/${id}/attachments`, { name: "big.png", bytes: big });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, "attachment_too_large");
    assert.match(r.body.error.message, /4 KB/);
    staff.lang = "en";
    const en = await upload(staff, `/api/consultations/${id}/attachments`, { name: "big.png", bytes: big });
    staff.lang = null;
    assert.ok(en.status === 413);
    // Far beyond the limit: refused before the body is read, with the same error.
    const huge = await upload(staff, `/api/consultations/${id}/attachments`, { name: "huge.png", bytes: Buffer.concat([PNG, Buffer.alloc(LIMIT * 16, 3)]) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, "attachment_too_large");
    const html = await upload(staff, `/api/consultations/${id}/attachments`, {
      name: "photo.png",
      bytes: Buffer.from("<html><script>alert(1)</script></html>"),
      type: "image/png",
    });
    assert.equal(html.status, 422);
    assert.equal(html.body.error.code, "attachment_type_not_allowed");
    const zip = await upload(staff, `/api/consultations/${id}/attachments`, { name: "a.zip", bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) });
    assert.equal(zip.body.error.code, "attachment_type_not_allowed");
    const empty = await upload(staff, `/api/consultations/${id}/attachments`, { name: "a.txt", bytes: new Uint8Array(0) });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.error.code, "attachment_missing");
    // No file field at all, and multipart sent where only JSON is taken.
    const noFile = await staff.request("POST", `/api/consultations/${id}/attachments`, new FormData());
    assert.equal(noFile.status, 422);
    assert.equal(noFile.body.error.code, "attachment_missing");
    assert.equal(noFile.body.error.message, "添付するファイルを選んでください。");
    const form = new FormData();
    form.set("body", "x");
    assert.equal((await staff.request("POST", `/api/consultations/${id}/messages`, form)).status, 415);
    const after = await srv.database.db.selectFrom("consultation_attachments").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n, "nothing half-written");
    const view = await staff.get(`/api/consultations/${id}`);
    assert.equal(view.body.status, "new");
    assert.equal(view.body.body, "大きすぎる添付", "the consultation is intact");
    // A file exactly at the limit is fine.
    const exact = Buffer.concat([PNG, Buffer.alloc(LIMIT - PNG.length, 2)]);
    assert.equal((await upload(staff, `/api/consultations/${id}/attachments`, { name: "exact.png", bytes: exact })).status, 201);
  });

  test("a closed case takes no attachment until the desk reopens it", async () => {
    const { id } = (await staff.post("/api/consultations", { category: "other", body: "終了後の添付" })).body;
    await desk.patch(`/api/consultations/${id}`, { status: "closed" });
    const r = await upload(desk, `/api/consultations/${id}/attachments`, { name: "memo.txt", bytes: Buffer.from("メモ") });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, "consultation_closed");
    await desk.patch(`/api/consultations/${id}`, { status: "in_progress" });
    const ok = await upload(desk, `/api/consultations/${id}/attachments`, { name: "memo.txt", bytes: Buffer.from("メモ") });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.attachments[0].authorKind, "desk");
  });

  test("a raw dump of every text and bytea column of every table contains no consultation text, note, file name or file content", async () => {
    const MESSAGE = "上司に言うと評価が下がりそうで怖いです";
    const NOTE = "人事委員会の窓口も案内済み";
    await staff.post(`/api/consultations/${consultationId}/messages`, { body: MESSAGE });
    await desk.post(`/api/consultations/${consultationId}/notes`, { body: NOTE });
    const secrets = ["添付の試験", "匿名で添付の試験", MESSAGE, NOTE, FILE_TEXT, FILENAME, PHOTO_NAME, "写真の中身", "お前の顔は覚えた"];
    const needles = secrets.flatMap((t) => [Buffer.from(t, "utf8"), Buffer.from(Buffer.from(t, "utf8").toString("base64"))]);
    const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
      SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`.execute(srv.database.db);
    let scanned = 0;
    let bytea = 0;
    for (const col of columns.rows) {
      const isBytes = col.data_type === "bytea";
      const rows = isBytes
        ? await sql<{ v: Buffer | null }>`SELECT ${sql.ref(col.column_name)} AS v FROM ${sql.table(col.table_name)}`.execute(srv.database.db)
        : await sql<{ v: string | null }>`SELECT ${sql.ref(col.column_name)}::text AS v FROM ${sql.table(col.table_name)}`.execute(srv.database.db);
      for (const { v } of rows.rows) {
        if (v === null) continue;
        const buf = isBytes ? Buffer.from(v as Buffer) : Buffer.from(v as string, "utf8");
        scanned++;
        if (isBytes) bytea++;
        for (const n of needles) assert.ok(!buf.includes(n), `${col.table_name}.${col.column_name} leaks ${n.toString("utf8").slice(0, 30)}`);
      }
    }
    // The backup file too (bytea is base64 there, so the base64 needles matter).
    const file = path.join(tempDir(), "b.jsonl.gz");
    await backupTo(srv.database.db, file);
    const backup = zlib.gunzipSync(fs.readFileSync(file));
    assert.ok(backup.includes(Buffer.from("consultation_attachments")), "the backup holds the attachments table");
    for (const n of needles) assert.ok(!backup.includes(n), `backup leaks ${n.toString("utf8").slice(0, 30)}`);
    assert.ok(scanned > 100, "the dump covered the database");
    assert.ok(bytea >= 2, "attachment contents were scanned as raw bytes");
    assert.ok(columns.rows.some((c) => c.table_name === "consultation_attachments" && c.column_name === "content_ciphertext"));
  });

  test("key rotation re-encrypts attachments (name and content) and they stay readable under the new key alone", async () => {
    const ring = loadKeyring({ secretKey: generateKey(), secretKeyPrevious: TEST_SECRET_KEY, secretKeyFile: undefined, demo: false, dataDir: "/nonexistent" });
    const counts = await rotateKeys(srv.database.db, cliContext(), ring, { batchSize: 20 });
    assert.ok((counts.consultation_attachments ?? 0) >= 3);
    assert.equal((await rotateKeys(srv.database.db, cliContext(), ring)).consultation_attachments, 0, "a second run has nothing left to do");
    const onlyNew = loadKeyring({
      secretKey: ring.keys.get(ring.primaryId)?.toString("base64"),
      secretKeyPrevious: undefined,
      secretKeyFile: undefined,
      demo: false,
      dataDir: "/x",
    });
    const rows = await srv.database.db.selectFrom("consultation_attachments").selectAll().execute();
    assert.ok(rows.every((r) => r.key_id === ring.primaryId));
    const photo = rows.find((r) => decrypt(onlyNew, r.filename_ciphertext, attachmentFilenameContext(r.id)) === PHOTO_NAME);
    assert.ok(photo, "the file name decrypts under the new key");
    assert.ok(decryptBytes(onlyNew, photo.content_ciphertext, attachmentContentContext(photo.id)).equals(PNG));
    // Authenticated: content moved to another row does not decrypt.
    const other = rows.find((r) => r.id !== photo.id) as (typeof rows)[number];
    assert.throws(() => decryptBytes(onlyNew, photo.content_ciphertext, attachmentContentContext(other.id)), /改ざん|authentication/);
  });

  test("Content-Disposition keeps the exact name for browsers and a safe ASCII fallback", () => {
    const v = contentDisposition('写真"1".png');
    assert.match(v, /^attachment; filename="__?_1_.png"|^attachment; filename="[_]+1_.png"/);
    assert.match(v, /filename\*=UTF-8''%E5%86%99%E7%9C%9F%221%22\.png$/);
  });
});
