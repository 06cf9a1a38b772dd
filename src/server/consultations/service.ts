import { randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { addBusinessDays, todayInJapan } from "../../domain/consultations/calendar.ts";
import { generateReceiptCode, normaliseReceiptCode, receiptLookupPart } from "../../domain/consultations/receipt.ts";
import { type CareFlag, type Category, type Status, acceptsMessages, canMove, statusAfterMessage } from "../../domain/consultations/workflow.ts";
import * as audit from "../audit/service.ts";
import * as authRepo from "../auth/repo.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { type Keyring, encrypt, keyedHash } from "../platform/crypto.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, conflict, invalid } from "../platform/http/errors.ts";
import { hashPassword, sha256Hex, verifyPassword } from "../platform/secrets.ts";
import { type ConsultationResource, consultationPolicy } from "./policy.ts";
import * as attachmentsRepo from "./attachments-repo.ts";
import * as repo from "./repo.ts";
import { deskView, ownerView } from "./views.ts";

export interface Deps {
  db: Kysely<Database>;
  ring: Keyring;
}

/** Wrong receipt codes: this many per address within the window lock that address for LOCK_MS. */
export const RECEIPT_FAILURE_LIMIT = 10;
const RECEIPT_WINDOW_MS = 15 * 60_000;
const RECEIPT_LOCK_MS = 15 * 60_000;
/**
 * Anonymous consultations need no sign-in, so new ones are limited per network address (a keyed
 * hash of it, kept only in the throttle table and never linked to a consultation): 20 an hour.
 */
export const ANONYMOUS_CREATE_LIMIT = 20;
const ANONYMOUS_CREATE_WINDOW_MS = 60 * 60_000;

export const bodyContext = (id: string) => `consultations.body:${id}`;
export const messageContext = (id: string) => `consultation_messages.body:${id}`;
export const noteContext = (id: string) => `consultation_desk_notes.body:${id}`;

/**
 * The context of everything done with a receipt code: no actor, no address, no request id, so
 * neither the audit trail nor the access log can connect an anonymous consultation to a person.
 */
export const anonymousContext = (ctx: RequestContext): RequestContext => ({ actor: null, ip: null, requestId: null, locale: ctx.locale });

const resource = (row: repo.ConsultationRow): ConsultationResource => ({ anonymous: row.anonymous, staffUserId: row.staff_user_id });

export async function loadAuthorized(
  db: Executor,
  ctx: RequestContext,
  id: string,
  action: "read" | "reply" | "update" | "note" | "consent",
  forUpdate = false,
) {
  const row = await repo.findConsultation(db, id, forUpdate);
  if (!row) {
    // Same answer for a guessed id as for someone else's consultation: nothing to learn.
    if (!ctx.actor) throw new AppError(401, "unauthenticated");
    throw new AppError(404, "not_found", {}, { action: `consultation.${action}`, resourceType: "consultation", resourceId: id });
  }
  consultationPolicy.authorize(ctx.actor, action, resource(row), { resourceId: id, hide: true });
  return row;
}

export async function createNamed(deps: Deps, ctx: RequestContext, input: { category: Category; body: string }) {
  const actor = consultationPolicy.authorize(ctx.actor, "create", null);
  const id = randomUUID();
  const now = new Date();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertConsultation(trx, {
      id,
      anonymous: false,
      staff_user_id: actor.userId,
      receipt_lookup: null,
      receipt_hash: null,
      category: input.category,
      status: "new",
      body_ciphertext: encrypt(deps.ring, input.body, bodyContext(id)),
      created_at: now,
      updated_at: now,
    });
    await audit.record(trx, ctx, { action: "consultation.create", resourceType: "consultation", resourceId: id, details: { anonymous: false } });
  });
  return { id };
}

