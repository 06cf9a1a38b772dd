import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { japanDate } from "../../domain/analytics/wareki.ts";
import { RESTRICTION_LABELS, RIGHTS_NOTE, type RestrictionKind, inForce, restrictionProblem, reviewDue, reviewOverdue } from "../../domain/documents/restrictions.ts";
import * as audit from "../audit/service.ts";
import * as counterpartRepo from "../counterparts/repo.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { restrictionPolicy, restrictionRegisterPolicy } from "./policy.ts";

export interface RestrictionInput {
  kind: RestrictionKind;
  scope: string;
  reason: string;
  incidentIds?: string[] | undefined;
  timeLimitMinutes?: number | null | undefined;
  startsOn: string;
  reviewOn: string;
  endsOn?: string | null | undefined;
}

const today = () => {
  const d = japanDate(new Date());
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
};

async function visibleCounterpart(db: Executor, ctx: RequestContext, counterpartId: string, action: "create" | "read") {
  if (!ctx.actor) throw new AppError(401, "unauthenticated");
  const actor = ctx.actor;
  const c = await counterpartRepo.findCounterpart(db, counterpartId);
  const visible = !!c && (actor.roles.has("central") || (await counterpartRepo.isVisible(db, actor, counterpartId)));
  restrictionPolicy.authorize(actor, "read", { visible }, { resourceId: counterpartId, hide: true });
  if (action === "create") restrictionPolicy.authorize(actor, "create", { visible }, { resourceId: counterpartId });
  return actor;
}

type Row = {
  id: string;
  counterpart_id: string;
  kind: string;
  scope: string;
  reason: string;
  incident_ids: string[];
  time_limit_minutes: number | null;
  starts_on: string;
  review_on: string;
  ends_on: string | null;
  created_at: Date;
  approver: string | null;
};

const view = (r: Row) => {
  const dates = { startsOn: r.starts_on, reviewOn: r.review_on, endsOn: r.ends_on };
  return {
    id: r.id,
    counterpartId: r.counterpart_id,
    kind: r.kind,
    label: RESTRICTION_LABELS[r.kind as RestrictionKind],
    scope: r.scope,
    reason: r.reason,
    incidentIds: r.incident_ids,
    timeLimitMinutes: r.time_limit_minutes,
    startsOn: r.starts_on,
    reviewOn: r.review_on,
    endsOn: r.ends_on,
    approvedBy: r.approver,
    inForce: inForce(dates, today()),
    reviewDue: reviewDue(dates, today()),
    reviewOverdue: reviewOverdue(dates, today()),
    rightsNote: RIGHTS_NOTE,
  };
};

function select(db: Executor) {
  return db
    .selectFrom("restrictions as r")
    .leftJoin("users as u", "u.id", "r.approved_by")
    .select([
      "r.id",
      "r.counterpart_id",
      "r.kind",
      "r.scope",
      "r.reason",
      "r.incident_ids",
      "r.time_limit_minutes",
      sql<string>`to_char(r.starts_on, 'YYYY-MM-DD')`.as("starts_on"),
      sql<string>`to_char(r.review_on, 'YYYY-MM-DD')`.as("review_on"),
      sql<string | null>`to_char(r.ends_on, 'YYYY-MM-DD')`.as("ends_on"),
      "r.created_at",
      "u.display_name as approver",
    ]);
}

