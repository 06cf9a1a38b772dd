import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import type { Channel } from "../../domain/incidents/codes.ts";
import { AXIS_LABELS, type Judgement, deriveOutcome, validateJudgement } from "../../domain/incidents/judgement.ts";
import { JUDGEABLE_STATUSES, STATUS_LABELS, type Status, canTransition, isReopen, nextStates, requiresReason } from "../../domain/incidents/lifecycle.ts";
import { type ReportRule, type RuleConditions, matches } from "../../domain/incidents/report-rules.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { relationOf } from "./policy.ts";
import * as repo from "./repo.ts";
import * as reportingRepo from "./reporting-repo.ts";
import { getIncident, loadFor } from "./service.ts";

const label = (s: string, locale: "ja" | "en") => STATUS_LABELS[s as Status]?.[locale] ?? s;

/**
 * Moves an incident to `to` inside the caller's transaction: checks the state machine and the
 * actor's relation, writes the timeline event and the audit row, and on reporting evaluates the
 * central reporting rules and alerts the department's supervisors.
 */
export async function changeStatus(trx: Executor, ctx: RequestContext, id: string, to: Status, reason: string | null) {
  const { row, access } = await loadFor(trx, ctx.actor, id, "read", { lock: true });
  const actor = ctx.actor as Actor;
  const locale = ctx.locale === "en" ? "en" : "ja";
  const from = row.status as Status;
  if (!nextStates(from).includes(to)) throw new AppError(409, "transition_not_allowed", { from: label(from, locale), to: label(to, locale) });
  if (!canTransition(relationOf(actor, access), from, to)) {
    throw new AppError(403, "forbidden", {}, { action: "incident.transition", resourceType: "incident", resourceId: id });
  }
  if (requiresReason(from, to) && !reason?.trim()) throw invalid("reason_required");
  if (to === "judged" && !row.judgement) throw invalid("judgement_required");
  const now = new Date();
  await trx
    .updateTable("incidents")
    .set({ status: to, version: row.version + 1, updated_at: now })
    .where("id", "=", id)
    .execute();
  const kind = isReopen(from, to) ? "reopened" : "status_changed";
  await repo.appendEvent(trx, id, { kind, at: now, actorId: actor.userId, fromStatus: from, toStatus: to, reason: reason?.trim() || null });
  await audit.record(trx, ctx, {
    action: `incident.${kind === "reopened" ? "reopen" : "transition"}`,
    resourceType: "incident",
    resourceId: id,
    details: { from, to, reason: reason?.trim() || null },
  });
  if (to === "reported") {
    const supervisors = (await reportingRepo.supervisorsOf(trx, row.department_id)).filter((u) => u !== actor.userId);
    await reportingRepo.notify(trx, {
      ids: supervisors.map(() => randomUUID()),
      userIds: supervisors,
      kind: "incident_reported",
      incidentId: id,
      data: { number: row.number },
      at: now,
    });
    await applyReportRules(trx, ctx, id);
  }
}

export async function transition(db: Kysely<Database>, ctx: RequestContext, id: string, to: Status, reason: string | null) {
  await db.transaction().execute((trx) => changeStatus(trx, ctx, id, to, reason));
  return getIncident(db, ctx, id, { audit: false });
}

function checkJudgement(j: Judgement, row: repo.IncidentRow, locale: "ja" | "en") {
  const problems = validateJudgement(j, { startedAt: row.started_at, endedAt: row.ended_at });
  const first = problems[0];
  // The message names the axis as the form shows it (「① 要求内容は妥当か」), never the field key.
  if (first) throw invalid(first.code, "axis" in first ? { axis: AXIS_LABELS[first.axis][locale] } : {});
}