/** Anyone who can reach the server may consult anonymously; nothing about them is stored. */
export async function createAnonymous(deps: Deps, ctx: RequestContext, input: { category: Category; body: string }) {
  const throttleKey = `consult-new:${keyedHash(deps.ring, "consult-new-throttle", ctx.ip ?? "unknown")}`;
  const now0 = new Date();
  const locked = await authRepo.lockedUntil(deps.db, throttleKey);
  if (locked && locked > now0) throw new AppError(429, "consultation_rate_limited", { minutes: Math.max(1, Math.ceil((locked.getTime() - now0.getTime()) / 60_000)) });
  await authRepo.registerFailure(deps.db, throttleKey, now0, ANONYMOUS_CREATE_WINDOW_MS, ANONYMOUS_CREATE_LIMIT, ANONYMOUS_CREATE_WINDOW_MS);
  const code = generateReceiptCode((n) => randomBytes(n));
  const id = randomUUID();
  const now = new Date();
  const receiptHash = await hashPassword(code);
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertConsultation(trx, {
      id,
      anonymous: true,
      staff_user_id: null,
      receipt_lookup: sha256Hex(receiptLookupPart(code)),
      receipt_hash: receiptHash,
      category: input.category,
      status: "new",
      body_ciphertext: encrypt(deps.ring, input.body, bodyContext(id)),
      created_at: now,
      updated_at: now,
    });
    await audit.record(trx, anonymousContext(ctx), {
      action: "consultation.create",
      resourceType: "consultation",
      resourceId: id,
      details: { anonymous: true },
    });
  });
  return { receiptCode: code };
}

/** Finds the consultation of a receipt code, or fails with one generic error (wrong, malformed or rate-limited). */
export async function byReceipt(deps: Deps, ctx: RequestContext, input: string): Promise<repo.ConsultationRow> {
  const throttleKey = `receipt:${keyedHash(deps.ring, "receipt-throttle", ctx.ip ?? "unknown")}`;
  const now = new Date();
  const locked = await authRepo.lockedUntil(deps.db, throttleKey);
  if (locked && locked > now) throw new AppError(429, "receipt_rate_limited", { minutes: Math.max(1, Math.ceil((locked.getTime() - now.getTime()) / 60_000)) });
  const code = normaliseReceiptCode(input);
  let found: repo.ConsultationRow | undefined;
  if (code) {
    for (const candidate of await repo.findByReceiptLookup(deps.db, sha256Hex(receiptLookupPart(code)))) {
      if (await verifyPassword(candidate.receipt_hash, code)) found = await repo.findConsultation(deps.db, candidate.id);
    }
  } else {
    await verifyPassword(null, input); // a malformed code costs the same time as a wrong one
  }
  if (!found) {
    await authRepo.registerFailure(deps.db, throttleKey, now, RECEIPT_WINDOW_MS, RECEIPT_FAILURE_LIMIT, RECEIPT_LOCK_MS);
    await audit.record(deps.db, anonymousContext(ctx), { action: "consultation.receipt", resourceType: "consultation", outcome: "failure" });
    throw new AppError(404, "receipt_invalid");
  }
  return found;
}

export async function ownerThread(deps: Deps, db: Executor, row: repo.ConsultationRow) {
  const [messages, consents, attachments] = await Promise.all([
    repo.listMessages(db, row.id),
    row.anonymous ? Promise.resolve([]) : repo.listConsents(db, row.id),
    attachmentsRepo.listAttachments(db, row.id),
  ]);
  return ownerView(deps.ring, row, messages, consents, attachments);
}

export async function readByReceipt(deps: Deps, ctx: RequestContext, code: string) {
  const row = await byReceipt(deps, ctx, code);
  const view = await ownerThread(deps, deps.db, row);
  await audit.record(deps.db, anonymousContext(ctx), {
    action: "consultation.read",
    resourceType: "consultation",
    resourceId: row.id,
    details: { via: "receipt" },
  });
  return view;
}

export async function messageByReceipt(deps: Deps, ctx: RequestContext, code: string, body: string) {
  const found = await byReceipt(deps, ctx, code);
  return deps.db.transaction().execute(async (trx) => {
    const row = (await repo.findConsultation(trx, found.id, true)) as repo.ConsultationRow;
    await addMessage(deps, trx, anonymousContext(ctx), row, "staff", null, body);
    return ownerThread(deps, trx, (await repo.findConsultation(trx, row.id)) as repo.ConsultationRow);
  });
}

