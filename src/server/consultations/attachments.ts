import { randomUUID } from "node:crypto";
import { cleanFilename, detectAttachmentType, formatSize } from "../../domain/consultations/attachments.ts";
import { type Status, acceptsMessages, statusAfterMessage } from "../../domain/consultations/workflow.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { decrypt, decryptBytes, encrypt, encryptBytes } from "../platform/crypto.ts";
import { AppError, conflict, invalid } from "../platform/http/errors.ts";
import * as attachmentsRepo from "./attachments-repo.ts";
import { consultationPolicy } from "./policy.ts";
import * as repo from "./repo.ts";
import { type Deps, anonymousContext, byReceipt, loadAuthorized, ownerThread, read } from "./service.ts";
import { attachmentContentContext, attachmentFilenameContext } from "./views.ts";

/**
 * Files attached to a consultation. Only the desk and the consulting person (by name, or whoever
 * holds the receipt code) can add or read them; the content and the file name are encrypted with
 * the same keyring as the messages, and the audit trail records that a file was added or read,
 * never its name.
 */
export interface Upload {
  name: string;
  bytes: Uint8Array;
}

export const tooLarge = (maxBytes: number) => new AppError(413, "attachment_too_large", { limit: formatSize(maxBytes) });

async function store(
  deps: Deps,
  trx: Executor,
  ctx: RequestContext,
  row: repo.ConsultationRow,
  by: "staff" | "desk",
  deskUserId: string | null,
  file: Upload,
  maxBytes: number,
) {
  if (file.bytes.length === 0) throw invalid("attachment_missing");
  if (file.bytes.length > maxBytes) throw tooLarge(maxBytes);
  const filename = cleanFilename(file.name);
  const type = detectAttachmentType(file.bytes, filename);
  if (!type) throw invalid("attachment_type_not_allowed");
  if (!acceptsMessages(row.status as Status)) throw conflict("consultation_closed");
  const id = randomUUID();
  const now = new Date();
  await attachmentsRepo.insertAttachment(trx, {
    id,
    consultation_id: row.id,
    author_kind: by,
    desk_user_id: deskUserId,
    filename_ciphertext: encrypt(deps.ring, filename, attachmentFilenameContext(id)),
    content_type: type.mime,
    size_bytes: file.bytes.length,
    key_id: deps.ring.primaryId,
    content_ciphertext: encryptBytes(deps.ring, file.bytes, attachmentContentContext(id)),
    created_at: now,
  });
  await repo.updateConsultation(trx, row.id, { status: statusAfterMessage(by, row.status as Status), updated_at: now });
  await audit.record(trx, ctx, {
    action: "consultation.attachment",
    resourceType: "consultation",
    resourceId: row.id,
    details: { author: by, attachmentId: id, bytes: file.bytes.length },
  });
}

/** The desk, or the staff member who consulted by name. */
export async function addAttachment(deps: Deps, ctx: RequestContext, id: string, file: Upload, maxBytes: number) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadAuthorized(trx, ctx, id, "reply", true);
    const asDesk = consultationPolicy.can(ctx.actor, "list", null);
    await store(deps, trx, ctx, row, asDesk ? "desk" : "staff", asDesk ? (ctx.actor?.userId ?? null) : null, file, maxBytes);
  });
  return read(deps, ctx, id);
}

/** Whoever holds the receipt code of an anonymous consultation. */
export async function addAttachmentByReceipt(deps: Deps, ctx: RequestContext, code: string, file: Upload, maxBytes: number) {
  const found = await byReceipt(deps, ctx, code);
  return deps.db.transaction().execute(async (trx) => {
    const row = (await repo.findConsultation(trx, found.id, true)) as repo.ConsultationRow;
    await store(deps, trx, anonymousContext(ctx), row, "staff", null, file, maxBytes);
    return ownerThread(deps, trx, (await repo.findConsultation(trx, row.id)) as repo.ConsultationRow);
  });
}

async function open(deps: Deps, ctx: RequestContext, row: repo.ConsultationRow, attachmentId: string) {
  const a = await attachmentsRepo.findAttachment(deps.db, row.id, attachmentId);
  if (!a) throw new AppError(404, "not_found");
  const file = {
    filename: decrypt(deps.ring, a.filename_ciphertext, attachmentFilenameContext(a.id)),
    contentType: a.content_type,
    bytes: decryptBytes(deps.ring, a.content_ciphertext, attachmentContentContext(a.id)),
  };
  await audit.record(deps.db, ctx, { action: "consultation.attachment_read", resourceType: "consultation", resourceId: row.id, details: { attachmentId } });
  return file;
}

export async function readAttachment(deps: Deps, ctx: RequestContext, id: string, attachmentId: string) {
  const row = await loadAuthorized(deps.db, ctx, id, "read");
  return open(deps, ctx, row, attachmentId);
}

export async function readAttachmentByReceipt(deps: Deps, ctx: RequestContext, code: string, attachmentId: string) {
  const row = await byReceipt(deps, ctx, code);
  return open(deps, anonymousContext(ctx), row, attachmentId);
}

/** Content-Disposition for a stored name: an ASCII fallback plus the exact UTF-8 name (RFC 6266/5987). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
