import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import type { LadderState } from "../../domain/live-assist/ladder.ts";
import { isStale } from "../../domain/live-assist/timing.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { cliContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError } from "../platform/http/errors.ts";
import { emit, feedFor } from "./feed.ts";
import { liveCollectionPolicy, liveSessionPolicy } from "./policy.ts";
import * as repo from "./repo.ts";
import { loadSession } from "./service.ts";
import { live } from "./tables.ts";
import { type AlertView, alertViews, sessionView } from "./view.ts";

/**
 * The levels an alert climbs while nobody acknowledges it: the department's supervisors, then
 * each parent department's supervisors, then central. Levels without anyone are skipped.
 */
export async function alertLevels(db: Executor, departmentId: string): Promise<string[][]> {
  const levels: string[][] = [];
  for (const d of await repo.departmentChain(db, departmentId)) levels.push(await repo.supervisorsOf(db, d));
  levels.push(await repo.centralUsers(db));
  return levels;
}

/** From `level` on, the first level that adds somebody (or null when there is nobody more). */
function nextLevel(levels: string[][], from: number, already: Set<string>, raiser: string): number | null {
  for (let i = from; i < levels.length; i++) if ((levels[i] ?? []).some((u) => u !== raiser && !already.has(u))) return i;
  return null;
}

export interface RaiseInput {
  id: string;
  kind: "backup" | "emergency";
  silent?: boolean | undefined;
}

export async function raiseAlert(db: Kysely<Database>, ctx: RequestContext, sessionId: string, input: RaiseInput) {
  const result = await db.transaction().execute(async (trx) => {
    const s = await loadSession(trx, ctx.actor, sessionId, "act", { lock: true });
    const actor = ctx.actor as Actor;
    const existing = await repo.findAlertByAction(trx, s.id, input.id);
    if (existing) {
      if (existing.kind !== input.kind) throw new AppError(409, "ladder_replay_mismatch");
      return { alertId: existing.id, replayed: true, view: null };
    }
    const now = new Date();
    if (s.ended_at) throw new AppError(409, "ladder_session_ended");
    if (isStale(s.started_at, now, s.ended_at)) throw new AppError(409, "live_session_stale");
    const levels = await alertLevels(trx, s.department_id);
    const recipients = new Set<string>();
    let level = nextLevel(levels, 0, recipients, actor.userId) ?? levels.length - 1;
    for (const u of levels[level] ?? []) if (u !== actor.userId) recipients.add(u);
    // An emergency reaches central from the start.
    if (input.kind === "emergency") for (const u of levels.at(-1) ?? []) if (u !== actor.userId) recipients.add(u);
    if (input.kind === "emergency") level = Math.max(level, 0);
    const more = nextLevel(levels, level + 1, recipients, actor.userId);
    const id = randomUUID();
    await live(trx)
      .insertInto("live_alerts")
      .values({
        id,
        session_id: s.id,
        action_id: input.id,
        kind: input.kind,
        silent: input.kind === "emergency" && input.silent === true,
        department_id: s.department_id,
        raised_by: actor.userId,
        raised_at: now,
        level,
        recipients: [...recipients],
        escalate_at: more === null ? null : new Date(now.getTime() + s.escalate_seconds * 1000),
        escalated_at: null,
        acknowledged_at: null,
        closed_at: null,
      })
      .execute();
    await repo.appendAction(trx, s.id, { actionId: input.id, type: "alert", at: now, actorId: actor.userId, data: { kind: input.kind, silent: input.silent === true, alertId: id }, outcome: "applied" });
    await audit.record(trx, ctx, { action: `live_alert.${input.kind}`, resourceType: "live_alert", resourceId: id, details: { sessionId: s.id, silent: input.silent === true, recipients: recipients.size, level } });
    const [view] = await alertViews(trx, [(await repo.findAlert(trx, id)) as NonNullable<Awaited<ReturnType<typeof repo.findAlert>>>], now);
    await emit(trx, { kind: "alert.raised", at: now, sessionId: s.id, alertId: id, recipients: [...recipients, actor.userId], payload: view });
    return { alertId: id, replayed: false, view };
  });
  // Wake this process's streams first; the answer was built inside the transaction (nothing queued behind the delivery).
  feedFor(db).kick();
  if (result.view) return { replayed: false, alert: result.view as AlertView };
  const [alert] = await alertViews(db, [(await repo.findAlert(db, result.alertId)) as NonNullable<Awaited<ReturnType<typeof repo.findAlert>>>]);
  return { replayed: result.replayed, alert: alert as AlertView };
}

