import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { ColumnType, Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import { SNIFF_BYTES, checkContent } from "../../domain/evidence/types.ts";
import type { LadderState } from "../../domain/live-assist/ladder.ts";
import * as audit from "../audit/service.ts";
import * as evidenceRepo from "../evidence/repo.ts";
import * as incidentRepo from "../incidents/repo.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError } from "../platform/http/errors.ts";
import type { ObjectStorage } from "../platform/storage/index.ts";
import * as repo from "./repo.ts";
import { loadSession } from "./service.ts";

/**
 * Audio recorded on the live screen (migration 0012_live_recordings). The browser posts numbered
 * chunks while it records; each is a file in the evidence store, so a dropped connection loses at
 * most the chunks not yet delivered. Finishing assembles the chunks (in order) into one file,
 * hashes it and checks it is audio of the announced type; once the session has its incident the
 * file becomes evidence of that incident with the live screen's "recording notice given" flag.
 * A recording never finished is assembled from what arrived when the session's incident is made.
 */
export const RECORDING_TYPES = ["audio/webm", "audio/ogg", "audio/mp4"] as const;
export type RecordingType = (typeof RECORDING_TYPES)[number];
export const MAX_CHUNK_BYTES = 512 * 1024;

/** The chunk route takes raw bytes (application/octet-stream) rather than JSON. */
export const isRecordingChunk = (method: string, path: string) => method === "PUT" && /^\/api\/live-assist\/recordings\/[0-9a-f-]{36}\/chunks\/\d+$/.test(path);

type Timestamp = ColumnType<Date, Date | string, Date | string>;
interface LiveRecordingTable {
  id: string;
  session_id: string;
  user_id: string;
  media_type: string;
  started_at: Timestamp;
  chunk_count: ColumnType<number, number | undefined, number>;
  finished_at: Timestamp | null;
  storage_key: string | null;
  size_bytes: ColumnType<string | null, number | null, number | null>;
  sha256: string | null;
  evidence_id: string | null;
}
interface LiveRecordingChunkTable {
  recording_id: string;
  seq: number;
  storage_key: string;
  size_bytes: number;
  sha256: string;
  received_at: Timestamp;
}
interface RecDatabase extends Database {
  live_recordings: LiveRecordingTable;
  live_recording_chunks: LiveRecordingChunkTable;
}
const rec = (db: Executor) => db as unknown as Kysely<RecDatabase>;

export interface RecordingView {
  id: string;
  sessionId: string;
  mediaType: string;
  nextSeq: number;
  finished: boolean;
  size: number | null;
  sha256: string | null;
  evidenceId: string | null;
}

type RecRow = Awaited<ReturnType<typeof findRecording>>;

async function findRecording(db: Executor, id: string, lock = false) {
  let q = rec(db).selectFrom("live_recordings").selectAll().where("id", "=", id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

const view = (r: NonNullable<RecRow>): RecordingView => ({
  id: r.id,
  sessionId: r.session_id,
  mediaType: r.media_type,
  nextSeq: r.chunk_count,
  finished: r.finished_at !== null,
  size: r.size_bytes === null ? null : Number(r.size_bytes),
  sha256: r.sha256,
  evidenceId: r.evidence_id,
});

/** The recording and its session, for the session's own staff member only (others: 404 or 403 as for the session). */
async function recordingFor(db: Executor, actor: Actor | null, id: string, lock = false) {
  if (!actor) throw new AppError(401, "unauthenticated");
  const r = await findRecording(db, id, lock);
  if (!r) throw new AppError(404, "not_found", {}, { action: "live_recording.append", resourceType: "live_recording", resourceId: id });
  const s = await loadSession(db, actor, r.session_id, "act");
  return { r, s };
}

export async function startRecording(db: Kysely<Database>, ctx: RequestContext, sessionId: string, mediaType: RecordingType) {
  return db.transaction().execute(async (trx) => {
    const s = await loadSession(trx, ctx.actor, sessionId, "act", { lock: true });
    if (s.ended_at) throw new AppError(409, "live_recording_session_ended");
    const id = randomUUID();
    const now = new Date();
    await rec(trx)
      .insertInto("live_recordings")
      .values({
        id,
        session_id: s.id,
        user_id: (ctx.actor as Actor).userId,
        media_type: mediaType,
        started_at: now,
        finished_at: null,
        storage_key: null,
        size_bytes: null,
        sha256: null,
        evidence_id: null,
      })
      .execute();
    await repo.appendAction(trx, s.id, {
      actionId: `recording-start-${id}`,
      type: "recording_start",
      at: now,
      actorId: (ctx.actor as Actor).userId,
      data: { recordingId: id, mediaType },
      outcome: "applied",
    });
    await audit.record(trx, ctx, { action: "live_recording.start", resourceType: "live_session", resourceId: s.id, details: { recordingId: id, mediaType } });
    return view((await findRecording(trx, id)) as NonNullable<RecRow>);
  });
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Stores chunk `seq`. The chunk already stored again is a no-op; a gap is refused (409). */
export async function appendChunk(db: Kysely<Database>, storage: ObjectStorage, ctx: RequestContext, id: string, seq: number, body: Buffer) {
  if (body.length === 0) throw new AppError(422, "live_recording_empty");
  if (body.length > MAX_CHUNK_BYTES) throw new AppError(413, "live_recording_chunk_too_large", { limit: `${MAX_CHUNK_BYTES / 1024} KB` });
  const digest = sha(body);
  const key = `live-rec/${id}/${seq}`;
  let wrote = false;
  try {
    return await db.transaction().execute(async (trx) => {
      const { r } = await recordingFor(trx, ctx.actor, id, true);
      if (seq < r.chunk_count) {
        const have = await rec(trx)
          .selectFrom("live_recording_chunks")
          .select("sha256")
          .where("recording_id", "=", id)
          .where("seq", "=", seq)
          .executeTakeFirst();
        if (have && have.sha256 !== digest) throw new AppError(409, "live_recording_chunk_conflict", { seq });
        return { ...view(r), replayed: true };
      }
      if (r.finished_at || r.evidence_id) throw new AppError(409, "live_recording_closed");
      if (seq > r.chunk_count) throw new AppError(409, "live_recording_gap", { got: seq, expected: r.chunk_count });
      await storage.put(key, Readable.from([body]));
      wrote = true;
      await rec(trx)
        .insertInto("live_recording_chunks")
        .values({ recording_id: id, seq, storage_key: key, size_bytes: body.length, sha256: digest, received_at: new Date() })
        .execute();
      await rec(trx)
        .updateTable("live_recordings")
        .set({ chunk_count: seq + 1 })
        .where("id", "=", id)
        .execute();
      return { ...view({ ...r, chunk_count: seq + 1 }), replayed: false };
    });
  } catch (err) {
    if (wrote) await storage.delete(key).catch(() => {});
    throw err;
  }
}

/**
 * Concatenates the chunks into one file in the store, hashing every byte and checking the head is
 * audio of the recording's type. Marks the recording finished. Nothing is changed on failure.
 */
async function assemble(db: Kysely<Database>, storage: ObjectStorage, ctx: RequestContext, r: NonNullable<RecRow>) {
  if (r.finished_at) return r;
  const chunks = await rec(db).selectFrom("live_recording_chunks").select(["storage_key"]).where("recording_id", "=", r.id).orderBy("seq").execute();
  if (chunks.length === 0) throw new AppError(422, "live_recording_empty");
  const hash = createHash("sha256");
  let head = Buffer.alloc(0);
  async function* concatenated() {
    for (const c of chunks) {
      for await (const part of await storage.open(c.storage_key)) {
        const b = part as Buffer;
        hash.update(b);
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, b]).subarray(0, SNIFF_BYTES);
        yield b;
      }
    }
  }
  const key = `${new Date().toISOString().slice(0, 7).replace("-", "/")}/${randomUUID()}`;
  const { size } = await storage.put(key, Readable.from(concatenated()));
  const digest = hash.digest("hex");
  if (!checkContent(r.media_type, head).ok) {
    await storage.delete(key).catch(() => {});
    throw new AppError(422, "live_recording_not_audio");
  }
  const now = new Date();
  const done = await db.transaction().execute(async (trx) => {
    await repo.findSession(trx, r.session_id, { lock: true });
    const locked = (await findRecording(trx, r.id, true)) as NonNullable<RecRow>;
    if (locked.finished_at) return { row: locked, mine: false };
    await rec(trx)
      .updateTable("live_recordings")
      .set({ finished_at: now, storage_key: key, size_bytes: size, sha256: digest })
      .where("id", "=", r.id)
      .execute();
    await repo.appendAction(trx, r.session_id, {
      actionId: `recording-finish-${r.id}`,
      type: "recording_finish",
      at: now,
      actorId: r.user_id,
      data: { recordingId: r.id, size, sha256: digest, chunks: chunks.length },
      outcome: "applied",
    });
    await audit.record(trx, ctx, {
      action: "live_recording.finish",
      resourceType: "live_session",
      resourceId: r.session_id,
      details: { recordingId: r.id, size, sha256: digest, chunks: chunks.length },
    });
    return { row: (await findRecording(trx, r.id)) as NonNullable<RecRow>, mine: true };
  });
  if (!done.mine) {
    await storage.delete(key).catch(() => {});
    return done.row;
  }
  for (const c of chunks) await storage.delete(c.storage_key).catch(() => {});
  return done.row;
}

/** Turns a finished recording into evidence of the session's incident (once). */
async function attach(db: Kysely<Database>, storage: ObjectStorage, ctx: RequestContext, r: NonNullable<RecRow>, incidentId: string) {
  if (r.evidence_id || !r.storage_key || !r.sha256) return;
  const stat = await storage.stat(r.storage_key);
  await db.transaction().execute(async (trx) => {
    const locked = (await findRecording(trx, r.id, true)) as NonNullable<RecRow>;
    if (locked.evidence_id) return;
    const s = (await repo.findSession(trx, r.session_id)) as repo.SessionRow;
    const notice = (s.state as LadderState).recordingNotice === true;
    const id = randomUUID();
    const at = locked.finished_at ?? new Date();
    const ext = { "audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a" }[locked.media_type] ?? "audio";
    await evidenceRepo.insert(trx, {
      id,
      incidentId,
      storageKey: locked.storage_key as string,
      originalName: `対応録音-${locked.started_at.toISOString().slice(0, 19).replace(/[-:]/g, "")}.${ext}`,
      mediaType: locked.media_type,
      kind: "audio",
      size: Number(locked.size_bytes),
      sha256: locked.sha256 as string,
      uploadedBy: locked.user_id,
      uploadedAt: at,
      recordingNotice: notice,
      note: "対応支援画面で録音",
      verifiedVersion: stat?.version ?? null,
    });
    await rec(trx).updateTable("live_recordings").set({ evidence_id: id }).where("id", "=", r.id).execute();
    await incidentRepo.findIncident(trx, incidentId, { lock: true });
    await incidentRepo.appendEvent(trx, incidentId, {
      kind: "live_recording",
      at,
      actorId: locked.user_id,
      reason: `録音(${Math.max(1, Math.round(Number(locked.size_bytes) / 1024))} KB・SHA-256 ${locked.sha256}・録音の告知${notice ? "あり" : "なし"})`,
      data: { sessionId: r.session_id, evidenceId: id },
    });
    await audit.record(trx, ctx, {
      action: "live_recording.attach",
      resourceType: "evidence",
      resourceId: id,
      details: { incidentId, recordingId: r.id, sessionId: r.session_id, sha256: locked.sha256, recordingNotice: notice },
    });
  });
}

/** Finish: assemble and hash; evidence at once when the session already has its incident. */
export async function finishRecording(db: Kysely<Database>, storage: ObjectStorage, ctx: RequestContext, id: string) {
  const { r, s } = await recordingFor(db, ctx.actor, id);
  const done = await assemble(db, storage, ctx, r);
  if (s.incident_id) await attach(db, storage, ctx, done, s.incident_id);
  return view((await findRecording(db, id)) as NonNullable<RecRow>);
}

/**
 * The session's incident exists: every recording of the session becomes evidence of it — a
 * recording never finished is assembled from the chunks received (nothing recorded is lost).
 * Idempotent; a recording with no usable audio is left as it is.
 */
export async function attachSessionRecordings(db: Kysely<Database>, storage: ObjectStorage, ctx: RequestContext, sessionId: string) {
  const s = await repo.findSession(db, sessionId);
  if (!s?.incident_id) return;
  const rows = await rec(db)
    .selectFrom("live_recordings")
    .selectAll()
    .where("session_id", "=", sessionId)
    .where("evidence_id", "is", null)
    .orderBy("started_at")
    .execute();
  for (const r of rows) {
    try {
      await attach(db, storage, ctx, await assemble(db, storage, ctx, r), s.incident_id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
}

export async function listRecordings(db: Executor, sessionId: string) {
  return (await rec(db).selectFrom("live_recordings").selectAll().where("session_id", "=", sessionId).orderBy("started_at").execute()).map(view);
}
