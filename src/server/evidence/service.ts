import { createHash, randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type Readable, Transform, type TransformCallback, pipeline as pipe } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import { MANUAL_REASON_MAX, MANUAL_REASON_MIN } from "../../domain/evidence/retention.ts";
import { ACCEPT_LIST, type EvidenceKind, isRecording, kindOf } from "../../domain/evidence/types.ts";
import * as audit from "../audit/service.ts";
import { accessOf } from "../incidents/service.ts";
import * as incidentsRepo from "../incidents/repo.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import type { ByteRange, ObjectStorage } from "../platform/storage/index.ts";
import { type EvidenceAccess, evidencePolicy } from "./policy.ts";
import * as repo from "./repo.ts";
import { receiveUpload } from "./upload.ts";

type Action = "list" | "read" | "upload" | "update" | "delete";

/** The incident an evidence action is about, authorized: an incident the actor cannot see is 404. */
async function incidentFor(db: Executor, actor: Actor | null, incidentId: string, action: Action, opts: { lock?: boolean } = {}) {
  if (!actor) throw new AppError(401, "unauthenticated");
  const row = await incidentsRepo.findIncident(db, incidentId, opts);
  const attempted = { action: `evidence.${action}`, resourceType: "incident", resourceId: incidentId };
  if (!row) throw new AppError(404, "not_found", {}, attempted);
  const access: EvidenceAccess = { incident: await accessOf(db, row), legalHold: row.legal_hold };
  evidencePolicy.authorize(actor, "read", access, { resourceId: incidentId, hide: true });
  if ((action === "upload" || action === "update") && row.status === "closed") throw new AppError(409, "incident_closed");
  if (action !== "read" && action !== "list") evidencePolicy.authorize(actor, action, access, { resourceId: incidentId });
  return { row, access };
}

async function evidenceFor(db: Executor, actor: Actor | null, id: string, action: Action, opts: { lock?: boolean } = {}) {
  if (!actor) throw new AppError(401, "unauthenticated");
  const ev = await repo.find(db, id, opts);
  if (!ev) throw new AppError(404, "not_found", {}, { action: `evidence.${action}`, resourceType: "evidence", resourceId: id });
  const { row, access } = await incidentFor(db, actor, ev.incident_id, action, opts);
  return { ev, incident: row, access };
}

export interface EvidenceView {
  id: string;
  incidentId: string;
  originalName: string;
  mediaType: string;
  kind: EvidenceKind;
  size: number;
  sha256: string;
  uploadedBy: { id: string; name: string | null };
  uploadedAt: string;
  recordingNotice: boolean | null;
  note: string;
  version: number;
  deleted: { at: string; by: string | null; kind: "manual" | "retention"; reason: string; fileRemoved: boolean } | null;
}

type ListedRow = Awaited<ReturnType<typeof repo.listForIncident>>[number];

function view(r: ListedRow | (repo.EvidenceRow & { uploader_name?: string | null; deleter_name?: string | null })): EvidenceView {
  return {
    id: r.id,
    incidentId: r.incident_id,
    originalName: r.original_name,
    mediaType: r.media_type,
    kind: r.kind as EvidenceKind,
    size: Number(r.size_bytes),
    sha256: r.sha256,
    uploadedBy: { id: r.uploaded_by, name: r.uploader_name ?? null },
    uploadedAt: r.uploaded_at.toISOString(),
    recordingNotice: r.recording_notice,
    note: r.note,
    version: r.version,
    deleted: r.deleted_at
      ? {
          at: r.deleted_at.toISOString(),
          by: r.deleter_name ?? null,
          kind: r.deletion_kind as "manual" | "retention",
          reason: r.deletion_reason ?? "",
          fileRemoved: r.file_removed_at !== null,
        }
      : null,
  };
}

