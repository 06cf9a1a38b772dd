import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, test } from "node:test";
import { describeEachEngine, tempDir } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { evidenceStorage } from "../platform/storage/index.ts";
import { runRetention } from "./retention.ts";

const MAX = 64 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const pdf = (n = 5000) => Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(n, 0x41), Buffer.from("\n%%EOF\n")]);
function wav(n = 20_000): Buffer {
  const data = Buffer.alloc(n);
  for (let i = 0; i < n; i++) data[i] = (i * 7) % 251;
  const head = Buffer.alloc(44);
  head.write("RIFF", 0, "latin1");
  head.writeUInt32LE(36 + n, 4);
  head.write("WAVEfmt ", 8, "latin1");
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(8000, 24);
  head.writeUInt32LE(8000, 28);
  head.writeUInt16LE(1, 32);
  head.writeUInt16LE(8, 34);
  head.write("data", 36, "latin1");
  head.writeUInt32LE(n, 40);
  return Buffer.concat([head, data]);
}

function form(bytes: Buffer, filename: string, type: string, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append("file", new Blob([new Uint8Array(bytes)], { type }), filename);
  return f;
}

/** Every file under the evidence directory, relative (temporary files included). */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(dir, p)).isFile());
}

/** The user's own language setting decides the server's messages. */
async function inEnglish<T>(c: Client, fn: () => Promise<T>): Promise<T> {
  await c.patch("/api/me", { locale: "en" });
  try {
    return await fn();
  } finally {
    await c.patch("/api/me", { locale: "ja" });
  }
}