export async function create(db: Kysely<Database>, ctx: RequestContext, counterpartId: string, input: RestrictionInput) {
  const problem = restrictionProblem(input.kind, input, input.timeLimitMinutes);
  if (problem) throw invalid(problem);
  return db.transaction().execute(async (trx) => {
    const actor = await visibleCounterpart(trx, ctx, counterpartId, "create");
    const incidentIds = [...new Set(input.incidentIds ?? [])];
    if (incidentIds.length > 0) {
      const own = await trx.selectFrom("incidents").select("id").where("id", "in", incidentIds).where("counterpart_id", "=", counterpartId).execute();
      const missing = incidentIds.find((id) => !own.some((o) => o.id === id));
      if (missing) throw invalid("restriction_incident_unrelated", { incidentId: missing });
    }
    const id = randomUUID();
    await trx
      .insertInto("restrictions")
      .values({
        id,
        counterpart_id: counterpartId,
        kind: input.kind,
        scope: input.scope,
        reason: input.reason,
        incident_ids: incidentIds,
        time_limit_minutes: input.timeLimitMinutes ?? null,
        approved_by: actor.userId,
        starts_on: input.startsOn,
        review_on: input.reviewOn,
        ends_on: input.endsOn ?? null,
        created_by: actor.userId,
        created_at: new Date(),
      })
      .execute();
    await audit.record(trx, ctx, { action: "restriction.create", resourceType: "restriction", resourceId: id, details: { counterpartId, kind: input.kind, startsOn: input.startsOn, reviewOn: input.reviewOn, incidentIds } });
    return view((await select(trx).where("r.id", "=", id).executeTakeFirstOrThrow()) as Row);
  });
}

/**
 * The review: a new review date and/or an end date (supervisors and central who see the
 * counterpart). A new review date makes a new reminder due (see reminders.ts).
 */
export async function changeDates(db: Kysely<Database>, ctx: RequestContext, id: string, input: { reviewOn?: string | undefined; endsOn?: string | null | undefined }) {
  if (!ctx.actor) throw new AppError(401, "unauthenticated");
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom("restrictions").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
    const row = locked ? ((await select(trx).where("r.id", "=", id).executeTakeFirst()) as Row | undefined) : undefined;
    if (!row) throw new AppError(404, "not_found");
    await visibleCounterpart(trx, ctx, row.counterpart_id, "create");
    const next = { startsOn: row.starts_on, reviewOn: input.reviewOn ?? row.review_on, endsOn: input.endsOn === undefined ? row.ends_on : input.endsOn };
    const problem = restrictionProblem(row.kind as RestrictionKind, next, row.time_limit_minutes);
    if (problem) throw invalid(problem);
    await trx.updateTable("restrictions").set({ review_on: next.reviewOn, ends_on: next.endsOn }).where("id", "=", id).execute();
    await audit.record(trx, ctx, {
      action: "restriction.update",
      resourceType: "restriction",
      resourceId: id,
      details: { counterpartId: row.counterpart_id, reviewOn: { from: row.review_on, to: next.reviewOn }, endsOn: { from: row.ends_on, to: next.endsOn } },
    });
    return view((await select(trx).where("r.id", "=", id).executeTakeFirstOrThrow()) as Row);
  });
}

/** The restrictions of one counterpart (newest first): what staff see when they open a contact. */
export async function forCounterpart(db: Executor, ctx: RequestContext, counterpartId: string) {
  await visibleCounterpart(db, ctx, counterpartId, "read");
  const rows = (await select(db).where("r.counterpart_id", "=", counterpartId).orderBy("r.starts_on", "desc").execute()) as Row[];
  await audit.record(db, ctx, { action: "restriction.read", resourceType: "counterpart", resourceId: counterpartId, details: { count: rows.length } });
  return { restrictions: rows.map(view), rightsNote: RIGHTS_NOTE };
}

/** The register: every restriction not yet ended, those due for review first. */
export async function register(db: Executor, ctx: RequestContext) {
  restrictionRegisterPolicy.authorize(ctx.actor, "list", null);
  const rows = (await select(db)
    .where((eb) => eb.or([eb("r.ends_on", "is", null), eb("r.ends_on", ">=", today())]))
    .orderBy("r.review_on")
    .limit(500)
    .execute()) as Row[];
  await audit.record(db, ctx, { action: "restriction.list", resourceType: "restriction", details: { count: rows.length } });
  return { restrictions: rows.map(view) };
}
