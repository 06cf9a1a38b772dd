import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import { type EmergencyGround, type EndKind, type LadderAction, type LadderConfig, type LadderError, type LadderState, type LadderStep, apply, initialState } from "../../domain/live-assist/ladder.ts";
import { type LiveChannel, isStale } from "../../domain/live-assist/timing.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { emit, feedFor } from "./feed.ts";
import { finalizeIncident } from "./finalize.ts";
import { type SessionAccess, liveCollectionPolicy, liveSessionPolicy } from "./policy.ts";
import * as repo from "./repo.ts";
import { library, resolveFor } from "./settings.ts";
import { live } from "./tables.ts";
import { sessionView } from "./view.ts";

export interface StartInput {
  channel: LiveChannel;
  departmentId?: string | undefined;
  place?: string | null | undefined;
  language?: "ja" | "en" | "easy" | undefined;
  /** A visit in pairs: who goes along and when both should be back. */
  visit?: { companionId: string; expectedReturnAt: string } | undefined;
}

export type ActionInput =
  | { id: string; type: "step"; kind: LadderStep; words?: string | null | undefined }
  | { id: string; type: "emergency"; ground: EmergencyGround; words?: string | null | undefined }
  | { id: string; type: "end"; kind: EndKind; reason: string; words?: string | null | undefined }
  | { id: string; type: "count"; counter: "same_demand" | "explanation" }
  | { id: string; type: "notice"; said: boolean };

export interface DecisionInput {
  id: string;
  pendingId: string;
  decision: "approve" | "decline";
  note?: string | null | undefined;
}

const access = (s: repo.SessionRow, companionId: string | null = null): SessionAccess => ({ userId: s.user_id, departmentId: s.department_id, companionId });

/** Loads a session the actor may act on; one they cannot see is 404 whatever the action. */
export async function loadSession(db: Executor, actor: Actor | null, id: string, action: "read" | "act" | "decide" | "acknowledge" | "check_in", opts: { lock?: boolean } = {}) {
  if (!actor) throw new AppError(401, "unauthenticated");
  const s = await repo.findSession(db, id, opts);
  if (!s) throw new AppError(404, "not_found", {}, { action: `live_session.${action}`, resourceType: "live_session", resourceId: id });
  const companion = s.channel === "visit" ? ((await repo.findVisit(db, s.id))?.companion_id ?? null) : null;
  liveSessionPolicy.authorize(actor, "read", access(s, companion), { resourceId: id, hide: true });
  if (action !== "read") liveSessionPolicy.authorize(actor, action, access(s, companion), { resourceId: id });
  return s;
}

/** Who decides approvals: the department's own supervisors, else the nearest parent's, else central. */
export async function approversFor(db: Executor, departmentId: string): Promise<string[]> {
  for (const d of await repo.departmentChain(db, departmentId)) {
    const ids = await repo.supervisorsOf(db, d);
    if (ids.length > 0) return ids;
  }
  return repo.centralUsers(db);
}

/** The staff member's phone: channels, the department prefilled, and the script library. */
export async function liveConfig(db: Executor, ctx: RequestContext) {
  const actor = liveCollectionPolicy.authorize(ctx.actor, "read_scripts", null);
  const depts = await repo.departmentNames(db, actor.departmentId ? [actor.departmentId] : []);
  const open = await repo.openSessionOf(db, actor.userId);
  return {
    channels: ["counter", "phone", "visit"] as const,
    departmentId: actor.departmentId,
    departmentName: actor.departmentId ? (depts.get(actor.departmentId) ?? null) : null,
    canStart: liveCollectionPolicy.can(actor, "start", { departmentId: actor.departmentId }),
    openSessionId: open?.id ?? null,
    scripts: (await library(db)).lines,
  };
}