export async function listEvidence(db: Kysely<Database>, ctx: RequestContext, incidentId: string, maxBytes: number) {
  const { row, access } = await incidentFor(db, ctx.actor, incidentId, "list");
  const rows = await repo.listForIncident(db, incidentId);
  await audit.record(db, ctx, { action: "evidence.list", resourceType: "incident", resourceId: incidentId, details: { ids: rows.map((r) => r.id) } });
  const actor = ctx.actor as Actor;
  return {
    items: rows.map(view),
    canUpload: row.status !== "closed" && evidencePolicy.can(actor, "upload", access),
    canDelete: evidencePolicy.can(actor, "delete", access) && !row.legal_hold,
    legalHold: row.legal_hold,
    retentionClass: row.retention_class,
    maxBytes,
    accept: ACCEPT_LIST,
  };
}

function parseNotice(v: string | undefined): boolean | undefined {
  if (v === undefined || v === "") return undefined;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw invalid("validation_failed", { detail: "recordingNotice" });
}

/** Receives the upload into the store first, then records it; if recording fails the file is removed again. */
export async function uploadEvidence(
  db: Kysely<Database>,
  storage: ObjectStorage,
  ctx: RequestContext,
  incidentId: string,
  request: { body: Readable & { complete?: boolean }; headers: IncomingHttpHeaders },
  maxBytes: number,
) {
  await incidentFor(db, ctx.actor, incidentId, "upload");
  const stored = await receiveUpload(request.body, request.headers, storage, maxBytes);
  const actor = ctx.actor as Actor;
  try {
    const kind = kindOf(stored.mediaType) as EvidenceKind;
    const notice = parseNotice(stored.fields.recordingNotice);
    if (notice === true && !isRecording(kind)) throw invalid("evidence_not_recording");
    const note = (stored.fields.note ?? "").trim();
    const stat = await storage.stat(stored.key);
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      // Re-checked under the incident's lock: it may have been closed or reassigned while the file streamed.
      await incidentFor(trx, actor, incidentId, "upload", { lock: true });
      await repo.insert(trx, {
        id,
        incidentId,
        storageKey: stored.key,
        originalName: stored.originalName,
        mediaType: stored.mediaType,
        kind,
        size: stored.size,
        sha256: stored.sha256,
        uploadedBy: actor.userId,
        uploadedAt: new Date(),
        recordingNotice: isRecording(kind) ? (notice ?? false) : null,
        note,
        verifiedVersion: stat?.version ?? null,
      });
      await audit.record(trx, ctx, {
        action: "evidence.upload",
        resourceType: "evidence",
        resourceId: id,
        details: { incidentId, mediaType: stored.mediaType, size: stored.size, sha256: stored.sha256 },
      });
    });
    const rows = await repo.listForIncident(db, incidentId);
    return view(rows.find((r) => r.id === id) as ListedRow);
  } catch (err) {
    await storage.delete(stored.key).catch(() => {});
    throw err;
  }
}

export interface UpdateInput {
  version: number;
  recordingNotice?: boolean | undefined;
  note?: string | undefined;
}

export async function updateEvidence(db: Kysely<Database>, ctx: RequestContext, id: string, input: UpdateInput) {
  await db.transaction().execute(async (trx) => {
    const { ev } = await evidenceFor(trx, ctx.actor, id, "update", { lock: true });
    if (ev.deleted_at) throw new AppError(409, "evidence_deleted");
    if (ev.version !== input.version) throw new AppError(409, "evidence_version_conflict");
    if (input.recordingNotice !== undefined && !isRecording(ev.kind as EvidenceKind)) throw invalid("evidence_not_recording");
    const set: { recording_notice?: boolean; note?: string } = {};
    if (input.recordingNotice !== undefined) set.recording_notice = input.recordingNotice;
    if (input.note !== undefined) set.note = input.note.trim();
    await repo.update(trx, id, set, ev.version);
    await audit.record(trx, ctx, {
      action: "evidence.update",
      resourceType: "evidence",
      resourceId: id,
      details: {
        incidentId: ev.incident_id,
        fields: Object.keys(set),
        ...(set.recording_notice !== undefined ? { recordingNotice: set.recording_notice } : {}),
      },
    });
  });
  const row = (await repo.listForIncident(db, (await repo.find(db, id))?.incident_id as string)).find((r) => r.id === id) as ListedRow;
  return view(row);
}

