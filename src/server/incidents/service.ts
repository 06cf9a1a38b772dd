import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import { DEFAULT_RETENTION, type Group, isBehaviourCode } from "../../domain/incidents/codes.ts";
import { bigramsOf, queryTerms, searchText } from "../../domain/incidents/search.ts";
import * as audit from "../audit/service.ts";
import * as counterparts from "../counterparts/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { JUDGEABLE_STATUSES, type Status, canTransition, nextStates } from "../../domain/incidents/lifecycle.ts";
import { type IncidentAccess, counterpartPolicy, incidentCollectionPolicy, incidentPolicy, relationOf } from "./policy.ts";
import * as repo from "./repo.ts";
import { fullView, summaries } from "./view.ts";
import { applyReportRules, changeStatus } from "./workflow.ts";

export interface CounterpartInput {
  type: string;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

export interface QuoteInput {
  text: string;
  speaker?: "counterpart" | "staff" | "other" | undefined;
  isAct?: boolean | undefined;
  at?: string | null | undefined;
  offsetSeconds?: number | null | undefined;
}

/** Every field of the record; the quick form sends only channel, summary, quotes and groups. */
export interface IncidentFields {
  departmentId?: string | undefined;
  place?: string | null | undefined;
  startedAt?: string | null | undefined;
  endedAt?: string | null | undefined;
  summary?: string | undefined;
  narrative?: string | undefined;
  demand?: string | undefined;
  answersGiven?: string | undefined;
  quotes?: QuoteInput[] | undefined;
  groups?: Group[] | undefined;
  codes?: string[] | undefined;
  staff?: Array<{ userId: string; role: string }> | undefined;
  supervisorId?: string | null | undefined;
  counterpart?: CounterpartInput | undefined;
  counterpartId?: string | undefined;
  personsCount?: number | null | undefined;
  ladderSteps?: unknown[] | undefined;
  police?: Record<string, unknown> | undefined;
  harm?: Record<string, unknown> | undefined;
  personalData?: Record<string, unknown> | undefined;
  ownErrorContributed?: boolean | null | undefined;
  centralReportAt?: string | null | undefined;
  retentionClass?: string | undefined;
  legalHold?: boolean | undefined;
}

export interface CreateInput extends IncidentFields {
  channel: string;
  /** File it as reported at once (the quick form's 報告 button); otherwise it stays a draft. */
  report?: boolean | undefined;
}

export interface UpdateInput extends IncidentFields {
  version: number;
  channel?: string | undefined;
}

const date = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : new Date(s));

/** Fiscal year (April–March) in Japan time. */
export function fiscalYear(d: Date): number {
  const jst = new Date(d.getTime() + 9 * 3600_000);
  return jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
}

/** Group picks become group codes; every code must be known. */
function codesFrom(input: IncidentFields): string[] | undefined {
  if (input.codes === undefined && input.groups === undefined) return undefined;
  const all = new Set<string>([...(input.groups ?? []).map((g) => `group${g}`), ...(input.codes ?? [])]);
  for (const c of all) if (!isBehaviourCode(c)) throw invalid("unknown_behaviour_code", { code: c });
  return [...all].sort();
}

function checkTimes(started: Date | null | undefined, ended: Date | null | undefined) {
  if (started && ended && ended.getTime() < started.getTime()) throw invalid("incident_end_before_start");
}

function checkRetention(actor: Actor, access: IncidentAccess | null, input: IncidentFields, departmentId: string) {
  if (input.legalHold === undefined && input.retentionClass === undefined) return;
  const target = access ?? { createdBy: actor.userId, departmentId, staffIds: [], status: "draft" };
  incidentPolicy.authorize(actor, "set_retention", target);
}

export async function accessOf(db: Executor, row: repo.IncidentRow): Promise<IncidentAccess> {
  const staff = await repo.staffOf(db, [row.id]);
  return { createdBy: row.created_by, departmentId: row.department_id, staffIds: staff.map((s) => s.user_id), status: row.status };
}

/** Loads an incident the actor may act on; an incident they cannot see is 404 whatever the action. */
export async function loadFor(
  db: Executor,
  actor: Actor | null,
  id: string,
  action: Parameters<typeof incidentPolicy.authorize>[1],
  opts: { lock?: boolean } = {},
) {
  if (!actor) throw new AppError(401, "unauthenticated");
  const row = await repo.findIncident(db, id, opts);
  if (!row) throw new AppError(404, "not_found", {}, { action: `incident.${action}`, resourceType: "incident", resourceId: id });
  const access = await accessOf(db, row);
  incidentPolicy.authorize(actor, "read", access, { resourceId: id, hide: true });
  if (action === "update" && row.status === "closed") throw new AppError(409, "incident_closed");
  if (action !== "read") incidentPolicy.authorize(actor, action, access, { resourceId: id });
  return { row, access };
}