/** A supervisor acknowledges an alert and says whether they are coming (idempotent per person). */
export async function acknowledgeAlert(db: Kysely<Database>, ctx: RequestContext, alertId: string, joining: boolean) {
  await db.transaction().execute(async (trx) => {
    if (!ctx.actor) throw new AppError(401, "unauthenticated");
    const a = await repo.findAlert(trx, alertId, { lock: true });
    const hidden = new AppError(404, "not_found", {}, { action: "live_alert.acknowledge", resourceType: "live_alert", resourceId: alertId });
    if (!a) throw hidden;
    const s = (await repo.findSession(trx, a.session_id)) as repo.SessionRow;
    const isRecipient = a.recipients.includes(ctx.actor.userId);
    if (!isRecipient && !liveSessionPolicy.can(ctx.actor, "acknowledge", { userId: s.user_id, departmentId: s.department_id })) throw hidden;
    if (ctx.actor.userId === s.user_id) throw hidden;
    const now = new Date();
    const prior = await live(trx).selectFrom("live_alert_responders").selectAll().where("alert_id", "=", a.id).where("user_id", "=", ctx.actor.userId).executeTakeFirst();
    if (prior && prior.joining === joining) return; // replay: nothing changes
    if (prior) await live(trx).updateTable("live_alert_responders").set({ joining, at: now }).where("alert_id", "=", a.id).where("user_id", "=", ctx.actor.userId).execute();
    else await live(trx).insertInto("live_alert_responders").values({ alert_id: a.id, user_id: ctx.actor.userId, joining, at: now }).execute();
    if (!a.acknowledged_at) await live(trx).updateTable("live_alerts").set({ acknowledged_at: now }).where("id", "=", a.id).execute();
    await repo.appendAction(trx, s.id, { actionId: `ack-${a.id}-${ctx.actor.userId}-${joining ? "j" : "a"}-${now.getTime()}`, type: "acknowledge", at: now, actorId: ctx.actor.userId, data: { alertId: a.id, joining }, outcome: "applied" });
    await audit.record(trx, ctx, { action: "live_alert.acknowledge", resourceType: "live_alert", resourceId: a.id, details: { joining } });
    const [view] = await alertViews(trx, [(await repo.findAlert(trx, a.id)) as NonNullable<typeof a>], now);
    await emit(trx, { kind: "alert.acknowledged", at: now, sessionId: s.id, alertId: a.id, recipients: [...a.recipients, a.raised_by], payload: view });
  });
  feedFor(db).kick();
  const [alert] = await alertViews(db, [(await repo.findAlert(db, alertId)) as NonNullable<Awaited<ReturnType<typeof repo.findAlert>>>]);
  return alert as AlertView;
}

/**
 * The escalation job: alerts unacknowledged past their time go to the next level. Each due alert
 * is locked with SKIP LOCKED, so when several processes run the job each alert moves once.
 */
export async function escalateDue(db: Kysely<Database>, now = new Date()): Promise<number> {
  const ctx = cliContext(null);
  const moved = await db.transaction().execute(async (trx) => {
    const due = await repo.dueAlertsLocked(trx, now);
    let n = 0;
    for (const a of due) {
      const s = (await repo.findSession(trx, a.session_id)) as repo.SessionRow;
      if (s.ended_at) {
        await live(trx).updateTable("live_alerts").set({ escalate_at: null }).where("id", "=", a.id).execute();
        continue;
      }
      const levels = await alertLevels(trx, a.department_id);
      const recipients = new Set(a.recipients);
      const level = nextLevel(levels, a.level + 1, recipients, a.raised_by);
      if (level === null) {
        await live(trx).updateTable("live_alerts").set({ escalate_at: null }).where("id", "=", a.id).execute();
        continue;
      }
      for (const u of levels[level] ?? []) if (u !== a.raised_by) recipients.add(u);
      const more = nextLevel(levels, level + 1, recipients, a.raised_by);
      await live(trx)
        .updateTable("live_alerts")
        .set({ level, recipients: [...recipients], escalated_at: now, escalate_at: more === null ? null : new Date(now.getTime() + s.escalate_seconds * 1000) })
        .where("id", "=", a.id)
        .execute();
      await repo.appendAction(trx, s.id, { actionId: `esc-${a.id}-${level}`, type: "escalate", at: now, actorId: a.raised_by, data: { alertId: a.id, level }, outcome: "applied" });
      await audit.record(trx, ctx, { action: "live_alert.escalate", resourceType: "live_alert", resourceId: a.id, details: { level, recipients: recipients.size } });
      const [view] = await alertViews(trx, [(await repo.findAlert(trx, a.id)) as NonNullable<typeof a>], now);
      await emit(trx, { kind: "alert.escalated", at: now, sessionId: s.id, alertId: a.id, recipients: [...recipients, a.raised_by], payload: view });
      n++;
    }
    return n;
  });
  if (moved > 0) feedFor(db).kick();
  return moved;
}

