import { type LadderConfig, type LadderState, allowedSteps, nextStep } from "../../domain/live-assist/ladder.ts";
import { elapsed, isStale } from "../../domain/live-assist/timing.ts";
import type { Executor } from "../platform/context.ts";
import * as repo from "./repo.ts";

type AlertRow = NonNullable<Awaited<ReturnType<typeof repo.findAlert>>>;

export async function alertViews(db: Executor, rows: readonly AlertRow[], now = new Date()) {
  const responders = await repo.respondersOf(
    db,
    rows.map((r) => r.id),
  );
  const sessions = new Map<string, repo.SessionRow>();
  for (const r of rows) if (!sessions.has(r.session_id)) sessions.set(r.session_id, (await repo.findSession(db, r.session_id)) as repo.SessionRow);
  const names = await repo.displayNames(db, rows.map((r) => r.raised_by));
  const depts = await repo.departmentNames(db, rows.map((r) => r.department_id));
  return rows.map((r) => {
    const s = sessions.get(r.session_id) as repo.SessionRow;
    return {
      id: r.id,
      sessionId: r.session_id,
      kind: r.kind as "backup" | "emergency" | "overdue",
      silent: r.silent,
      departmentId: r.department_id,
      departmentName: depts.get(r.department_id) ?? null,
      raisedBy: r.raised_by,
      raisedByName: names.get(r.raised_by) ?? null,
      raisedAt: r.raised_at.toISOString(),
      channel: s.channel,
      place: s.place,
      sessionStartedAt: s.started_at.toISOString(),
      elapsedSeconds: elapsed(s.started_at, now, s.threshold_seconds, s.ended_at).elapsedSeconds,
      thresholdSeconds: s.threshold_seconds,
      level: r.level,
      escalateAt: r.escalate_at?.toISOString() ?? null,
      escalatedAt: r.escalated_at?.toISOString() ?? null,
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
      closedAt: r.closed_at?.toISOString() ?? null,
      responders: responders.filter((x) => x.alert_id === r.id).map((x) => ({ userId: x.user_id, displayName: x.display_name, joining: x.joining, at: x.at.toISOString() })),
    };
  });
}

export type AlertView = Awaited<ReturnType<typeof alertViews>>[number];

export async function sessionView(db: Executor, s: repo.SessionRow, now = new Date()) {
  const state = s.state as LadderState;
  const cfg = s.ladder_config as LadderConfig;
  const ids = [s.user_id, ...state.steps.flatMap((x) => [x.actorId, x.approvedBy ?? ""]), ...state.declined.map((d) => d.declinedBy)].filter(Boolean);
  const names = await repo.displayNames(db, ids);
  const dept = (await repo.departmentNames(db, [s.department_id])).get(s.department_id) ?? null;
  const alerts = await alertViews(db, await repo.alertsOfSession(db, s.id), now);
  const v = s.channel === "visit" ? await repo.findVisit(db, s.id) : undefined;
  const companionName = v ? ((await repo.displayNames(db, [v.companion_id])).get(v.companion_id) ?? null) : null;
  const visit = v
    ? { companionId: v.companion_id, companionName, expectedReturnAt: v.expected_return_at.toISOString(), arrivedAt: v.arrived_at?.toISOString() ?? null, returnedAt: v.returned_at?.toISOString() ?? null, overdue: !v.returned_at && v.expected_return_at.getTime() <= now.getTime() }
    : null;
  return {
    id: s.id,
    userId: s.user_id,
    userName: names.get(s.user_id) ?? null,
    departmentId: s.department_id,
    departmentName: dept,
    channel: s.channel,
    place: s.place,
    language: s.language,
    startedAt: s.started_at.toISOString(),
    endedAt: s.ended_at?.toISOString() ?? null,
    serverNow: now.toISOString(),
    stale: isStale(s.started_at, now, s.ended_at),
    ...elapsed(s.started_at, now, s.threshold_seconds, s.ended_at),
    escalateSeconds: s.escalate_seconds,
    config: cfg,
    phase: state.phase,
    requests: state.requests,
    orders: state.orders,
    explanations: state.explanations,
    repeats: state.repeats,
    recordingNotice: state.recordingNotice,
    pending: state.pending,
    nextStep: nextStep(state, cfg),
    allowedSteps: state.pending ? [] : allowedSteps(state, cfg),
    steps: state.steps.map((x) => ({ ...x, actorName: names.get(x.actorId) ?? null, approvedByName: x.approvedBy ? (names.get(x.approvedBy) ?? null) : null })),
    declined: state.declined.map((d) => ({ ...d, declinedByName: names.get(d.declinedBy) ?? null })),
    alerts,
    incidentId: s.incident_id,
    visit,
    version: s.version,
  };
}

export type SessionView = Awaited<ReturnType<typeof sessionView>>;
