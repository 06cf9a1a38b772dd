import { type Kysely, sql } from "kysely";
import { GENESIS_HASH, type StoredAuditRow, hashAuditRow } from "../../domain/audit/chain.ts";
import type { Executor } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";

/** A fixed key for pg_advisory_xact_lock: appends to the chain are serialised across every process. */
const AUDIT_LOCK_KEY = 727_274_001;

export interface NewAuditRow {
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  requestId: string | null;
  outcome: "success" | "denied" | "failure";
  details: Record<string, unknown>;
}

/** Appends inside the caller's transaction (so the change and its audit row commit together). */
export async function appendRow(trx: Executor, row: NewAuditRow): Promise<string> {
  if (!trx.isTransaction) {
    return (trx as Kysely<Database>).transaction().execute((t) => appendRow(t, row));
  }
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const head = await trx.selectFrom("audit_head").select(["seq", "hash"]).where("id", "=", 1).executeTakeFirst();
  const seq = String((head ? BigInt(head.seq) : 0n) + 1n);
  const prevHash = head?.hash ?? GENESIS_HASH;
  const content = {
    seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorUsername: row.actorUsername,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    ip: row.ip,
    requestId: row.requestId,
    outcome: row.outcome,
    details: row.details,
  };
  const hash = hashAuditRow(content, prevHash);
  await trx
    .insertInto("audit_log")
    .values({
      seq,
      at: row.at,
      actor_id: row.actorId,
      actor_username: row.actorUsername,
      action: row.action,
      resource_type: row.resourceType,
      resource_id: row.resourceId,
      ip: row.ip,
      request_id: row.requestId,
      outcome: row.outcome,
      details: JSON.stringify(row.details),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  await trx
    .insertInto("audit_head")
    .values({ id: 1, seq, hash })
    .onConflict((oc) => oc.column("id").doUpdateSet({ seq, hash }))
    .execute();
  return seq;
}

export type AuditDbRow = {
  seq: string;
  at: Date;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  ip: string | null;
  request_id: string | null;
  outcome: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

export function toStored(r: AuditDbRow): StoredAuditRow {
  return {
    seq: String(r.seq),
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    ip: r.ip,
    requestId: r.request_id,
    outcome: r.outcome as StoredAuditRow["outcome"],
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Rows in chain order, in batches, for verification and export. */
export async function* rowsInOrder(db: Executor, batch = 5000): AsyncGenerator<AuditDbRow> {
  let after = "0";
  for (;;) {
    const rows = (await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(batch)
      .execute()) as AuditDbRow[];
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    after = String(rows[rows.length - 1]?.seq);
  }
}

export async function head(db: Executor) {
  return db.selectFrom("audit_head").select(["seq", "hash"]).where("id", "=", 1).executeTakeFirst();
}

export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  outcome?: "success" | "denied" | "failure" | undefined;
  beforeSeq?: string | undefined;
}

export function filtered(db: Executor, f: AuditFilter) {
  let q = db.selectFrom("audit_log").selectAll();
  if (f.from) q = q.where("at", ">=", f.from);
  if (f.to) q = q.where("at", "<", f.to);
  if (f.actor) q = q.where(sql<string>`lower(actor_username)`, "=", f.actor.toLowerCase());
  if (f.action) q = q.where("action", "like", `${f.action.replace(/[%_\\]/g, "\\$&")}%`);
  if (f.resourceType) q = q.where("resource_type", "=", f.resourceType);
  if (f.resourceId) q = q.where("resource_id", "=", f.resourceId);
  if (f.outcome) q = q.where("outcome", "=", f.outcome);
  if (f.beforeSeq) q = q.where("seq", "<", f.beforeSeq);
  return q.orderBy("seq", "desc");
}
