import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

let k = 0;
const aid = (p = "rec") => `${p}-${Date.now().toString(36)}-${++k}`;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** A WebM (EBML) start followed by noise: what a browser's first MediaRecorder chunk begins with. */
const firstChunk = () => Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), randomBytes(3000)]);

/** PUT raw bytes with the client's session (the shared Client sends JSON or strings only). */
async function putChunk(c: Client, recordingId: string, seq: number, body: Buffer) {
  const h: Record<string, string> = { "content-type": "application/octet-stream" };
  if (c.cookie) h.cookie = c.cookie;
  if (c.csrf) h["x-csrf-token"] = c.csrf;
  const res = await fetch(`${c.baseUrl}/api/live-assist/recordings/${recordingId}/chunks/${seq}`, { method: "PUT", headers: h, body: new Uint8Array(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describeEachEngine("live assist recordings", (engine) => {
  let srv: TestServer;
  let staff: Client;
  let boss: Client;
  let otherBoss: Client;

  before(async () => {
    srv = await startTestServer(engine);
    staff = await srv.as("staff");
    boss = await srv.as("supervisor");
    otherBoss = await srv.as("supervisor2");
  });
  after(async () => srv?.close());

  const startSession = async () => {
    const s = await staff.post("/api/live-assist/sessions", { channel: "counter", place: "録音試験" });
    assert.equal(s.status, 201, s.text);
    return s.body.id as string;
  };
  const end = async (sessionId: string) => {
    const r = await staff.post(`/api/live-assist/sessions/${sessionId}/actions`, {
      id: aid("end"),
      type: "end",
      kind: "end_response",
      reason: "試験のため終了",
    });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.incidentId, "the session became an incident");
    return r.body.incidentId as string;
  };
  const evidenceOf = async (c: Client, incidentId: string) => {
    const r = await c.get(`/api/incidents/${incidentId}/evidence`);
    assert.equal(r.status, 200, r.text);
    return r.body.items as Array<{ id: string; sha256: string; size: number; mediaType: string; kind: string; recordingNotice: boolean | null }>;
  };

  test("chunks in order become one evidence file with the SHA-256 of their concatenation and the notice flag; a replay is a no-op; a gap or other user is refused", async () => {
    const sessionId = await startSession();
    const notice = await staff.post(`/api/live-assist/sessions/${sessionId}/actions`, { id: aid("notice"), type: "notice", said: true });
    assert.equal(notice.status, 200, notice.text);
    const start = await staff.post(`/api/live-assist/sessions/${sessionId}/recordings`, { mediaType: "audio/webm" });
    assert.equal(start.status, 201, start.text);
    const recId = start.body.id as string;
    const chunks = [firstChunk(), randomBytes(2500), randomBytes(1800)];
    for (const [i, c] of chunks.entries()) {
      const r = await putChunk(staff, recId, i, c);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.nextSeq, i + 1);
    }
    // A replayed chunk (the browser retrying after a lost reply) changes nothing.
    const replay = await putChunk(staff, recId, 1, chunks[1] as Buffer);
    assert.equal(replay.status, 200);
    assert.equal(replay.body.replayed, true);
    assert.equal(replay.body.nextSeq, 3);
    const different = await putChunk(staff, recId, 1, randomBytes(100));
    assert.equal(different.status, 409);
    assert.equal(different.body.error.code, "live_recording_chunk_conflict");
    // A gap: chunk 5 before 3.
    const gapJa = await putChunk(staff, recId, 5, randomBytes(100));
    assert.equal(gapJa.status, 409);
    assert.equal(gapJa.body.error.code, "live_recording_gap");
    assert.match(gapJa.body.error.message, /5番目.*3番目/);
    await staff.patch("/api/me", { locale: "en" });
    const gapEn = await putChunk(staff, recId, 5, randomBytes(100)).finally(() => staff.patch("/api/me", { locale: "ja" }));
    assert.match(gapEn.body.error.message, /part 5 arrived before part 3/);
    // Only the session's staff member appends or finishes: the department's supervisor is refused, another department's does not see it.
    assert.equal((await putChunk(boss, recId, 3, randomBytes(100))).status, 403);
    assert.equal((await putChunk(otherBoss, recId, 3, randomBytes(100))).status, 404);
    assert.equal((await boss.post(`/api/live-assist/recordings/${recId}/finish`)).status, 403);

    const fin = await staff.post(`/api/live-assist/recordings/${recId}/finish`);
    assert.equal(fin.status, 200, fin.text);
    const whole = Buffer.concat(chunks);
    assert.equal(fin.body.sha256, sha(whole));
    assert.equal(fin.body.size, whole.length);
    assert.equal((await putChunk(staff, recId, 3, randomBytes(100))).body.error.code, "live_recording_closed");

    const incidentId = await end(sessionId);
    const items = await evidenceOf(boss, incidentId);
    assert.equal(items.length, 1);
    const ev = items[0] as (typeof items)[number];
    assert.equal(ev.sha256, sha(whole));
    assert.equal(ev.mediaType, "audio/webm");
    assert.equal(ev.kind, "audio");
    assert.equal(ev.recordingNotice, true);
    // The department's supervisor plays it through the evidence routes; the bytes are the recording.
    const res = await fetch(`${boss.baseUrl}/api/evidence/${ev.id}/content`, { headers: { cookie: boss.cookie ?? "" } });
    assert.equal(res.status, 200);
    assert.equal(sha(Buffer.from(await res.arrayBuffer())), sha(whole));
    const timeline = await staff.get(`/api/incidents/${incidentId}`);
    assert.match(timeline.text, /録音開始/);
    assert.match(timeline.text, /SHA-256 [0-9a-f]{64}/);
    const audit = await srv.database.db.selectFrom("audit_log").select("action").where("action", "like", "live_recording.%").execute();
    for (const a of ["live_recording.start", "live_recording.finish", "live_recording.attach"])
      assert.ok(
        audit.some((x) => x.action === a),
        `${a} audited`,
      );
  });

  test("a session ending without finish keeps the audio received so far as evidence", async () => {
    const sessionId = await startSession();
    const start = await staff.post(`/api/live-assist/sessions/${sessionId}/recordings`, { mediaType: "audio/webm" });
    const recId = start.body.id as string;
    const chunks = [firstChunk(), randomBytes(4000)];
    for (const [i, c] of chunks.entries()) assert.equal((await putChunk(staff, recId, i, c)).status, 200);
    const incidentId = await end(sessionId);
    const items = await evidenceOf(staff, incidentId);
    assert.equal(items.length, 1);
    assert.equal(items[0]?.sha256, sha(Buffer.concat(chunks)));
    assert.equal(items[0]?.recordingNotice, false, "the notice was not given on this session");
    assert.equal(
      (await staff.post(`/api/live-assist/sessions/${sessionId}/recordings`, { mediaType: "audio/webm" })).body.error.code,
      "live_recording_session_ended",
    );
  });

  test("bytes that are not audio of the announced type are refused at finish; nothing becomes evidence", async () => {
    const sessionId = await startSession();
    const start = await staff.post(`/api/live-assist/sessions/${sessionId}/recordings`, { mediaType: "audio/ogg" });
    const recId = start.body.id as string;
    assert.equal((await putChunk(staff, recId, 0, Buffer.from("%PDF-1.7 not audio at all"))).status, 200);
    const fin = await staff.post(`/api/live-assist/recordings/${recId}/finish`);
    assert.equal(fin.status, 422);
    assert.equal(fin.body.error.code, "live_recording_not_audio");
    const incidentId = await end(sessionId);
    assert.equal((await evidenceOf(staff, incidentId)).length, 0);
  });
});