/** The judgement by a supervisor of the department or central: three answers with reasons, the outcome derived, never a score. */
export async function setJudgement(db: Kysely<Database>, ctx: RequestContext, id: string, j: Judgement) {
  await db.transaction().execute(async (trx) => {
    const { row } = await loadFor(trx, ctx.actor, id, "judge", { lock: true });
    const actor = ctx.actor as Actor;
    if (!JUDGEABLE_STATUSES.includes(row.status as Status))
      throw new AppError(409, "judgement_not_open", { status: label(row.status, ctx.locale === "en" ? "en" : "ja") });
    checkJudgement(j, row, ctx.locale === "en" ? "en" : "ja");
    const outcome = deriveOutcome(j);
    const now = new Date();
    await trx
      .updateTable("incidents")
      .set({
        judgement: repo.json(j),
        outcome,
        crossed_at: j.crossedAt ? new Date(j.crossedAt) : null,
        judged_by: actor.userId,
        judged_at: now,
        version: row.version + 1,
        updated_at: now,
      })
      .where("id", "=", id)
      .execute();
    await repo.appendEvent(trx, id, { kind: "judged", at: now, actorId: actor.userId, data: { outcome, previousOutcome: row.outcome, judgement: j } });
    await audit.record(trx, ctx, { action: "incident.judge", resourceType: "incident", resourceId: id, details: { outcome, previousOutcome: row.outcome } });
    if (row.status === "reported") await changeStatus(trx, ctx, id, "under_review", null);
    if (row.status !== "judged") await changeStatus(trx, ctx, id, "judged", null);
  });
  return getIncident(db, ctx, id, { audit: false });
}

/** Staff involved in the incident may propose a judgement; it never sets the outcome. */
export async function proposeJudgement(db: Kysely<Database>, ctx: RequestContext, id: string, j: Judgement) {
  await db.transaction().execute(async (trx) => {
    const { row } = await loadFor(trx, ctx.actor, id, "propose_judgement", { lock: true });
    if (row.status === "closed") throw new AppError(409, "incident_closed");
    checkJudgement(j, row, ctx.locale === "en" ? "en" : "ja");
    const now = new Date();
    const proposed = deriveOutcome(j);
    await trx
      .updateTable("incidents")
      .set({
        judgement_proposal: repo.json({ ...j, proposedBy: ctx.actor?.userId, proposedAt: now.toISOString(), outcome: proposed }),
        version: row.version + 1,
        updated_at: now,
      })
      .where("id", "=", id)
      .execute();
    await repo.appendEvent(trx, id, { kind: "judgement_proposed", at: now, actorId: ctx.actor?.userId ?? null, data: { outcome: proposed, judgement: j } });
    await audit.record(trx, ctx, { action: "incident.propose_judgement", resourceType: "incident", resourceId: id, details: { outcome: proposed } });
  });
  return getIncident(db, ctx, id, { audit: false });
}

/** Evaluates central's rules on a reported incident; new matches go to the central queue and notify central. */
export async function applyReportRules(trx: Executor, ctx: RequestContext, id: string) {
  const row = (await repo.findIncident(trx, id)) as repo.IncidentRow;
  if (row.status === "draft") return;
  const rules = await reportingRepo.listRules(trx, { activeOnly: true });
  if (rules.length === 0) return;
  const codes = (await repo.codesOf(trx, [id])).map((c) => c.code);
  const facts = {
    codes,
    policeInvolved: (row.police as { contacted?: boolean }).contacted === true,
    harmToStaff: (row.harm as { harmed?: boolean }).harmed === true,
    channel: row.channel as Channel,
    departmentId: row.department_id,
  };
  const now = new Date();
  let queued = false;
  for (const r of rules) {
    const rule: ReportRule = { mode: r.mode === "all" ? "all" : "any", conditions: r.conditions as RuleConditions };
    if (!matches(rule, facts)) continue;
    if (!(await reportingRepo.enqueue(trx, { id: randomUUID(), incidentId: id, ruleId: r.id, ruleName: r.name, at: now }))) continue;
    queued = true;
    await repo.appendEvent(trx, id, { kind: "queued_for_central", at: now, actorId: ctx.actor?.userId ?? null, data: { ruleId: r.id, ruleName: r.name } });
    await audit.record(trx, ctx, { action: "incident.central_report", resourceType: "incident", resourceId: id, details: { ruleId: r.id, ruleName: r.name } });
    const central = await reportingRepo.activeUsersWithRole(trx, "central");
    await reportingRepo.notify(trx, {
      ids: central.map(() => randomUUID()),
      userIds: central,
      kind: "central_report",
      incidentId: id,
      data: { number: row.number, ruleName: r.name },
      at: now,
    });
  }
  if (queued && !row.central_report_at) await trx.updateTable("incidents").set({ central_report_at: now }).where("id", "=", id).execute();
}