/** Deleting by hand: supervisors of the department and central, with a reason, never under legal hold. */
export async function deleteEvidence(db: Kysely<Database>, storage: ObjectStorage, ctx: RequestContext, id: string, reason: string) {
  const why = reason.trim();
  if (why.length < MANUAL_REASON_MIN || why.length > MANUAL_REASON_MAX) throw invalid("evidence_reason_required");
  const ev = await db.transaction().execute(async (trx) => {
    const { ev, incident } = await evidenceFor(trx, ctx.actor, id, "delete", { lock: true });
    if (ev.deleted_at) throw new AppError(409, "evidence_deleted");
    if (incident.legal_hold) throw new AppError(423, "evidence_legal_hold");
    await repo.tombstone(trx, id, { at: new Date(), by: (ctx.actor as Actor).userId, kind: "manual", reason: why });
    await audit.record(trx, ctx, {
      action: "evidence.delete",
      resourceType: "evidence",
      resourceId: id,
      details: { incidentId: ev.incident_id, kind: "manual", sha256: ev.sha256, size: Number(ev.size_bytes) },
    });
    return ev;
  });
  // After the commit: a failure here leaves the tombstone's file for the retention job to remove.
  try {
    await storage.delete(ev.storage_key);
    await repo.markFileRemoved(db, id, new Date());
  } catch {
    /* retried by removePendingFiles */
  }
  const row = (await repo.listForIncident(db, ev.incident_id)).find((r) => r.id === id) as ListedRow;
  return view(row);
}

// ---- reading the file: integrity first --------------------------------------------------------------

async function hashOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  await pipeline(stream, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      h.update(chunk);
      size += chunk.length;
    }
  });
  return { sha256: h.digest("hex"), size };
}

/**
 * Passes the bytes through while hashing them, holding back the last chunk until the hash is
 * confirmed: a file that changes while it is being sent is cut off, never delivered complete.
 */
class VerifyingStream extends Transform {
  private readonly hash = createHash("sha256");
  private held: Buffer | null = null;

  constructor(
    private readonly expected: string,
    private readonly onMismatch: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.hash.update(chunk);
    const previous = this.held;
    this.held = chunk;
    cb(null, previous ?? undefined);
  }

  override _flush(cb: TransformCallback) {
    if (this.hash.digest("hex") !== this.expected) {
      this.onMismatch();
      return cb(new Error("evidence changed while being sent"));
    }
    cb(null, this.held ?? undefined);
  }
}

export type RangeRequest = { kind: "none" } | { kind: "range"; range: ByteRange } | { kind: "unsatisfiable" };

/** One `bytes=` range (the first, if several): start-end, start- or -suffix. */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: "none" };
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*(,.*)?$/i.exec(header.trim());
  if (!m) return { kind: "none" }; // not a byte range we understand: send the whole file
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return { kind: "unsatisfiable" };
  let start: number;
  let end: number;
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0) return { kind: "unsatisfiable" };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || end < start) return { kind: "unsatisfiable" };
  return { kind: "range", range: { start, end } };
}

export interface ContentResponse {
  status: 200 | 206;
  stream: Readable;
  headers: Record<string, string>;
}

function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "evidence";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const INLINE_KINDS = new Set(["audio", "video", "image", "pdf"]);