export async function startSession(db: Kysely<Database>, ctx: RequestContext, input: StartInput, idempotencyKey: string | null) {
  const departmentId = input.departmentId ?? ctx.actor?.departmentId ?? null;
  const actor = liveCollectionPolicy.authorize(ctx.actor, "start", { departmentId });
  const dept = departmentId as string;
  if (input.visit && input.channel !== "visit") throw invalid("live_visit_only_for_visits");
  const returnAt = input.visit ? new Date(input.visit.expectedReturnAt) : null;
  if (returnAt && (returnAt.getTime() <= Date.now() || returnAt.getTime() > Date.now() + 24 * 3600_000)) throw invalid("live_visit_return_time");
  if (input.visit && input.visit.companionId === actor.userId) throw invalid("live_visit_companion");
  if (idempotencyKey) {
    const existing = await repo.findByIdempotencyKey(db, actor.userId, idempotencyKey);
    if (existing) return { replayed: true, session: await sessionView(db, existing) };
  }
  try {
    const row = await db.transaction().execute(async (trx) => {
      if (!(await repo.departmentExists(trx, dept))) throw invalid("department_not_found");
      const r = await resolveFor(trx, dept, input.channel);
      const now = new Date();
      const id = randomUUID();
      await repo.insertSession(trx, {
        id,
        user_id: actor.userId,
        department_id: dept,
        channel: input.channel,
        place: input.place?.trim() || null,
        language: input.language ?? "ja",
        started_at: now,
        ended_at: null,
        threshold_seconds: r.thresholdSeconds,
        escalate_seconds: r.escalateSeconds,
        ladder_config: r.ladder,
        state: initialState(),
        incident_id: null,
        idempotency_key: idempotencyKey,
        updated_at: now,
      });
      await repo.appendAction(trx, id, { actionId: `start-${id}`, type: "start", at: now, actorId: actor.userId, data: { channel: input.channel, place: input.place ?? null }, outcome: "applied" });
      if (input.visit && returnAt) {
        if (!(await repo.isActiveStaff(trx, input.visit.companionId))) throw invalid("live_visit_companion");
        await live(trx).insertInto("live_visits").values({ session_id: id, companion_id: input.visit.companionId, expected_return_at: returnAt, arrived_at: null, returned_at: null, overdue_alert_id: null }).execute();
        await repo.appendAction(trx, id, { actionId: `visit-plan-${id}`, type: "visit_plan", at: now, actorId: actor.userId, data: { companionId: input.visit.companionId, expectedReturnAt: returnAt.toISOString() }, outcome: "applied" });
      }
      await audit.record(trx, ctx, { action: "live_session.start", resourceType: "live_session", resourceId: id, details: { departmentId: dept, channel: input.channel, thresholdSeconds: r.thresholdSeconds } });
      return (await repo.findSession(trx, id)) as repo.SessionRow;
    });
    return { replayed: false, session: await sessionView(db, row) };
  } catch (err) {
    if (idempotencyKey && (err as { code?: string }).code === "23505") {
      const existing = await repo.findByIdempotencyKey(db, actor.userId, idempotencyKey);
      if (existing) return { replayed: true, session: await sessionView(db, existing) };
    }
    throw err;
  }
}

export async function getSession(db: Executor, ctx: RequestContext, id: string) {
  const s = await loadSession(db, ctx.actor, id, "read");
  if (ctx.actor?.userId !== s.user_id) await audit.record(db, ctx, { action: "live_session.read", resourceType: "live_session", resourceId: id });
  return sessionView(db, s);
}

/** The caller's open session (a reload of the live screen picks it up), or null. */
export async function currentSession(db: Executor, ctx: RequestContext) {
  const actor = liveCollectionPolicy.authorize(ctx.actor, "stream", null);
  const s = await repo.openSessionOf(db, actor.userId);
  return { session: s ? await sessionView(db, s) : null };
}

const LADDER_STATUS: Record<LadderError, 409 | 422> = {
  ladder_out_of_order: 409,
  ladder_limit_reached: 409,
  ladder_session_ended: 409,
  ladder_approval_pending: 409,
  ladder_no_pending: 409,
  ladder_reason_required: 422,
  ladder_replay_mismatch: 409,
};

function toLadderAction(input: ActionInput, at: string, actorId: string): LadderAction {
  switch (input.type) {
    case "step":
      return { type: "step", id: input.id, kind: input.kind, at, actorId, words: input.words ?? null };
    case "emergency":
      return { type: "emergency", id: input.id, ground: input.ground, at, actorId, words: input.words ?? null };
    case "end":
      return { type: "end", id: input.id, kind: input.kind, reason: input.reason, at, actorId, words: input.words ?? null };
    case "count":
      return { type: "count", id: input.id, counter: input.counter, at, actorId };
    case "notice":
      return { type: "notice", id: input.id, said: input.said, at, actorId };
  }
}