async function writeParts(trx: Executor, id: string, input: IncidentFields, codes: string[] | undefined) {
  if (input.quotes !== undefined) {
    await repo.replaceQuotes(
      trx,
      id,
      input.quotes.map((q) => ({
        id: randomUUID(),
        text: q.text,
        speaker: q.speaker ?? "counterpart",
        isAct: q.isAct ?? false,
        at: date(q.at) ?? null,
        offsetSeconds: q.offsetSeconds ?? null,
      })),
    );
  }
  if (codes !== undefined) await repo.replaceCodes(trx, id, codes);
  if (input.staff !== undefined) {
    const unique = [...new Map(input.staff.map((s) => [`${s.userId}:${s.role}`, s])).values()];
    const userIds = [...new Set(unique.map((s) => s.userId))];
    if ((await repo.countActiveUsers(trx, userIds)) !== userIds.length) throw invalid("staff_user_not_found");
    await repo.replaceStaff(trx, id, unique);
  }
  if (input.supervisorId && (await repo.countActiveUsers(trx, [input.supervisorId])) !== 1) throw invalid("staff_user_not_found");
}

async function refreshSearch(trx: Executor, id: string) {
  const row = (await repo.findIncident(trx, id)) as repo.IncidentRow;
  const quotes = await repo.quotesOf(trx, id);
  const texts = [row.summary, row.narrative, row.demand, ...quotes.map((q) => q.text)];
  await repo.updateSearch(trx, id, bigramsOf(...texts), searchText(...texts));
}

function columnsFrom(input: IncidentFields & { channel?: string | undefined }) {
  const set: Record<string, unknown> = {};
  const put = (col: string, v: unknown) => {
    if (v !== undefined) set[col] = v;
  };
  put("channel", input.channel);
  put("department_id", input.departmentId);
  put("place", input.place);
  put("started_at", date(input.startedAt));
  put("ended_at", date(input.endedAt));
  put("summary", input.summary);
  put("narrative", input.narrative);
  put("demand", input.demand);
  put("answers_given", input.answersGiven);
  put("supervisor_id", input.supervisorId);
  put("persons_count", input.personsCount);
  put("ladder_steps", input.ladderSteps === undefined ? undefined : repo.json(input.ladderSteps));
  put("police", input.police === undefined ? undefined : repo.json(input.police));
  put("harm", input.harm === undefined ? undefined : repo.json(input.harm));
  put("personal_data", input.personalData === undefined ? undefined : repo.json(input.personalData));
  put("own_error_contributed", input.ownErrorContributed);
  put("central_report_at", date(input.centralReportAt));
  put("retention_class", input.retentionClass);
  put("legal_hold", input.legalHold);
  return set;
}

