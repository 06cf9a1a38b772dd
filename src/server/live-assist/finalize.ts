import type { Kysely } from "kysely";
import type { LadderState } from "../../domain/live-assist/ladder.ts";
import { formatDuration } from "../../domain/live-assist/timing.ts";
import * as audit from "../audit/service.ts";
import * as incidentRepo from "../incidents/repo.ts";
import { createIncident } from "../incidents/service.ts";
import type { RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import * as repo from "./repo.ts";

/** How the incident record names our ladder steps. */
const INCIDENT_STEP: Record<string, string | undefined> = {
  request_stop: "asked_to_stop",
  order_leave: "ordered_to_leave",
  final_warning: "final_warning",
  police: "police_called",
  end_response: "end_response_decided",
  end_call: "call_ended",
};

const CHANNEL_JA: Record<string, string> = { counter: "窓口", phone: "電話", visit: "訪問" };
const STEP_JA: Record<string, string> = {
  start: "対応開始",
  explanation: "説明",
  request_stop: "中止の要請",
  order_leave: "退去命令",
  final_warning: "最終警告",
  police: "警察へ通報",
  end_response: "対応終了",
  end_call: "切電",
  count: "カウント",
  notice: "録音の告知",
  approve: "承認",
  decline: "承認せず",
  emergency: "緊急(警察へ直ちに通報)",
  alert: "通報",
  acknowledge: "応答",
  escalate: "上位へ通知",
  recording_start: "録音開始",
  recording_finish: "録音終了",
};

function describe(type: string, data: Record<string, unknown>, names: Map<string, string>): string {
  const parts: string[] = [STEP_JA[type] ?? type];
  if (type === "step" && typeof data.kind === "string") parts[0] = STEP_JA[data.kind] ?? data.kind;
  if (type === "end" && typeof data.kind === "string") parts[0] = STEP_JA[data.kind] ?? data.kind;
  if (type === "count") parts.push(data.counter === "same_demand" ? "同じ要求の繰り返し" : "説明");
  if (type === "notice") parts.push(data.said ? "告知した" : "取り消し");
  if (type === "emergency" && typeof data.ground === "string") parts.push(`(${({ violence: "暴力", threat: "脅迫", crime: "犯罪行為" } as Record<string, string>)[data.ground] ?? data.ground})`);
  if (type === "alert") parts.push(data.kind === "emergency" ? `緊急通報${data.silent ? "(サイレント)" : ""}` : "応援要請");
  if (type === "acknowledge") parts.push(data.joining ? "向かう" : "確認");
  if (type === "escalate") parts.push(`レベル${String(data.level ?? "")}`);
  if (typeof data.reason === "string" && data.reason) parts.push(`理由: ${data.reason}`);
  if (typeof data.words === "string" && data.words) parts.push(`「${data.words}」`);
  if (typeof data.note === "string" && data.note) parts.push(`メモ: ${data.note}`);
  if (typeof data.approvedBy === "string") parts.push(`承認: ${names.get(data.approvedBy) ?? ""}`);
  return parts.join(" ");
}

/**
 * At the end of a response the session becomes an incident record (a draft the staff member
 * completes) with the whole timeline: channel, duration, every ladder step with its time, words
 * and approver, every count, notice, alert and acknowledgement. Idempotent: the incident is
 * created with a key derived from the session, and the timeline is written once, in the same
 * transaction that links the session to it.
 */
export async function finalizeIncident(db: Kysely<Database>, ctx: RequestContext, sessionId: string) {
  const s = await repo.findSession(db, sessionId);
  if (!s?.ended_at || s.incident_id) return s?.incident_id ?? null;
  const state = s.state as LadderState;
  const actions = await repo.actionsOf(db, s.id);
  const names = await repo.displayNames(db, [s.user_id, ...actions.map((a) => a.actor_id), ...state.steps.map((x) => x.approvedBy ?? "").filter(Boolean)]);
  const duration = Math.round((s.ended_at.getTime() - s.started_at.getTime()) / 1000);
  const approvedOf = new Map(state.steps.map((x) => [x.id, x]));
  const lines = actions.map((a) => {
    const data = { ...(a.data as Record<string, unknown>) };
    const step = approvedOf.get(a.action_id) ?? (a.type === "approve" ? approvedOf.get(String(data.pendingId)) : undefined);
    if (step?.approvedBy && a.type === "approve") data.approvedBy = step.approvedBy;
    return { at: a.at, actor: a.actor_id, text: describe(a.type, data, names), type: a.type, outcome: a.outcome };
  });
  const police = state.steps.find((x) => x.kind === "police");
  const end = state.steps.find((x) => x.kind === "end_response" || x.kind === "end_call");
  const { incident } = await createIncident(
    db,
    ctx,
    {
      channel: s.channel,
      departmentId: s.department_id,
      place: s.place,
      startedAt: s.started_at.toISOString(),
      endedAt: s.ended_at.toISOString(),
      summary: `対応支援(${CHANNEL_JA[s.channel] ?? s.channel}・${formatDuration(duration)})${end?.reason ? `: ${end.reason}` : ""}`.slice(0, 2000),
      narrative: lines.map((l) => `${l.at.toISOString()} ${names.get(l.actor) ?? ""} ${l.text}${l.outcome === "pending" ? "(承認待ち)" : ""}`).join("\n").slice(0, 20000),
      ladderSteps: state.steps
        .filter((x) => INCIDENT_STEP[x.kind])
        .slice(0, 50)
        .map((x) => ({ step: INCIDENT_STEP[x.kind], at: x.at, count: Math.min(20, x.count), approver: x.approvedBy ? (names.get(x.approvedBy) ?? null) : null, words: x.words?.slice(0, 1000) ?? null })),
      ...(police ? { police: { contacted: true, at: police.at } } : {}),
      staff: [{ userId: s.user_id, role: "responder" }],
    },
    `live-${s.id}`,
  );
  await db.transaction().execute(async (trx) => {
    const locked = await repo.findSession(trx, s.id, { lock: true });
    if (!locked || locked.incident_id) return;
    await repo.setIncident(trx, s.id, incident.id);
    await incidentRepo.findIncident(trx, incident.id, { lock: true });
    for (const l of lines) {
      await incidentRepo.appendEvent(trx, incident.id, { kind: `live_${l.type}`, at: l.at, actorId: l.actor, reason: l.text, data: { sessionId: s.id } });
    }
    await audit.record(trx, ctx, { action: "live_session.incident", resourceType: "live_session", resourceId: s.id, details: { incidentId: incident.id, durationSeconds: duration, steps: state.steps.length } });
  });
  return incident.id;
}
