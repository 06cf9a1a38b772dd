import { type Selectable, sql } from "kysely";
import type { Executor } from "../platform/context.ts";
import type { EvidenceTable } from "./tables.ts";

export type EvidenceRow = Selectable<EvidenceTable>;

export interface NewEvidence {
  id: string;
  incidentId: string;
  storageKey: string;
  originalName: string;
  mediaType: string;
  kind: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
  recordingNotice: boolean | null;
  note: string;
  /** The store's change token right after the write: the upload itself is the first verification. */
  verifiedVersion: string | null;
}

export async function insert(db: Executor, e: NewEvidence): Promise<void> {
  await db
    .insertInto("evidence")
    .values({
      id: e.id,
      incident_id: e.incidentId,
      storage_key: e.storageKey,
      original_name: e.originalName,
      media_type: e.mediaType,
      kind: e.kind,
      size_bytes: e.size,
      sha256: e.sha256,
      uploaded_by: e.uploadedBy,
      uploaded_at: e.uploadedAt,
      recording_notice: e.recordingNotice,
      note: e.note,
      verified_version: e.verifiedVersion,
      verified_at: e.verifiedVersion ? e.uploadedAt : null,
    })
    .execute();
}

export async function find(db: Executor, id: string, opts: { lock?: boolean } = {}): Promise<EvidenceRow | undefined> {
  let q = db.selectFrom("evidence").selectAll().where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as EvidenceRow | undefined;
}

export async function listForIncident(db: Executor, incidentId: string) {
  return db
    .selectFrom("evidence")
    .leftJoin("users as up", "up.id", "evidence.uploaded_by")
    .leftJoin("users as del", "del.id", "evidence.deleted_by")
    .selectAll("evidence")
    .select(["up.display_name as uploader_name", "del.display_name as deleter_name"])
    .where("evidence.incident_id", "=", incidentId)
    .orderBy("evidence.uploaded_at")
    .orderBy("evidence.id")
    .execute();
}

export async function setVerified(db: Executor, id: string, version: string, at: Date): Promise<void> {
  await db.updateTable("evidence").set({ verified_version: version, verified_at: at }).where("id", "=", id).execute();
}

export async function update(db: Executor, id: string, set: { recording_notice?: boolean; note?: string }, version: number): Promise<void> {
  await db
    .updateTable("evidence")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .execute();
}

/** Turns the row into a tombstone: hash, size and type stay; the name and note (which may name people) go. */
export async function tombstone(db: Executor, id: string, t: { at: Date; by: string | null; kind: "manual" | "retention"; reason: string }): Promise<void> {
  await db
    .updateTable("evidence")
    .set({ deleted_at: t.at, deleted_by: t.by, deletion_kind: t.kind, deletion_reason: t.reason, original_name: "", note: "", verified_version: null })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .execute();
}

export async function markFileRemoved(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable("evidence").set({ file_removed_at: at }).where("id", "=", id).execute();
}

/** Live evidence whose retention has ended: `dueBefore` gives, per class, the latest occurrence that is due. */
export async function retentionCandidates(db: Executor, dueBefore: ReadonlyArray<readonly [string, Date]>, limit: number) {
  const occurred = sql`coalesce(incidents.started_at, incidents.created_at)`;
  const due = sql.join(
    dueBefore.map(([cls, before]) => sql`(incidents.retention_class = ${cls} AND ${occurred} < ${before})`),
    sql` OR `,
  );
  return db
    .selectFrom("evidence")
    .innerJoin("incidents", "incidents.id", "evidence.incident_id")
    .select([
      "evidence.id",
      "evidence.incident_id",
      "evidence.sha256",
      "evidence.size_bytes",
      "incidents.retention_class",
      "incidents.legal_hold",
      sql<Date>`coalesce(incidents.started_at, incidents.created_at)`.as("occurred_at"),
    ])
    .where("evidence.deleted_at", "is", null)
    .where("incidents.legal_hold", "=", false)
    .where(sql<boolean>`(${due})`)
    .orderBy("evidence.uploaded_at")
    .limit(limit)
    .execute();
}

/** Tombstoned rows whose file is still in the store (deleted after the commit; retried until gone). */
export async function pendingRemoval(db: Executor, limit: number) {
  return db
    .selectFrom("evidence")
    .select(["id", "storage_key"])
    .where("deleted_at", "is not", null)
    .where("file_removed_at", "is", null)
    .limit(limit)
    .execute();
}

/** Live and deleted counts per incident, for the incident views. */
export async function countsFor(db: Executor, incidentIds: readonly string[]) {
  if (incidentIds.length === 0) return [];
  return db
    .selectFrom("evidence")
    .select([
      "incident_id",
      sql<string>`count(*) FILTER (WHERE deleted_at IS NULL)`.as("live"),
      sql<string>`count(*) FILTER (WHERE deleted_at IS NOT NULL)`.as("deleted"),
    ])
    .where("incident_id", "in", incidentIds)
    .groupBy("incident_id")
    .execute();
}
