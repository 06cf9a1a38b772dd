import type { Kysely } from "kysely";
import { RETENTION_CLASSES } from "../../domain/incidents/codes.ts";
import { dueIfOccurredBefore, retentionDecision } from "../../domain/evidence/retention.ts";
import * as audit from "../audit/service.ts";
import type { RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { runExclusive } from "../platform/jobs.ts";
import type { ObjectStorage } from "../platform/storage/index.ts";
import * as repo from "./repo.ts";

export const RETENTION_JOB = "evidence.retention";
const LEASE_MS = 15 * 60_000;
const BATCH = 200;

export interface RetentionResult {
  ran: boolean;
  /** Another process held the job's lease (ran is false). */
  heldBy: string | null;
  deleted: number;
  filesRemoved: number;
}

/**
 * Deletes evidence whose incident's retention period has ended, never while the incident is on
 * legal hold. Each deletion is its own transaction holding the incident's row lock (the same lock
 * an edit of the legal hold takes), re-checks the decision, leaves a tombstone and an audit row;
 * the file is removed after the commit (and retried on the next run if that fails). The job runs
 * under a database lease, so two server processes (or a server and the CLI) never run it at once.
 */
export async function runRetention(db: Kysely<Database>, storage: ObjectStorage, ctx: RequestContext, now = new Date()): Promise<RetentionResult> {
  const run = await runExclusive(db, RETENTION_JOB, LEASE_MS, async (lease) => {
    const dueBefore = RETENTION_CLASSES.map((c) => [c, dueIfOccurredBefore(c, now)] as const);
    let deleted = 0;
    const seen = new Set<string>();
    for (;;) {
      const candidates = (await repo.retentionCandidates(db, dueBefore, BATCH)).filter((c) => !seen.has(c.id));
      if (candidates.length === 0) break;
      for (const c of candidates) {
        seen.add(c.id);
        const done = await db.transaction().execute(async (trx) => {
          const inc = await trx
            .selectFrom("incidents")
            .select(["retention_class", "legal_hold", "started_at", "created_at"])
            .where("id", "=", c.incident_id)
            .forUpdate()
            .executeTakeFirst();
          const ev = await repo.find(trx, c.id, { lock: true });
          if (!inc || !ev || ev.deleted_at) return false;
          const decision = retentionDecision({
            occurredAt: inc.started_at ?? inc.created_at,
            retentionClass: inc.retention_class,
            legalHold: inc.legal_hold,
            now,
          });
          if (decision.action !== "delete") return false;
          await repo.tombstone(trx, ev.id, { at: now, by: null, kind: "retention", reason: inc.retention_class });
          await audit.record(trx, ctx, {
            action: "evidence.retention_delete",
            resourceType: "evidence",
            resourceId: ev.id,
            details: {
              incidentId: ev.incident_id,
              kind: "retention",
              retentionClass: inc.retention_class,
              retentionEnded: decision.endedAt.toISOString(),
              sha256: ev.sha256,
              size: Number(ev.size_bytes),
            },
          });
          return true;
        });
        if (done) deleted++;
      }
      if (!(await lease.renew())) break;
    }
    const filesRemoved = await removePendingFiles(db, storage);
    return { deleted, filesRemoved };
  });
  return run.ran ? { ran: true, heldBy: null, ...run.result } : { ran: false, heldBy: run.heldBy, deleted: 0, filesRemoved: 0 };
}

/** Removes the files of tombstoned evidence still in the store. */
export async function removePendingFiles(db: Kysely<Database>, storage: ObjectStorage): Promise<number> {
  let removed = 0;
  for (;;) {
    const rows = await repo.pendingRemoval(db, BATCH);
    if (rows.length === 0) return removed;
    let progress = 0;
    for (const r of rows) {
      try {
        await storage.delete(r.storage_key);
        await repo.markFileRemoved(db, r.id, new Date());
        removed++;
        progress++;
      } catch {
        /* stays pending for the next run */
      }
    }
    if (progress === 0) return removed;
  }
}