/** Applies a ladder action (or a decision) in one transaction: state, action log, audit and events. */
async function transact(db: Kysely<Database>, ctx: RequestContext, id: string, role: "act" | "decide", build: (now: Date, actor: Actor) => LadderAction) {
  const result = await db.transaction().execute(async (trx) => {
    const s = await loadSession(trx, ctx.actor, id, role, { lock: true });
    const actor = ctx.actor as Actor;
    const now = new Date();
    const action = build(now, actor);
    const r = apply(s.state as LadderState, action, s.ladder_config as LadderConfig);
    if (!r.ok) throw new AppError(LADDER_STATUS[r.error], r.error);
    if (r.replayed) return { s, ended: s.ended_at !== null, replayed: true };
    if (isStale(s.started_at, now, s.ended_at) && action.type !== "end") throw new AppError(409, "live_session_stale");
    const ended = r.state.phase === "ended";
    const { id: _id, at: _at, actorId: _a, type, ...data } = action;
    await repo.appendAction(trx, s.id, { actionId: action.id, type, at: now, actorId: actor.userId, data, outcome: r.outcome });
    await repo.saveState(trx, s.id, r.state, ended ? now : null, now);
    await audit.record(trx, ctx, { action: `live_session.${type}`, resourceType: "live_session", resourceId: s.id, details: { ...data, words: undefined, reason: undefined, note: undefined, outcome: r.outcome } });
    const approvers = await approversFor(trx, s.department_id);
    if (r.outcome === "pending") {
      await emit(trx, { kind: "approval.requested", at: now, sessionId: s.id, recipients: [...approvers, s.user_id], payload: { sessionId: s.id, pending: r.state.pending, channel: s.channel, place: s.place, userId: s.user_id } });
    } else if (type === "approve" || type === "decline") {
      await emit(trx, { kind: "approval.decided", at: now, sessionId: s.id, recipients: [...approvers, s.user_id, actor.userId], payload: { sessionId: s.id, decision: type, pendingId: (action as { pendingId: string }).pendingId, by: actor.userId } });
    }
    if (ended) await live(trx).updateTable("live_alerts").set({ closed_at: now, escalate_at: null }).where("session_id", "=", s.id).where("closed_at", "is", null).execute();
    if (ended) await emit(trx, { kind: "session.ended", at: now, sessionId: s.id, recipients: [s.user_id, ...approvers], payload: { sessionId: s.id } });
    return { s, ended, replayed: false };
  });
  feedFor(db).kick();
  if (result.ended) await finalizeIncident(db, ctx, id);
  const fresh = (await repo.findSession(db, id)) as repo.SessionRow;
  return { replayed: result.replayed, session: await sessionView(db, fresh) };
}

export async function act(db: Kysely<Database>, ctx: RequestContext, id: string, input: ActionInput) {
  if (input.type === "end" && !input.reason.trim()) throw invalid("ladder_reason_required");
  return transact(db, ctx, id, "act", (now, actor) => toLadderAction(input, now.toISOString(), actor.userId));
}

export async function decide(db: Kysely<Database>, ctx: RequestContext, id: string, input: DecisionInput) {
  return transact(db, ctx, id, "decide", (now, actor) =>
    input.decision === "approve"
      ? { type: "approve", id: input.id, pendingId: input.pendingId, at: now.toISOString(), actorId: actor.userId }
      : { type: "decline", id: input.id, pendingId: input.pendingId, at: now.toISOString(), actorId: actor.userId, note: input.note ?? null },
  );
}

/** Check-in on a visit: arrived at the place, or back (which closes an overdue alert). Either of the pair may check in; a repeat is a no-op. */
export async function checkIn(db: Kysely<Database>, ctx: RequestContext, id: string, kind: "arrived" | "returned") {
  await db.transaction().execute(async (trx) => {
    const s = await loadSession(trx, ctx.actor, id, "check_in", { lock: true });
    const v = await repo.findVisit(trx, s.id, { lock: true });
    if (!v) throw invalid("live_visit_not_a_visit");
    const actor = ctx.actor as Actor;
    const now = new Date();
    if (kind === "arrived" && v.arrived_at) return;
    if (kind === "returned" && v.returned_at) return;
    await live(trx).updateTable("live_visits").set(kind === "arrived" ? { arrived_at: now } : { returned_at: now }).where("session_id", "=", s.id).execute();
    await repo.appendAction(trx, s.id, { actionId: `visit-${kind}-${s.id}`, type: `visit_${kind}`, at: now, actorId: actor.userId, data: {}, outcome: "applied" });
    if (kind === "returned" && v.overdue_alert_id) {
      await live(trx).updateTable("live_alerts").set({ closed_at: now, escalate_at: null }).where("id", "=", v.overdue_alert_id).execute();
    }
    await audit.record(trx, ctx, { action: `live_visit.${kind}`, resourceType: "live_session", resourceId: s.id });
  });
  feedFor(db).kick();
  return sessionView(db, (await repo.findSession(db, id)) as repo.SessionRow);
}

/** Staff of the caller's department, to pick the second person for a visit. */
export async function colleagues(db: Executor, ctx: RequestContext) {
  const actor = liveCollectionPolicy.authorize(ctx.actor, "colleagues", null);
  if (!actor.departmentId) return { colleagues: [] };
  return { colleagues: (await repo.colleaguesOf(db, actor.departmentId, actor.userId)).map((u) => ({ id: u.id, displayName: u.display_name })) };
}