async function addMessage(
  deps: Deps,
  trx: Executor,
  ctx: RequestContext,
  row: repo.ConsultationRow,
  by: "staff" | "desk",
  deskUserId: string | null,
  body: string,
) {
  if (!acceptsMessages(row.status as Status)) throw conflict("consultation_closed");
  const id = randomUUID();
  const now = new Date();
  await repo.insertMessage(trx, {
    id,
    consultation_id: row.id,
    author_kind: by,
    desk_user_id: deskUserId,
    body_ciphertext: encrypt(deps.ring, body, messageContext(id)),
    created_at: now,
  });
  await repo.updateConsultation(trx, row.id, { status: statusAfterMessage(by, row.status as Status), updated_at: now });
  await audit.record(trx, ctx, { action: "consultation.message", resourceType: "consultation", resourceId: row.id, details: { author: by } });
}

export async function listOwn(deps: Deps, ctx: RequestContext) {
  const actor = consultationPolicy.authorize(ctx.actor, "list_own", null);
  const rows = await repo.listOwn(deps.db, actor.userId);
  return rows.map((r) => ({ id: r.id, category: r.category, status: r.status, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() }));
}

export async function listForDesk(deps: Deps, ctx: RequestContext, filter: repo.DeskFilter, limit: number, offset: number) {
  consultationPolicy.authorize(ctx.actor, "list", null);
  const { total, rows } = await repo.listForDesk(deps.db, filter, limit, offset);
  const today = todayInJapan();
  await audit.record(deps.db, ctx, { action: "consultation.list", resourceType: "consultation", details: { rows: rows.length } });
  return {
    total,
    consultations: rows.map((r) => ({
      id: r.id,
      anonymous: r.anonymous,
      staff: r.anonymous || !r.staff_user_id ? null : { id: r.staff_user_id, displayName: r.staff_name ?? "" },
      category: r.category,
      status: r.status,
      assignedTo: r.assigned_to,
      careFlags: r.care_flags,
      followUpOn: r.follow_up_on,
      followUpDue: r.follow_up_on !== null && r.status !== "closed" && r.follow_up_on <= today,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    })),
  };
}

/** Who a case can be assigned to (desk only). */
export async function deskMembers(deps: Deps, ctx: RequestContext) {
  consultationPolicy.authorize(ctx.actor, "list", null);
  return (await repo.listDeskMembers(deps.db)).map((u) => ({ id: u.id, displayName: u.display_name }));
}

export async function read(deps: Deps, ctx: RequestContext, id: string) {
  const row = await loadAuthorized(deps.db, ctx, id, "read");
  const isDesk = consultationPolicy.can(ctx.actor, "list", null);
  const result = isDesk
    ? {
        ...deskView(
          deps.ring,
          row,
          await repo.listMessages(deps.db, id),
          await repo.listNotes(deps.db, id),
          await repo.listConsents(deps.db, id),
          await attachmentsRepo.listAttachments(deps.db, id),
          todayInJapan(),
        ),
        staffName: row.anonymous || !row.staff_user_id ? null : await repo.displayName(deps.db, row.staff_user_id),
      }
    : await ownerThread(deps, deps.db, row);
  await audit.record(deps.db, ctx, { action: "consultation.read", resourceType: "consultation", resourceId: id });
  return result;
}

export async function reply(deps: Deps, ctx: RequestContext, id: string, body: string) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadAuthorized(trx, ctx, id, "reply", true);
    const asDesk = consultationPolicy.can(ctx.actor, "list", null);
    await addMessage(deps, trx, ctx, row, asDesk ? "desk" : "staff", asDesk ? (ctx.actor?.userId ?? null) : null, body);
  });
  return read(deps, ctx, id);
}

