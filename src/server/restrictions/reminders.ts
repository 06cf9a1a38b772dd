import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { japanDate } from "../../domain/analytics/wareki.ts";
import { RESTRICTION_LABELS, type RestrictionKind, addDays, reviewReminderDue } from "../../domain/documents/restrictions.ts";
import { findUserById } from "../accounts/repo.ts";
import { loadActor } from "../accounts/service.ts";
import * as audit from "../audit/service.ts";
import * as counterpartRepo from "../counterparts/repo.ts";
import { activeUsersWithRole, notify, supervisorsOf } from "../incidents/reporting-repo.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { runExclusive } from "../platform/jobs.ts";

export const REVIEW_REMINDER_JOB = "restrictions.review_reminders";
export const REVIEW_REMINDER_KIND = "restriction_review";
const LEASE_MS = 10 * 60_000;
const BATCH = 200;

export interface ReviewReminderResult {
  ran: boolean;
  /** Another process held the job's lease (ran is false). */
  heldBy: string | null;
  /** Restrictions reminded in this run. */
  reminded: number;
  notifications: number;
}

const dayOf = (at: Date) => {
  const d = japanDate(at);
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
};

/**
 * Who is reminded: the approver, central, and the supervisors of the restriction's departments
 * (those of its linked incidents, or of the counterpart's incidents when none is linked) — each
 * only while they can still see the counterpart, so nobody learns of a person outside their view.
 */
async function recipients(db: Executor, r: { counterpart_id: string; incident_ids: string[]; approved_by: string }): Promise<string[]> {
  const linked = r.incident_ids.length > 0;
  const depts = await db
    .selectFrom("incidents")
    .select("department_id")
    .distinct()
    .where(linked ? sql<boolean>`id = ANY(${r.incident_ids}::uuid[])` : sql<boolean>`counterpart_id = ${r.counterpart_id}`)
    .execute();
  const candidates = new Set<string>([r.approved_by, ...(await activeUsersWithRole(db, "central"))]);
  for (const d of depts) for (const id of await supervisorsOf(db, d.department_id)) candidates.add(id);
  const out: string[] = [];
  for (const id of candidates) {
    const user = await findUserById(db, id);
    if (!user?.active) continue;
    const actor = await loadActor(db, user, "session");
    const sees = actor.roles.has("central") || ((actor.roles.has("supervisor") || actor.roles.has("staff")) && (await counterpartRepo.isVisible(db, actor, r.counterpart_id)));
    if (sees && (actor.roles.has("supervisor") || actor.roles.has("central"))) out.push(id);
  }
  return out.sort();
}

/**
 * Creates an in-app notification `days` days before each restriction's review date (at once when
 * that day has already passed), exactly once per restriction and review date: the key row in
 * restriction_review_reminders is inserted (ON CONFLICT DO NOTHING) in the same transaction as the
 * notifications, so reruns and concurrent processes never repeat one; a changed review date is a
 * new key. Ended restrictions, and those ending before their review, are not reminded. Runs under
 * a database lease like the other scheduled jobs.
 */
export async function runReviewReminders(db: Kysely<Database>, ctx: RequestContext, opts: { days: number; now?: Date }): Promise<ReviewReminderResult> {
  const now = opts.now ?? new Date();
  const today = dayOf(now);
  const horizon = addDays(today, opts.days);
  const run = await runExclusive(db, REVIEW_REMINDER_JOB, LEASE_MS, async (lease) => {
    let reminded = 0;
    let notifications = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const due = await db
        .selectFrom("restrictions as r")
        .select("r.id")
        .where("r.review_on", "<=", horizon)
        .where((eb) => eb.or([eb("r.ends_on", "is", null), eb.and([eb("r.ends_on", ">=", today), eb("r.ends_on", ">=", eb.ref("r.review_on"))])]))
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom("restriction_review_reminders as m").select("m.restriction_id").whereRef("m.restriction_id", "=", "r.id").whereRef("m.review_on", "=", "r.review_on"))),
        )
        .where("r.id", ">", after)
        .orderBy("r.id")
        .limit(BATCH)
        .execute();
      if (due.length === 0) break;
      for (const { id } of due) {
        after = id;
        const sent = await db.transaction().execute(async (trx) => {
          const r = await trx
            .selectFrom("restrictions")
            .select(["id", "kind", "counterpart_id", "incident_ids", "approved_by", sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as("starts_on"), sql<string>`to_char(review_on, 'YYYY-MM-DD')`.as("review_on"), sql<string | null>`to_char(ends_on, 'YYYY-MM-DD')`.as("ends_on")])
            .where("id", "=", id)
            .forUpdate()
            .executeTakeFirst();
          if (!r || !reviewReminderDue({ startsOn: r.starts_on, reviewOn: r.review_on, endsOn: r.ends_on }, today, opts.days)) return null;
          const userIds = await recipients(trx, r);
          const key = await trx
            .insertInto("restriction_review_reminders")
            .values({ restriction_id: id, review_on: r.review_on, reminded_at: now, recipients: userIds.length })
            .onConflict((oc) => oc.columns(["restriction_id", "review_on"]).doNothing())
            .returning("restriction_id")
            .executeTakeFirst();
          if (!key) return null; // reminded already (by another process)
          const overdue = r.review_on < today;
          const label = RESTRICTION_LABELS[r.kind as RestrictionKind];
          await notify(trx, {
            ids: userIds.map(() => randomUUID()),
            userIds,
            kind: REVIEW_REMINDER_KIND,
            incidentId: null,
            data: { restrictionId: id, reviewOn: r.review_on, overdue, label },
            at: now,
          });
          await audit.record(trx, ctx, { action: "restriction.review_reminder", resourceType: "restriction", resourceId: id, details: { reviewOn: r.review_on, overdue, recipients: userIds.length } });
          return userIds.length;
        });
        if (sent !== null) {
          reminded++;
          notifications += sent;
        }
      }
      if (!(await lease.renew())) break;
    }
    return { reminded, notifications };
  });
  return run.ran ? { ran: true, heldBy: null, ...run.result } : { ran: false, heldBy: run.heldBy, reminded: 0, notifications: 0 };
}