async function until(what: string, cond: () => boolean | Promise<boolean>, tries = 500) {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

describeEachEngine("evidence", (engine) => {
  let srv: TestServer;
  let dir: string;
  let staff: Client;
  let supervisor: Client;
  let central: Client;
  let incidentId: string;

  const fileIncident = async (c: Client, body: Record<string, unknown> = {}) => {
    const r = await c.post("/api/incidents", { channel: "counter", summary: "証拠の試験", ...body });
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };
  const upload = (c: Client, id: string, f: FormData) => c.request("POST", `/api/incidents/${id}/evidence`, f);
  const rawGet = (c: Client, url: string, headers: Record<string, string> = {}) =>
    fetch(srv.baseUrl + url, { headers: { cookie: c.cookie ?? "", ...headers } });
  const rows = (incident: string) => srv.database.db.selectFrom("evidence").selectAll().where("incident_id", "=", incident).execute();
  const liveFiles = () => filesIn(dir).filter((f) => !f.startsWith(".incoming"));

  before(async () => {
    dir = tempDir("mamoru-evidence-test-");
    srv = await startTestServer(engine, { MAMORU_EVIDENCE_DIR: dir, MAMORU_EVIDENCE_MAX_BYTES: String(MAX) });
    staff = await srv.as("staff");
    supervisor = await srv.as("supervisor");
    central = await srv.as("central");
    incidentId = await fileIncident(staff);
  });
  after(async () => {
    await srv?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("upload and download round trip: the SHA-256 computed while streaming matches the bytes, every access is audited", async () => {
    const bytes = pdf();
    const up = await upload(staff, incidentId, form(bytes, "通知書の写し.pdf", "application/pdf", { note: "窓口で受け取った文書" }));
    assert.equal(up.status, 201, up.text);
    assert.equal(up.body.sha256, sha(bytes));
    assert.equal(up.body.size, bytes.length);
    assert.equal(up.body.originalName, "通知書の写し.pdf");
    assert.equal(up.body.kind, "pdf");
    assert.equal(up.body.recordingNotice, null, "only recordings carry the notice flag");
    assert.equal(up.body.note, "窓口で受け取った文書");

    const list = await staff.get(`/api/incidents/${incidentId}/evidence`);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((i: { id: string }) => i.id === up.body.id));
    assert.equal(list.body.maxBytes, MAX);

    const res = await rawGet(staff, `/api/evidence/${up.body.id}/content?download=1`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-disposition") ?? "", /^attachment;.*filename\*=UTF-8''%E9%80%9A/);
    const got = Buffer.from(await res.arrayBuffer());
    assert.equal(sha(got), sha(bytes));

    const audit = await srv.database.db
      .selectFrom("audit_log")
      .select(["action", "resource_id"])
      .where("actor_username", "=", "staff")
      .where("action", "like", "evidence.%")
      .execute();
    const actions = audit.map((a) => a.action);
    for (const a of ["evidence.upload", "evidence.list", "evidence.download"]) assert.ok(actions.includes(a), `${a} audited`);
    const timeline = (await staff.get(`/api/incidents/${incidentId}`)).body.timeline as { kind: string; actorName: string | null; data: { evidenceId?: string } }[];
    const added = timeline.find((e) => e.kind === "evidence_added" && e.data.evidenceId === up.body.id);
    assert.ok(added, "the incident's timeline shows the file was added");
    assert.equal(added.actorName, "泉 さくら");
  });

  test("a file whose bytes do not match its type is refused with a clear error in both languages; nothing is stored", async () => {
    const before = liveFiles().length;
    const beforeRows = (await rows(incidentId)).length;
    const ja = await upload(staff, incidentId, form(pdf(), "recording.mp3", "audio/mpeg"));
    assert.equal(ja.status, 422);
    assert.equal(ja.body.error.code, "evidence_type_mismatch");
    assert.match(ja.body.error.message, /一致しません.*application\/pdf.*何も保存していません/);
    const en = await inEnglish(staff, () => upload(staff, incidentId, form(Buffer.from("PK\u0003\u0004zip"), "notes.txt", "text/plain")));
    assert.equal(en.status, 422);
    assert.match(en.body.error.message, /does not match its type \(text\/plain/);
    const zip = await upload(staff, incidentId, form(Buffer.from("PK\u0003\u0004"), "a.zip", "application/zip"));
    assert.equal(zip.status, 415);
    assert.equal(zip.body.error.code, "evidence_type_not_allowed");
    assert.equal(liveFiles().length, before);
    assert.equal(filesIn(path.join(dir, ".incoming")).length, 0);
    assert.equal((await rows(incidentId)).length, beforeRows);
  });

  test("a file over the configured limit is refused (declared length and streamed), nothing stored", async () => {
    const beforeRows = (await rows(incidentId)).length;
    const big = await upload(staff, incidentId, form(pdf(MAX + 10_000), "big.pdf", "application/pdf"));
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, "evidence_too_large");
    assert.match(big.body.error.message, /上限 64 KB/);

    // Without a Content-Length (chunked), the limit is enforced while streaming.
    const boundary = "----mamoru-test-boundary";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const body = Buffer.concat([Buffer.from(head), pdf(MAX + 1000), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const status = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${srv.baseUrl}/api/incidents/${incidentId}/evidence`, {
        method: "POST",
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "transfer-encoding": "chunked",
          cookie: staff.cookie ?? "",
          "x-csrf-token": staff.csrf ?? "",
        },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      for (let i = 0; i < body.length; i += 8192) req.write(body.subarray(i, i + 8192));
      req.end();
    });
    assert.equal(status.status, 413, status.text);
    assert.match(status.text, /evidence_too_large/);
    await until("no temporary file", () => filesIn(path.join(dir, ".incoming")).length === 0);
    assert.equal((await rows(incidentId)).length, beforeRows);
  });

  test("an upload cut off mid-stream leaves no file and no row", async () => {
    const beforeRows = (await rows(incidentId)).length;
    const beforeFiles = liveFiles().length;
    const boundary = "----mamoru-cut-off";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const req = http.request(`${srv.baseUrl}/api/incidents/${incidentId}/evidence`, {
      method: "POST",
      headers: {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(60_000),
        cookie: staff.cookie ?? "",
        "x-csrf-token": staff.csrf ?? "",
      },
    });
    req.on("error", () => {
      /* we cut it ourselves */
    });
    req.write(Buffer.concat([Buffer.from(head), pdf(20_000)]));
    // The server has started writing the temporary file…
    await until("a temporary file appears", () => filesIn(path.join(dir, ".incoming")).length === 1);
    // …when the connection drops.
    req.destroy();
    await until("the temporary file is removed", () => filesIn(path.join(dir, ".incoming")).length === 0);
    assert.equal(liveFiles().length, beforeFiles);
    assert.equal((await rows(incidentId)).length, beforeRows);
  });

  test("a file altered on disk is refused on download and on playback, with an audit row of the integrity failure", async () => {
    const bytes = wav();
    const up = await upload(staff, incidentId, form(bytes, "通話録音.wav", "audio/wav", { recordingNotice: "true" }));
    assert.equal(up.status, 201, up.text);
    assert.equal(up.body.recordingNotice, true);
    const row = await srv.database.db.selectFrom("evidence").select("storage_key").where("id", "=", up.body.id).executeTakeFirstOrThrow();
    const file = path.join(dir, ...row.storage_key.split("/"));
    assert.deepEqual(fs.readFileSync(file), bytes, "stored as uploaded");

    // Someone flips one byte in the middle, keeping the size.
    const altered = Buffer.from(bytes);
    altered[5000] = (altered[5000] ?? 0) ^ 0xff;
    fs.writeFileSync(file, altered);

    const res = await staff.get(`/api/evidence/${up.body.id}/content?download=1`);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, "evidence_integrity_failed");
    assert.match(res.body.error.message, /「通話録音\.wav」は保存時から変わっています/);
    const en = await inEnglish(staff, () => staff.get(`/api/evidence/${up.body.id}/content`));
    assert.match(en.body.error.message, /has changed since it was stored/);
    const ranged = await staff.get(`/api/evidence/${up.body.id}/content`, { range: "bytes=100-199" });
    assert.equal(ranged.status, 409, "playback of an altered file is refused too");

    const failures = await srv.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "evidence.integrity_failure")
      .where("resource_id", "=", up.body.id)
      .execute();
    assert.equal(failures.length, 3);
    assert.equal(failures[0]?.outcome, "failure");
    assert.equal((failures[0]?.details as { expectedSha256?: string } | undefined)?.expectedSha256, sha(bytes));
    const timeline = (await staff.get(`/api/incidents/${incidentId}`)).body.timeline as { kind: string; data: { evidenceId?: string; problem?: string } }[];
    const flagged = timeline.filter((e) => e.kind === "evidence_integrity_failed" && e.data.evidenceId === up.body.id);
    assert.equal(flagged.length, 3, "whoever works on the case sees that the file failed its check");
    assert.equal(flagged[0]?.data.problem, "hash");

    // Restored from backup, it is served again.
    fs.writeFileSync(file, bytes);
    assert.equal((await rawGet(staff, `/api/evidence/${up.body.id}/content`)).status, 200);
  });

  test("audio plays by Range (206), verified once per change of the stored file; an impossible range is 416", async () => {
    const bytes = wav(30_000);
    const up = await upload(staff, incidentId, form(bytes, "録音.wav", "audio/x-wav"));
    assert.equal(up.status, 201, up.text);
    assert.equal(up.body.mediaType, "audio/wav");
    assert.equal(up.body.recordingNotice, false, "a recording defaults to: notice not given");
    const res = await rawGet(staff, `/api/evidence/${up.body.id}/content`, { range: "bytes=1000-1999" });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get("content-range"), `bytes 1000-1999/${bytes.length}`);
    assert.equal(res.headers.get("accept-ranges"), "bytes");
    assert.match(res.headers.get("content-disposition") ?? "", /^inline/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes.subarray(1000, 2000));
    const tail = await rawGet(staff, `/api/evidence/${up.body.id}/content`, { range: "bytes=-10" });
    assert.equal(tail.status, 206);
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(bytes.length - 10));
    const bad = await rawGet(staff, `/api/evidence/${up.body.id}/content`, { range: `bytes=${bytes.length + 5}-` });
    assert.equal(bad.status, 416);
    assert.equal(bad.headers.get("content-range"), `bytes */${bytes.length}`);
    const plays = await srv.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "evidence.play")
      .where("resource_id", "=", up.body.id)
      .execute();
    assert.equal(plays.length, 2, "each playback request is audited");

    // The notice flag is editable on recordings only.
    const set = await staff.patch(`/api/evidence/${up.body.id}`, { version: up.body.version, recordingNotice: true });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.recordingNotice, true);
    const stale = await staff.patch(`/api/evidence/${up.body.id}`, { version: up.body.version, recordingNotice: false });
    assert.equal(stale.status, 409);
    const list = await staff.get(`/api/incidents/${incidentId}/evidence`);
    const pdfItem = list.body.items.find((i: { kind: string }) => i.kind === "pdf");
    const refused = await staff.patch(`/api/evidence/${pdfItem.id}`, { version: pdfItem.version, recordingNotice: true });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, "evidence_not_recording");
  });

  test("staff of another department get 404 on the incident's evidence; so does a supervisor of another department", async () => {
    const ev = (await staff.get(`/api/incidents/${incidentId}/evidence`)).body.items[0];
    for (const who of ["staff2", "supervisor2"]) {
      const c = await srv.as(who);
      assert.equal((await c.get(`/api/incidents/${incidentId}/evidence`)).status, 404, `${who} list`);
      assert.equal((await upload(c, incidentId, form(pdf(), "x.pdf", "application/pdf"))).status, 404, `${who} upload`);
      assert.equal((await c.get(`/api/evidence/${ev.id}/content`)).status, 404, `${who} content`);
      assert.equal((await c.patch(`/api/evidence/${ev.id}`, { version: 1, note: "x" })).status, 404, `${who} update`);
      assert.equal((await c.post(`/api/evidence/${ev.id}/deletion`, { reason: "誤って添付" })).status, 404, `${who} delete`);
    }
    // The department's supervisor and central see it.
    assert.equal((await supervisor.get(`/api/incidents/${incidentId}/evidence`)).status, 200);
    assert.equal((await central.get(`/api/evidence/${ev.id}/content`)).status, 200);
  });

  test("deleting by hand needs the supervisor or central and a reason, never under legal hold, and leaves a tombstone", async () => {
    const id = await fileIncident(staff);
    const a = (await upload(staff, id, form(pdf(), "誤添付.pdf", "application/pdf", { note: "別件の文書" }))).body;
    assert.equal((await staff.post(`/api/evidence/${a.id}/deletion`, { reason: "誤って添付した" })).status, 403);
    const noReason = await supervisor.post(`/api/evidence/${a.id}/deletion`, { reason: " " });
    assert.equal(noReason.status, 422);
    assert.equal(noReason.body.error.code, "evidence_reason_required");

    const held = await central.patch(`/api/incidents/${id}`, { version: 1, legalHold: true });
    assert.equal(held.status, 200, held.text);
    const refused = await supervisor.post(`/api/evidence/${a.id}/deletion`, { reason: "誤って添付した" });
    assert.equal(refused.status, 423);
    assert.match(refused.body.error.message, /リーガルホールド/);
    await central.patch(`/api/incidents/${id}`, { version: held.body.version, legalHold: false });

    const key = (await srv.database.db.selectFrom("evidence").select("storage_key").where("id", "=", a.id).executeTakeFirstOrThrow()).storage_key;
    const done = await supervisor.post(`/api/evidence/${a.id}/deletion`, { reason: "誤って添付した" });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.deleted.kind, "manual");
    assert.equal(done.body.deleted.reason, "誤って添付した");
    assert.equal(done.body.deleted.by, "宮城 誠(戸籍住民課長)");
    assert.equal(done.body.sha256, a.sha256, "the tombstone keeps the hash");
    assert.equal(done.body.size, a.size);
    assert.equal(done.body.originalName, "", "the file name (which may name people) goes");
    assert.equal(fs.existsSync(path.join(dir, ...key.split("/"))), false);
    assert.equal((await staff.get(`/api/evidence/${a.id}/content`)).body.error.code, "evidence_deleted");
    assert.equal((await supervisor.post(`/api/evidence/${a.id}/deletion`, { reason: "二度目" })).status, 409);
    const timeline = (await staff.get(`/api/incidents/${id}`)).body.timeline as { kind: string; reason: string | null; data: Record<string, unknown> }[];
    const deleted = timeline.filter((e) => e.kind === "evidence_deleted");
    assert.equal(deleted.length, 1);
    assert.equal(deleted[0]?.reason, "誤って添付した");
    assert.ok(!JSON.stringify(timeline).includes("誤添付.pdf"), "the timeline keeps no file name");
  });

  test("the retention job deletes only evidence past its period, never under legal hold, once even when two runs race", async () => {
    const storage = evidenceStorage({ dataDir: "/nonexistent", evidenceDir: dir });
    const old = await fileIncident(central, { startedAt: "2018-06-01T01:00:00Z", departmentId: undefined, retentionClass: "1y" });
    const oldHeld = await fileIncident(central, { startedAt: "2018-06-01T01:00:00Z", retentionClass: "1y", legalHold: true });
    const oldLong = await fileIncident(central, { startedAt: "2018-06-01T01:00:00Z", retentionClass: "10y" });
    const recent = await fileIncident(central, { retentionClass: "1y" });
    const ids: Record<string, string[]> = {};
    for (const [name, inc] of Object.entries({ old, oldHeld, oldLong, recent })) {
      ids[name] = [];
      for (let i = 0; i < 3; i++) {
        const r = await upload(central, inc, form(pdf(1000 + i), `${name}-${i}.pdf`, "application/pdf"));
        assert.equal(r.status, 201, r.text);
        ids[name]?.push(r.body.id);
      }
    }
    const ctx = { actor: null, ip: null, requestId: "retention-test", locale: "ja" as const };
    const now = new Date("2026-11-24T00:00:00Z");
    const [r1, r2] = await Promise.all([runRetention(srv.database.db, storage, ctx, now), runRetention(srv.database.db, storage, ctx, now)]);
    assert.equal(r1.deleted + r2.deleted, 3, `deleted once: ${JSON.stringify([r1, r2])}`);
    const again = await runRetention(srv.database.db, storage, ctx, now);
    assert.equal(again.deleted, 0);

    const all = await srv.database.db.selectFrom("evidence").selectAll().where("incident_id", "in", [old, oldHeld, oldLong, recent]).execute();
    for (const e of all) {
      const expectDeleted = ids.old?.includes(e.id) ?? false;
      assert.equal(e.deleted_at !== null, expectDeleted, `${e.id} deleted=${expectDeleted}`);
      assert.equal(fs.existsSync(path.join(dir, ...e.storage_key.split("/"))), !expectDeleted);
      if (expectDeleted) {
        assert.equal(e.deletion_kind, "retention");
        assert.equal(e.deletion_reason, "1y");
        assert.match(e.sha256, /^[0-9a-f]{64}$/);
        assert.ok(e.file_removed_at);
      }
    }
    const audits = await srv.database.db.selectFrom("audit_log").selectAll().where("action", "=", "evidence.retention_delete").execute();
    assert.equal(audits.length, 3, "one audit row per deletion");
    const tombstones = (await staff.get(`/api/incidents/${old}/evidence`)).status;
    assert.equal(tombstones, 404, "staff did not file it");
    const shown = await central.get(`/api/incidents/${old}/evidence`);
    assert.equal(shown.body.items.filter((i: { deleted: unknown }) => i.deleted).length, 3, "tombstones are listed");
    const lock = await srv.database.db.selectFrom("job_locks").selectAll().execute();
    assert.deepEqual(lock, [], "the lease is released");
  });
});

test("`mamoru evidence retention` respects the embedded database's lock", async () => {
  const { runCli } = await import("../../../test/helpers/cli.ts");
  const { openPglite } = await import("../platform/db/engine.ts");
  const data = tempDir("mamoru-evidence-cli-");
  try {
    const env = { MAMORU_DATA_DIR: data, MAMORU_DEMO: "0" };
    const ok = await runCli(["evidence", "retention"], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /OK: .*0/);
    const held = await openPglite(data, { command: "test holder" });
    try {
      const locked = await runCli(["evidence", "retention"], env);
      assert.notEqual(locked.code, 0);
      assert.match(locked.stderr, /別のプロセス .*test holder/);
    } finally {
      await held.close();
    }
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
});