export async function createIncident(db: Kysely<Database>, ctx: RequestContext, input: CreateInput, idempotencyKey: string | null) {
  const actor = ctx.actor;
  const departmentId = input.departmentId ?? actor?.departmentId ?? null;
  incidentCollectionPolicy.authorize(actor, "create", { departmentId });
  const me = actor as Actor;
  const dept = departmentId as string;
  if (idempotencyKey) {
    const existing = await repo.findByIdempotencyKey(db, me.userId, idempotencyKey);
    if (existing) return { replayed: true, incident: await getIncident(db, ctx, existing.id, { audit: false }) };
  }
  const codes = codesFrom(input);
  checkTimes(date(input.startedAt), date(input.endedAt));
  checkRetention(me, null, input, dept);
  try {
    const id = await db.transaction().execute(async (trx) => {
      if (!(await repo.departmentExists(trx, dept))) throw invalid("department_not_found");
      const now = new Date();
      const id = randomUUID();
      const counterpartId = await counterparts.resolveForIncident(trx, me, input.counterpart, input.counterpartId, now);
      const number = await repo.nextNumber(trx, fiscalYear(input.startedAt ? new Date(input.startedAt) : now));
      await trx
        .insertInto("incidents")
        .values({
          retention_class: DEFAULT_RETENTION,
          ...columnsFrom(input),
          id,
          number,
          department_id: dept,
          created_by: me.userId,
          channel: input.channel,
          counterpart_id: counterpartId,
          idempotency_key: idempotencyKey,
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
      const withStaff = input.staff === undefined && me.roles.has("staff") ? { ...input, staff: [{ userId: me.userId, role: "responder" }] } : input;
      await writeParts(trx, id, withStaff, codes);
      await refreshSearch(trx, id);
      await repo.appendEvent(trx, id, { kind: "created", at: now, actorId: me.userId, toStatus: "draft", data: { number, channel: input.channel } });
      await audit.record(trx, ctx, {
        action: "incident.create",
        resourceType: "incident",
        resourceId: id,
        details: { number, departmentId: dept, channel: input.channel, codes: codes ?? [] },
      });
      if (input.report) await changeStatus(trx, ctx, id, "reported", null);
      return id;
    });
    return { replayed: false, incident: await getIncident(db, ctx, id, { audit: false }) };
  } catch (err) {
    // Two submits of the same form raced: the second lost on the unique key and returns the first.
    if (idempotencyKey && (err as { code?: string }).code === "23505") {
      const existing = await repo.findByIdempotencyKey(db, me.userId, idempotencyKey);
      if (existing) return { replayed: true, incident: await getIncident(db, ctx, existing.id, { audit: false }) };
    }
    throw err;
  }
}

export async function updateIncident(db: Kysely<Database>, ctx: RequestContext, id: string, input: UpdateInput) {
  await db.transaction().execute(async (trx) => {
    const { row, access } = await loadFor(trx, ctx.actor, id, "update", { lock: true });
    const actor = ctx.actor as Actor;
    if (row.version !== input.version) throw new AppError(409, "incident_version_conflict", { version: row.version });
    if (input.departmentId !== undefined && input.departmentId !== row.department_id) {
      incidentCollectionPolicy.authorize(actor, "create", { departmentId: input.departmentId });
      if (!(await repo.departmentExists(trx, input.departmentId))) throw invalid("department_not_found");
    }
    checkRetention(actor, access, input, row.department_id);
    const codes = codesFrom(input);
    const started = input.startedAt === undefined ? row.started_at : date(input.startedAt);
    const ended = input.endedAt === undefined ? row.ended_at : date(input.endedAt);
    checkTimes(started, ended);
    const now = new Date();
    const changed = Object.keys(input).filter((k) => k !== "version" && (input as unknown as Record<string, unknown>)[k] !== undefined);
    if (input.counterpart !== undefined || input.counterpartId !== undefined) {
      const cp = await counterparts.resolveForIncident(trx, actor, input.counterpart, input.counterpartId, now, row.counterpart_id);
      await trx.updateTable("incidents").set({ counterpart_id: cp }).where("id", "=", id).execute();
    }
    await trx
      .updateTable("incidents")
      .set({ ...columnsFrom(input), version: row.version + 1, updated_at: now } as never)
      .where("id", "=", id)
      .execute();
    await writeParts(trx, id, input, codes);
    await refreshSearch(trx, id);
    await repo.appendEvent(trx, id, { kind: "updated", at: now, actorId: actor.userId, data: { fields: changed } });
    await audit.record(trx, ctx, {
      action: "incident.update",
      resourceType: "incident",
      resourceId: id,
      details: { fields: changed, version: row.version + 1 },
    });
    if (row.status !== "draft") await applyReportRules(trx, ctx, id);
  });
  return getIncident(db, ctx, id, { audit: false });
}

/** One incident with its parts and timeline; every read is audited. */
export async function getIncident(db: Executor, ctx: RequestContext, id: string, opts: { audit?: boolean } = {}) {
  const { row, access } = await loadFor(db, ctx.actor, id, "read");
  if (opts.audit !== false) await audit.record(db, ctx, { action: "incident.read", resourceType: "incident", resourceId: id, details: { number: row.number } });
  return { ...(await fullView(db, row, ctx.locale === "en" ? "en" : "ja")), ...viewerRights(ctx.actor as Actor, row, access) };
}

/**
 * What the signed-in user may do with this incident now, decided by the same policy and state
 * machine the server enforces: the screens show only these buttons (the server still checks).
 */
export function viewerRights(actor: Actor, row: repo.IncidentRow, access: IncidentAccess) {
  const from = row.status as Status;
  const rel = relationOf(actor, access);
  const allowedTransitions = nextStates(from).filter((to) => canTransition(rel, from, to) && (to !== "judged" || row.judgement !== null));
  const open = row.status !== "closed";
  return {
    allowedTransitions,
    can: {
      update: incidentPolicy.can(actor, "update", access),
      judge: incidentPolicy.can(actor, "judge", access) && JUDGEABLE_STATUSES.includes(from),
      proposeJudgement: incidentPolicy.can(actor, "propose_judgement", access) && open,
      linkCounterpart: incidentPolicy.can(actor, "link_counterpart", access),
      unlinkCounterpart: incidentPolicy.can(actor, "unlink_counterpart", access) && row.counterpart_id !== null,
      mergeCounterpart: counterpartPolicy.can(actor, "merge", { visible: true }) && row.counterpart_id !== null,
      setRetention: incidentPolicy.can(actor, "set_retention", access),
    },
  };
}

export interface ListQuery extends Omit<repo.IncidentFilter, "terms"> {
  q?: string | undefined;
}

export async function listIncidents(db: Executor, ctx: RequestContext, query: ListQuery, limit: number, offset: number) {
  incidentCollectionPolicy.authorize(ctx.actor, "list", null);
  const actor = ctx.actor as Actor;
  if (query.code && !isBehaviourCode(query.code)) throw invalid("unknown_behaviour_code", { code: query.code });
  const { q, ...filter } = query;
  const { total, totalCapped, rows } = await repo.listIncidents(db, actor, { ...filter, terms: q ? queryTerms(q) : undefined }, limit, offset);
  await audit.record(db, ctx, {
    action: "incident.list",
    resourceType: "incident",
    details: {
      filter: Object.fromEntries(
        Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)]),
      ),
      ids: rows.map((r) => r.id),
    },
  });
  return { total, totalCapped, incidents: await summaries(db, rows, ctx.locale === "en" ? "en" : "ja") };
}
