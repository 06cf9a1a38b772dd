import { type Kysely, sql } from "kysely";
import type { Executor } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { normaliseSender } from "../../domain/triage/repeat.ts";

export const json = (v: unknown) => JSON.stringify(v);

export type MessageRow = Awaited<ReturnType<typeof findMessage>> & {};

export function findMessage(db: Executor, id: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom("triage_messages").selectAll().where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function departmentExists(db: Executor, id: string): Promise<boolean> {
  return !!(await db.selectFrom("departments").select("id").where("id", "=", id).executeTakeFirst());
}

export interface ListFilter {
  inboxes: "all" | string[];
  departmentId?: string | undefined;
  flag?: string | undefined;
}

export async function listMessages(db: Executor, f: ListFilter, limit: number, offset: number) {
  let q = db.selectFrom("triage_messages");
  if (f.inboxes !== "all") {
    if (f.inboxes.length === 0) return { total: 0, rows: [] };
    q = q.where("department_id", "in", f.inboxes);
  }
  if (f.departmentId) q = q.where("department_id", "=", f.departmentId);
  if (f.flag) q = q.where("effective_flag", "=", f.flag);
  const total = Number((await q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select([
      "id",
      "department_id",
      "source",
      "file_name",
      "subject",
      "sender",
      "received_at",
      "imported_at",
      "flag",
      "groups",
      "effective_flag",
      "effective_groups",
      "overridden",
      "thread_id",
      "thread_count",
      "incident_id",
      sql<string>`substr(text, 1, 120)`.as("excerpt"),
    ])
    .orderBy("flag_rank", "desc")
    .orderBy("imported_at", "desc")
    .orderBy("id")
    .limit(limit)
    .offset(offset)
    .execute();
  return { total, rows };
}

export function overridesOf(db: Executor, messageId: string) {
  return db
    .selectFrom("triage_overrides as o")
    .innerJoin("users as u", "u.id", "o.created_by")
    .select(["o.id", "o.flag", "o.groups", "o.previous_flag", "o.previous_groups", "o.reason", "o.created_at", "u.display_name as by_name"])
    .where("o.message_id", "=", messageId)
    .orderBy("o.created_at")
    .execute();
}

/** Overridden messages with their latest override (labelled examples), oldest first. */
export function overriddenMessages(db: Executor, limit: number) {
  return db
    .selectFrom("triage_messages as m")
    .select(["m.id", "m.text", "m.sender", "m.received_at", "m.effective_flag", "m.effective_groups", "m.flag", "m.groups", "m.lexicon_version"])
    .where("m.overridden", "=", true)
    .orderBy("m.imported_at")
    .limit(limit)
    .execute();
}

export function threadOf(db: Executor, threadId: string) {
  return db.selectFrom("triage_threads").selectAll().where("id", "=", threadId).executeTakeFirst();
}

export function threadMessages(db: Executor, threadId: string) {
  return db
    .selectFrom("triage_messages")
    .select(["id", "department_id", "received_at", "imported_at", "thread_count"])
    .where("thread_id", "=", threadId)
    .orderBy("thread_count")
    .limit(200)
    .execute();
}

/** Takes (creating it if needed) the row lock of one sender: threading of that sender is serialised across processes. */
export async function lockSender(trx: Executor, senderKey: string): Promise<number> {
  await trx
    .insertInto("triage_senders")
    .values({ sender_key: senderKey })
    .onConflict((oc) => oc.column("sender_key").doNothing())
    .execute();
  const row = await trx.selectFrom("triage_senders").select("thread_seq").where("sender_key", "=", senderKey).forUpdate().executeTakeFirstOrThrow();
  return row.thread_seq;
}

/**
 * The sender keys that are one person: the key itself and, when staff recorded a counterpart with
 * this e-mail address or phone number (on an incident), that counterpart's other identifiers —
 * and those of the records merged with it. A resident who writes from an e-mail address and calls
 * from a phone is one sender only through such a record; the engine never guesses it from names.
 */
export async function linkedSenderKeys(trx: Executor, senderKey: string): Promise<string[]> {
  const colon = senderKey.indexOf(":");
  const kind = senderKey.slice(0, colon);
  const value = senderKey.slice(colon + 1);
  if (kind !== "mail" && kind !== "tel") return [senderKey];
  const matched = await trx
    .selectFrom("counterparts")
    .select(["id", "merged_into"])
    .where(kind === "mail" ? "email_normalised" : "phone_normalised", "=", value)
    .limit(20)
    .execute();
  if (matched.length === 0) return [senderKey];
  const roots = [...new Set(matched.map((m) => m.merged_into ?? m.id))];
  const people = await trx
    .selectFrom("counterparts")
    .select(["phone", "email"])
    .where((eb) => eb.or([eb("id", "in", roots), eb("merged_into", "in", roots)]))
    .limit(50)
    .execute();
  const keys = new Set([senderKey]);
  for (const p of people) {
    for (const raw of [p.email, p.phone]) {
      const key = normaliseSender(raw);
      if (key && (key.startsWith("mail:") || key.startsWith("tel:"))) keys.add(key);
    }
  }
  return [...keys].sort();
}

/** The senders' recent threaded messages with their sketches, newest first. */
export function senderSketches(trx: Executor, senderKeys: string[], limit = 300) {
  return trx
    .selectFrom("triage_messages as m")
    .innerJoin("triage_threads as t", "t.id", "m.thread_id")
    .select(["m.id", "m.thread_id", "m.sketch", "m.sketch_sampled", "t.last_at", "t.first_at", "t.count", "t.sender_key"])
    .where("m.sender_key", "in", senderKeys)
    .where("m.sketch", "is not", null)
    .orderBy("m.imported_at", "desc")
    .limit(limit)
    .execute();
}

export async function newThread(trx: Executor, senderKey: string, seq: number, id: string, at: Date) {
  await trx.updateTable("triage_senders").set({ thread_seq: seq }).where("sender_key", "=", senderKey).execute();
  await trx.insertInto("triage_threads").values({ id, sender_key: senderKey, seq, count: 1, first_at: at, last_at: at }).execute();
}

/**
 * Folds threads into one (the same person's same demand, begun under two identifiers before a
 * counterpart record linked them): their messages move, the counts add up, the dates widen.
 */
export async function foldThreads(trx: Executor, intoId: string, fromIds: string[]) {
  if (fromIds.length === 0) return;
  const from = await trx.selectFrom("triage_threads").select(["id", "count", "first_at", "last_at"]).where("id", "in", fromIds).execute();
  await trx.updateTable("triage_messages").set({ thread_id: intoId }).where("thread_id", "in", fromIds).execute();
  for (const t of from) {
    await trx
      .updateTable("triage_threads")
      .set((eb) => ({
        count: eb("count", "+", t.count),
        first_at: sql<Date>`least(first_at, ${t.first_at})`,
        last_at: sql<Date>`greatest(last_at, ${t.last_at})`,
      }))
      .where("id", "=", intoId)
      .execute();
  }
  await trx.deleteFrom("triage_threads").where("id", "in", fromIds).execute();
}

export async function bumpThread(trx: Executor, id: string, at: Date) {
  return trx
    .updateTable("triage_threads")
    .set((eb) => ({
      count: eb("count", "+", 1),
      first_at: sql<Date>`least(first_at, ${at})`,
      last_at: sql<Date>`greatest(last_at, ${at})`,
    }))
    .where("id", "=", id)
    .returning(["count", "first_at", "last_at"])
    .executeTakeFirstOrThrow();
}

export async function recentTexts(db: Executor, inboxes: "all" | string[], limit: number) {
  let q = db.selectFrom("triage_messages").select(["id", "text"]);
  if (inboxes !== "all") {
    if (inboxes.length === 0) return [];
    q = q.where("department_id", "in", inboxes);
  }
  return q.orderBy("imported_at", "desc").limit(limit).execute();
}

export function latestLexicon(db: Executor) {
  return db.selectFrom("triage_lexicon_versions").selectAll().orderBy("created_at", "desc").orderBy("version", "desc").limit(1).executeTakeFirst();
}

export function lexiconHistory(db: Executor) {
  return db
    .selectFrom("triage_lexicon_versions as l")
    .innerJoin("users as u", "u.id", "l.created_by")
    .select(["l.version", "l.note", "l.created_at", "u.display_name as created_by_name"])
    .orderBy("l.created_at", "desc")
    .limit(50)
    .execute();
}

export async function lexiconCount(db: Executor): Promise<number> {
  return Number(
    (
      await db
        .selectFrom("triage_lexicon_versions")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export async function insertLexicon(
  db: Executor,
  v: { id: string; version: string; baseVersion: string; change: unknown; note: string; createdBy: string; audit: (trx: Executor) => Promise<void> },
) {
  const run = async (trx: Executor) => {
    await trx
      .insertInto("triage_lexicon_versions")
      .values({
        id: v.id,
        version: v.version,
        base_version: v.baseVersion,
        change: json(v.change),
        note: v.note,
        created_by: v.createdBy,
        created_at: new Date(),
      })
      .execute();
    await v.audit(trx);
  };
  if ("transaction" in db && typeof (db as Kysely<Database>).transaction === "function" && !(db as { isTransaction?: boolean }).isTransaction) {
    await (db as Kysely<Database>).transaction().execute(run);
  } else await run(db);
}