/**
 * Visits not back by their expected return: an "overdue" alert to the department's supervisors
 * (then escalating like any alert). Each visit is locked with SKIP LOCKED, so it alerts once.
 */
export async function alertOverdueVisits(db: Kysely<Database>, now = new Date()): Promise<number> {
  const ctx = cliContext(null);
  const raised = await db.transaction().execute(async (trx) => {
    const due = await repo.overdueVisitsLocked(trx, now);
    for (const v of due) {
      const s = (await repo.findSession(trx, v.session_id)) as repo.SessionRow;
      const levels = await alertLevels(trx, s.department_id);
      // The pair are away together: the companion is not the one to alert, even when a supervisor.
      const skip = new Set<string>([v.companion_id]);
      const level = nextLevel(levels, 0, skip, s.user_id) ?? levels.length - 1;
      const recipients = new Set<string>();
      for (const u of levels[level] ?? []) if (u !== s.user_id && u !== v.companion_id) recipients.add(u);
      const more = nextLevel(levels, level + 1, new Set([...recipients, ...skip]), s.user_id);
      const id = randomUUID();
      await live(trx)
        .insertInto("live_alerts")
        .values({ id, session_id: s.id, action_id: `overdue-${s.id}`, kind: "overdue", silent: false, department_id: s.department_id, raised_by: s.user_id, raised_at: now, level, recipients: [...recipients], escalate_at: more === null ? null : new Date(now.getTime() + s.escalate_seconds * 1000), escalated_at: null, acknowledged_at: null, closed_at: null })
        .execute();
      await live(trx).updateTable("live_visits").set({ overdue_alert_id: id }).where("session_id", "=", s.id).execute();
      await repo.appendAction(trx, s.id, { actionId: `overdue-${s.id}`, type: "alert", at: now, actorId: s.user_id, data: { kind: "overdue", alertId: id }, outcome: "applied" });
      await audit.record(trx, ctx, { action: "live_alert.overdue", resourceType: "live_alert", resourceId: id, details: { sessionId: s.id, recipients: recipients.size } });
      const [view] = await alertViews(trx, [(await repo.findAlert(trx, id)) as NonNullable<Awaited<ReturnType<typeof repo.findAlert>>>], now);
      await emit(trx, { kind: "alert.raised", at: now, sessionId: s.id, alertId: id, recipients: [...recipients, s.user_id, v.companion_id], payload: view });
    }
    return due.length;
  });
  if (raised > 0) feedFor(db).kick();
  return raised;
}

const jobs = new WeakSet<object>();

/** Runs the escalation job every few seconds in this process (every process may; see escalateDue). */
export function startEscalationJob(db: Kysely<Database>, everyMs = 2000) {
  if (jobs.has(db)) return;
  jobs.add(db);
  const t = setInterval(() => {
    escalateDue(db)
      .then(() => alertOverdueVisits(db))
      .catch(() => {
        /* the database is closing or unavailable: the next round retries */
      });
  }, everyMs);
  t.unref();
}

/** A supervisor's (or central's) inbox: open alerts sent to them and steps waiting for their approval. */
export async function inbox(db: Executor, ctx: RequestContext) {
  const actor = liveCollectionPolicy.authorize(ctx.actor, "inbox", null);
  const alerts = await alertViews(db, await repo.openAlertsFor(db, actor.userId));
  const sessions = await repo.openSessionsIn(db, actor.roles.has("central") ? "all" : [...actor.supervisedDepartmentIds]);
  const approvals = [];
  for (const s of sessions) {
    if (s.user_id === actor.userId) continue;
    if (!(s.state as LadderState).pending) continue;
    const v = await sessionView(db, s);
    approvals.push({ sessionId: s.id, pending: v.pending, userName: v.userName, channel: s.channel, place: s.place, departmentName: v.departmentName, elapsedSeconds: v.elapsedSeconds, thresholdSeconds: v.thresholdSeconds, phase: v.phase, requests: v.requests, orders: v.orders });
  }
  return { alerts, approvals, serverNow: new Date().toISOString() };
}