async function integrityFailure(
  db: Executor,
  ctx: RequestContext,
  ev: repo.EvidenceRow,
  problem: "missing" | "size" | "hash",
  observed: Record<string, unknown>,
) {
  await audit.record(db, ctx, {
    action: "evidence.integrity_failure",
    resourceType: "evidence",
    resourceId: ev.id,
    outcome: "failure",
    details: { incidentId: ev.incident_id, problem, expectedSha256: ev.sha256, expectedSize: Number(ev.size_bytes), ...observed },
  });
  return new AppError(409, problem === "missing" ? "evidence_file_unavailable" : "evidence_integrity_failed", { name: ev.original_name });
}

/**
 * The file for download or playback. A whole-file response (no Range) always re-hashes the stored
 * file before sending anything and refuses a mismatch. A Range response (audio/video seeking) is
 * served when the whole file was verified against the store's current change token (size, mtime,
 * ctime, inode on disk); any change to the file changes the token and forces a full re-hash first.
 * Every request is audited.
 */
export async function openContent(
  db: Kysely<Database>,
  storage: ObjectStorage,
  ctx: RequestContext,
  id: string,
  opts: { rangeHeader?: string | undefined; download?: boolean },
): Promise<ContentResponse | { status: 416; size: number }> {
  const { ev } = await evidenceFor(db, ctx.actor, id, "read");
  if (ev.deleted_at) throw new AppError(409, "evidence_deleted");
  const expectedSize = Number(ev.size_bytes);
  const stat = await storage.stat(ev.storage_key);
  if (!stat) throw await integrityFailure(db, ctx, ev, "missing", {});
  if (stat.size !== expectedSize) throw await integrityFailure(db, ctx, ev, "size", { observedSize: stat.size });

  const range = parseRange(opts.rangeHeader, stat.size);
  if (range.kind === "unsatisfiable") return { status: 416, size: stat.size };
  const whole = range.kind === "none" || (range.range.start === 0 && range.range.end === stat.size - 1);
  const cached = ev.verified_version !== null && ev.verified_version === stat.version;
  if (whole || !cached) {
    let observed: { sha256: string; size: number };
    try {
      observed = await hashOf(await storage.open(ev.storage_key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw await integrityFailure(db, ctx, ev, "missing", {});
      throw err;
    }
    if (observed.sha256 !== ev.sha256 || observed.size !== expectedSize) {
      throw await integrityFailure(db, ctx, ev, "hash", { observedSha256: observed.sha256, observedSize: observed.size });
    }
    if (!cached) await repo.setVerified(db, ev.id, stat.version, new Date());
  }

  const download = opts.download === true || !INLINE_KINDS.has(ev.kind);
  await audit.record(db, ctx, {
    action: download ? "evidence.download" : "evidence.play",
    resourceType: "evidence",
    resourceId: ev.id,
    details: {
      incidentId: ev.incident_id,
      ...(range.kind === "range" ? { range: `${range.range.start}-${range.range.end}` } : {}),
      verified: whole || !cached ? "full" : "cached",
    },
  });

  const headers: Record<string, string> = {
    "content-type": ev.media_type,
    "accept-ranges": "bytes",
    "content-disposition": contentDisposition(download ? "attachment" : "inline", ev.original_name),
    "x-evidence-sha256": ev.sha256,
  };
  if (range.kind === "range" && !whole) {
    const { start, end } = range.range;
    headers["content-range"] = `bytes ${start}-${end}/${stat.size}`;
    headers["content-length"] = String(end - start + 1);
    return { status: 206, stream: await storage.open(ev.storage_key, range.range), headers };
  }
  headers["content-length"] = String(stat.size);
  const verifying = new VerifyingStream(ev.sha256, () => {
    void integrityFailure(db, ctx, ev, "hash", { during: "transfer" }).catch(() => {});
  });
  const file = await storage.open(ev.storage_key);
  pipe(file, verifying, () => {
    /* errors end the response; a client that stops reading closes the file */
  });
  if (range.kind === "range") headers["content-range"] = `bytes 0-${stat.size - 1}/${stat.size}`;
  return { status: range.kind === "range" ? 206 : 200, stream: verifying, headers };
}
