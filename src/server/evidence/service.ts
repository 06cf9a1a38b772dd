import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
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
import type { ObjectStorage } from "../platform/storage/index.ts";
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

export async function evidenceFor(db: Executor, actor: Actor | null, id: string, action: Action, opts: { lock?: boolean } = {}) {
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
      await incidentsRepo.appendEvent(trx, incidentId, { kind: "evidence_added", at: new Date(), actorId: actor.userId, data: { evidenceId: id, sha256: stored.sha256 } });
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
    await incidentsRepo.findIncident(trx, ev.incident_id, { lock: true });
    await incidentsRepo.appendEvent(trx, ev.incident_id, { kind: "evidence_deleted", at: new Date(), actorId: (ctx.actor as Actor).userId, reason: why, data: { evidenceId: id } }); // no file name: a tombstone drops it, as it may name people
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
