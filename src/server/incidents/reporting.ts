import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import type { RuleConditions } from "../../domain/incidents/report-rules.ts";
import { isBehaviourCode } from "../../domain/incidents/codes.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { reportingPolicy } from "./policy.ts";
import * as repo from "./reporting-repo.ts";

export interface RuleInput {
  name: string;
  mode: "any" | "all";
  conditions: RuleConditions;
  active?: boolean | undefined;
}

type RuleRow = Awaited<ReturnType<typeof repo.listRules>>[number];
const ruleView = (r: RuleRow) => ({
  id: r.id,
  name: r.name,
  mode: r.mode as "any" | "all",
  conditions: r.conditions as RuleConditions,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

function checkConditions(c: RuleConditions) {
  const set = (c.groups?.length ?? 0) + (c.codes?.length ?? 0) + (c.channels?.length ?? 0) + (c.departmentIds?.length ?? 0) + (c.police === undefined ? 0 : 1) + (c.harmToStaff === undefined ? 0 : 1);
  if (set === 0) throw invalid("report_rule_empty");
  for (const code of c.codes ?? []) if (!isBehaviourCode(code)) throw invalid("unknown_behaviour_code", { code });
}

async function checkDepartments(db: Executor, ids: readonly string[] | undefined) {
  for (const id of ids ?? []) {
    if (!(await db.selectFrom("departments").select("id").where("id", "=", id).executeTakeFirst())) throw invalid("department_not_found");
  }
}

export async function listRules(db: Executor, ctx: RequestContext) {
  reportingPolicy.authorize(ctx.actor, "manage_rules", null);
  return (await repo.listRules(db)).map(ruleView);
}

export async function createRule(db: Kysely<Database>, ctx: RequestContext, input: RuleInput) {
  const actor = reportingPolicy.authorize(ctx.actor, "manage_rules", null);
  checkConditions(input.conditions);
  return db.transaction().execute(async (trx) => {
    await checkDepartments(trx, input.conditions.departmentIds);
    const id = randomUUID();
    await repo.insertRule(trx, { id, name: input.name, mode: input.mode, conditions: input.conditions, active: input.active ?? true, createdBy: actor.userId, now: new Date() });
    await audit.record(trx, ctx, { action: "report_rule.create", resourceType: "report_rule", resourceId: id, details: { name: input.name, mode: input.mode, conditions: input.conditions } });
    return ruleView((await repo.findRule(trx, id)) as RuleRow);
  });
}

export async function updateRule(db: Kysely<Database>, ctx: RequestContext, id: string, input: Partial<RuleInput>) {
  reportingPolicy.authorize(ctx.actor, "manage_rules", null, { resourceId: id });
  if (input.conditions) checkConditions(input.conditions);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.findRule(trx, id))) throw new AppError(404, "report_rule_not_found");
    await checkDepartments(trx, input.conditions?.departmentIds);
    await repo.updateRule(trx, id, input, new Date());
    await audit.record(trx, ctx, { action: "report_rule.update", resourceType: "report_rule", resourceId: id, details: { changes: input } });
    return ruleView((await repo.findRule(trx, id)) as RuleRow);
  });
}

export async function deleteRule(db: Kysely<Database>, ctx: RequestContext, id: string) {
  reportingPolicy.authorize(ctx.actor, "manage_rules", null, { resourceId: id });
  await db.transaction().execute(async (trx) => {
    const before = await repo.findRule(trx, id);
    if (!before) throw new AppError(404, "report_rule_not_found");
    await repo.deleteRule(trx, id);
    await audit.record(trx, ctx, { action: "report_rule.delete", resourceType: "report_rule", resourceId: id, details: { name: before.name } });
  });
  return { ok: true as const };
}

export async function centralQueue(db: Executor, ctx: RequestContext, opts: { includeAcknowledged: boolean; limit: number; offset: number }) {
  reportingPolicy.authorize(ctx.actor, "read_queue", null);
  const rows = await repo.queue(db, opts);
  await audit.record(db, ctx, { action: "central_queue.read", resourceType: "incident", details: { incidents: rows.map((r) => r.incident_id) } });
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incident_id,
    number: r.number,
    departmentId: r.department_id,
    status: r.status,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    queuedAt: r.queued_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  }));
}

export async function acknowledge(db: Kysely<Database>, ctx: RequestContext, id: string) {
  const actor = reportingPolicy.authorize(ctx.actor, "acknowledge", null, { resourceId: id });
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findQueueItem(trx, id))) throw new AppError(404, "not_found");
    const done = await repo.acknowledge(trx, id, actor.userId, new Date());
    if (done) await audit.record(trx, ctx, { action: "central_queue.acknowledge", resourceType: "incident", resourceId: done.incident_id, details: { queueId: id } });
  });
  return { ok: true as const };
}

/** The signed-in user's own notifications. */
export async function myNotifications(db: Executor, ctx: RequestContext, unreadOnly: boolean) {
  if (!ctx.actor) throw new AppError(401, "unauthenticated");
  const rows = await repo.notificationsOf(db, (ctx.actor as Actor).userId, { unreadOnly, limit: 100 });
  return rows.map((r) => ({ id: r.id, kind: r.kind, incidentId: r.incident_id, number: r.number, data: r.data, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null }));
}

export async function markRead(db: Kysely<Database>, ctx: RequestContext, id: string) {
  if (!ctx.actor) throw new AppError(401, "unauthenticated");
  if (!(await repo.markRead(db, id, ctx.actor.userId, new Date()))) throw new AppError(404, "not_found");
  return { ok: true as const };
}