export interface DeskUpdate {
  status?: Status | undefined;
  category?: Category | undefined;
  assignedTo?: string | null | undefined;
  careFlags?: CareFlag[] | undefined;
  followUpInBusinessDays?: number | undefined;
  followUpOn?: string | null | undefined;
}

export async function update(deps: Deps, ctx: RequestContext, id: string, input: DeskUpdate) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadAuthorized(trx, ctx, id, "update", true);
    const now = new Date();
    const patch: repo.ConsultationPatch = { updated_at: now };
    if (input.status !== undefined && input.status !== row.status) {
      if (!canMove("desk", row.status as Status, input.status)) throw invalid("consultation_invalid_transition", { from: row.status, to: input.status });
      patch.status = input.status;
      patch.closed_at = input.status === "closed" ? now : null;
    }
    if (input.category !== undefined) patch.category = input.category;
    if (input.assignedTo !== undefined) {
      if (input.assignedTo !== null && !(await repo.isActiveDeskMember(trx, input.assignedTo))) throw invalid("consultation_assignee_not_desk");
      patch.assigned_to = input.assignedTo;
    }
    if (input.careFlags !== undefined) patch.care_flags = [...new Set(input.careFlags)].sort();
    if (input.followUpInBusinessDays !== undefined) patch.follow_up_on = addBusinessDays(todayInJapan(now), input.followUpInBusinessDays);
    else if (input.followUpOn !== undefined) patch.follow_up_on = input.followUpOn;
    await repo.updateConsultation(trx, id, patch);
    // Which fields changed, never their values: a category or care flag is itself confidential.
    const fields = Object.keys(patch).filter((k) => k !== "updated_at" && k !== "closed_at");
    await audit.record(trx, ctx, { action: "consultation.update", resourceType: "consultation", resourceId: id, details: { fields } });
  });
  return read(deps, ctx, id);
}

export async function addNote(deps: Deps, ctx: RequestContext, id: string, body: string) {
  await deps.db.transaction().execute(async (trx) => {
    await loadAuthorized(trx, ctx, id, "note", true);
    const actor = ctx.actor as NonNullable<RequestContext["actor"]>;
    const noteId = randomUUID();
    await repo.insertNote(trx, {
      id: noteId,
      consultation_id: id,
      author_id: actor.userId,
      body_ciphertext: encrypt(deps.ring, body, noteContext(noteId)),
      created_at: new Date(),
    });
    await repo.updateConsultation(trx, id, { updated_at: new Date() });
    await audit.record(trx, ctx, { action: "consultation.note", resourceType: "consultation", resourceId: id });
  });
  return read(deps, ctx, id);
}

export async function giveConsent(deps: Deps, ctx: RequestContext, id: string, incidentId: string) {
  await deps.db.transaction().execute(async (trx) => {
    await loadAuthorized(trx, ctx, id, "consent", true);
    if ((await repo.listConsents(trx, id)).some((c) => c.withdrawn_at === null)) throw conflict("consent_already_given");
    await repo.insertConsent(trx, { id: randomUUID(), consultation_id: id, incident_id: incidentId, given_at: new Date() });
    await audit.record(trx, ctx, { action: "consultation.consent_give", resourceType: "consultation", resourceId: id });
  });
  return read(deps, ctx, id);
}

export async function withdrawConsent(deps: Deps, ctx: RequestContext, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    await loadAuthorized(trx, ctx, id, "consent", true);
    if (!(await repo.withdrawConsent(trx, id, new Date()))) throw conflict("consent_not_active");
    await audit.record(trx, ctx, { action: "consultation.consent_withdraw", resourceType: "consultation", resourceId: id });
  });
  return read(deps, ctx, id);
}

/**
 * For the incidents capability: the consultations linked to an incident with a consent that is
 * still in force — ids only, never content. A withdrawn consent makes the link disappear here.
 */
export async function consentedLinks(db: Executor, incidentId: string) {
  return (await repo.activeConsentsForIncident(db, incidentId)).map((r) => ({ consultationId: r.consultation_id, givenAt: r.given_at.toISOString() }));
}
