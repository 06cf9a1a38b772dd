import { sql } from "kysely";
import type { Executor } from "../platform/context.ts";

export type ConsultationRow = {
  id: string;
  anonymous: boolean;
  staff_user_id: string | null;
  receipt_lookup: string | null;
  receipt_hash: string | null;
  category: string;
  status: string;
  assigned_to: string | null;
  body_ciphertext: string;
  care_flags: string[];
  follow_up_on: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
};

const COLUMNS = [
  "id",
  "anonymous",
  "staff_user_id",
  "receipt_lookup",
  "receipt_hash",
  "category",
  "status",
  "assigned_to",
  "body_ciphertext",
  "care_flags",
  "created_at",
  "updated_at",
  "closed_at",
] as const;

// `date` is read as text so no time zone can shift it.
const followUp = sql<string | null>`to_char(follow_up_on, 'YYYY-MM-DD')`.as("follow_up_on");

export async function insertConsultation(db: Executor, row: Omit<ConsultationRow, "follow_up_on" | "closed_at" | "assigned_to" | "care_flags">) {
  await db.insertInto("consultations").values(row).execute();
}

export async function findConsultation(db: Executor, id: string, forUpdate = false): Promise<ConsultationRow | undefined> {
  let q = db
    .selectFrom("consultations")
    .select([...COLUMNS, followUp])
    .where("id", "=", id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findByReceiptLookup(db: Executor, lookup: string) {
  return db.selectFrom("consultations").select(["id", "receipt_hash"]).where("receipt_lookup", "=", lookup).execute();
}

export interface DeskFilter {
  status?: string | undefined;
  assignedTo?: string | undefined;
}

export async function listForDesk(db: Executor, f: DeskFilter, limit: number, offset: number) {
  let q = db
    .selectFrom("consultations as c")
    .leftJoin("users as u", "u.id", "c.staff_user_id")
    .select([
      "c.id",
      "c.anonymous",
      "c.staff_user_id",
      "u.display_name as staff_name",
      "c.category",
      "c.status",
      "c.assigned_to",
      "c.care_flags",
      sql<string | null>`to_char(c.follow_up_on, 'YYYY-MM-DD')`.as("follow_up_on"),
      "c.created_at",
      "c.updated_at",
    ]);
  if (f.status) q = q.where("c.status", "=", f.status);
  if (f.assignedTo) q = q.where("c.assigned_to", "=", f.assignedTo);
  const total = await q.clearSelect().select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const rows = await q.orderBy("c.updated_at", "desc").orderBy("c.id").limit(limit).offset(offset).execute();
  return { total: Number(total.n), rows };
}

export async function listOwn(db: Executor, userId: string) {
  return db
    .selectFrom("consultations")
    .select(["id", "category", "status", "created_at", "updated_at"])
    .where("staff_user_id", "=", userId)
    .where("anonymous", "=", false)
    .orderBy("updated_at", "desc")
    .limit(200)
    .execute();
}

export interface ConsultationPatch {
  status?: string;
  category?: string;
  assigned_to?: string | null;
  care_flags?: string[];
  follow_up_on?: string | null;
  closed_at?: Date | null;
  updated_at: Date;
}

export async function updateConsultation(db: Executor, id: string, patch: ConsultationPatch) {
  await db.updateTable("consultations").set(patch).where("id", "=", id).execute();
}

export async function insertMessage(
  db: Executor,
  m: { id: string; consultation_id: string; author_kind: "staff" | "desk"; desk_user_id: string | null; body_ciphertext: string; created_at: Date },
) {
  await db.insertInto("consultation_messages").values(m).execute();
}

export async function listMessages(db: Executor, consultationId: string) {
  return db
    .selectFrom("consultation_messages as m")
    .leftJoin("users as u", "u.id", "m.desk_user_id")
    .select(["m.id", "m.author_kind", "m.desk_user_id", "u.display_name as desk_name", "m.body_ciphertext", "m.created_at"])
    .where("m.consultation_id", "=", consultationId)
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
}

export async function insertNote(db: Executor, n: { id: string; consultation_id: string; author_id: string; body_ciphertext: string; created_at: Date }) {
  await db.insertInto("consultation_desk_notes").values(n).execute();
}

export async function listNotes(db: Executor, consultationId: string) {
  return db
    .selectFrom("consultation_desk_notes as n")
    .innerJoin("users as u", "u.id", "n.author_id")
    .select(["n.id", "n.author_id", "u.display_name as author_name", "n.body_ciphertext", "n.created_at"])
    .where("n.consultation_id", "=", consultationId)
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
}

export async function listConsents(db: Executor, consultationId: string) {
  return db.selectFrom("consultation_consents").selectAll().where("consultation_id", "=", consultationId).orderBy("given_at").execute();
}

export async function insertConsent(db: Executor, c: { id: string; consultation_id: string; incident_id: string; given_at: Date }) {
  await db.insertInto("consultation_consents").values(c).execute();
}

/** Withdraws the active consent; returns false when there is none. */
export async function withdrawConsent(db: Executor, consultationId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable("consultation_consents")
    .set({ withdrawn_at: at })
    .where("consultation_id", "=", consultationId)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function activeConsentsForIncident(db: Executor, incidentId: string) {
  return db
    .selectFrom("consultation_consents")
    .select(["consultation_id", "given_at"])
    .where("incident_id", "=", incidentId)
    .where("withdrawn_at", "is", null)
    .execute();
}

export async function isActiveDeskMember(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select("users.id")
    .where("user_roles.user_id", "=", userId)
    .where("user_roles.role", "=", "desk")
    .where("users.active", "=", true)
    .executeTakeFirst();
  return !!row;
}

export async function displayName(db: Executor, userId: string): Promise<string | null> {
  return (await db.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirst())?.display_name ?? null;
}

export async function listDeskMembers(db: Executor) {
  return db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select(["users.id", "users.display_name"])
    .where("user_roles.role", "=", "desk")
    .where("users.active", "=", true)
    .distinct()
    .orderBy("users.display_name")
    .execute();
}

export async function countBy(db: Executor, column: "category" | "status" | "anonymous") {
  const rows = await db
    .selectFrom("consultations")
    .select([sql<string>`${sql.ref(column)}::text`.as("key"), sql<string>`count(*)`.as("n")])
    .groupBy(column)
    .execute();
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

export async function countCareFlags(db: Executor) {
  const rows = await sql<{ flag: string; n: string }>`
    SELECT flag, count(*) AS n FROM consultations, unnest(care_flags) AS flag GROUP BY flag`.execute(db);
  return new Map(rows.rows.map((r) => [r.flag, Number(r.n)]));
}

/** The encrypted columns: table, id column, ciphertext column. Rotation walks all of them. */
export const ENCRYPTED = [
  { table: "consultations", column: "body_ciphertext" },
  { table: "consultation_messages", column: "body_ciphertext" },
  { table: "consultation_desk_notes", column: "body_ciphertext" },
] as const;
export type EncryptedTable = (typeof ENCRYPTED)[number]["table"];

/** The next rows (by id, after `afterId`) whose ciphertext is not under the current key. */
export async function rowsNotUnderKey(db: Executor, table: EncryptedTable, keyId: string, afterId: string | null, limit: number) {
  let q = db.selectFrom(table).select(["id", "body_ciphertext"]).where("body_ciphertext", "not like", `m1.${keyId}.%`);
  if (afterId) q = q.where("id", ">", afterId);
  return q.orderBy("id").limit(limit).execute();
}

/** Replaces a ciphertext only if it is still the one that was read (a concurrent write wins). */
export async function replaceCiphertext(db: Executor, table: EncryptedTable, id: string, from: string, to: string): Promise<boolean> {
  const r = await db.updateTable(table).set({ body_ciphertext: to }).where("id", "=", id).where("body_ciphertext", "=", from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
