import { sql } from "kysely";
import type { Executor } from "../platform/context.ts";

export async function insertSession(
  db: Executor,
  s: { idHash: string; userId: string; csrfToken: string; now: Date; absoluteExpiresAt: Date },
) {
  await db
    .insertInto("sessions")
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.now,
      last_seen_at: s.now,
      absolute_expires_at: s.absoluteExpiresAt,
    })
    .execute();
}

/** The session and its user in one round trip (this runs on every authenticated request). */
export async function findSessionWithUser(db: Executor, idHash: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.csrf_token", "sessions.last_seen_at", "sessions.absolute_expires_at"])
    .where("sessions.id_hash", "=", idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, idHash: string, now: Date) {
  await db.updateTable("sessions").set({ last_seen_at: now }).where("id_hash", "=", idHash).execute();
}

export async function deleteSession(db: Executor, idHash: string) {
  await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

export async function deleteUserSessions(db: Executor, userId: string, exceptIdHash?: string) {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptIdHash) q = q.where("id_hash", "<>", exceptIdHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Executor, now: Date, idleMs: number) {
  const idleCutoff = new Date(now.getTime() - idleMs);
  const res = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("absolute_expires_at", "<", now), eb("last_seen_at", "<", idleCutoff)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Counts a failed attempt for `key` in a sliding window and locks the key once `limit` is reached.
 * One statement, so concurrent failures in several processes are all counted.
 */
export async function registerFailure(db: Executor, key: string, now: Date, windowMs: number, limit: number, lockMs: number) {
  const windowStart = new Date(now.getTime() - windowMs);
  const lockUntil = new Date(now.getTime() + lockMs);
  const row = await sql<{ failures: number; locked_until: Date | null }>`
    INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
    VALUES (${key}, 1, ${now}, CASE WHEN 1 >= ${limit}::int THEN ${lockUntil}::timestamptz ELSE NULL END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_started_at < ${windowStart}::timestamptz THEN 1 ELSE t.failures + 1 END,
      window_started_at = CASE WHEN t.window_started_at < ${windowStart}::timestamptz THEN ${now}::timestamptz ELSE t.window_started_at END,
      locked_until = CASE
        WHEN (CASE WHEN t.window_started_at < ${windowStart}::timestamptz THEN 1 ELSE t.failures + 1 END) >= ${limit}::int
        THEN ${lockUntil}::timestamptz
        ELSE t.locked_until END
    RETURNING failures, locked_until`.execute(db);
  return row.rows[0];
}

export async function lockedUntil(db: Executor, key: string): Promise<Date | null> {
  const row = await db.selectFrom("login_throttle").select("locked_until").where("key", "=", key).executeTakeFirst();
  return row?.locked_until ?? null;
}

export async function clearThrottle(db: Executor, key: string) {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}

export async function insertToken(db: Executor, t: { id: string; userId: string; name: string; tokenHash: string; prefix: string; now: Date }) {
  await db
    .insertInto("api_tokens")
    .values({ id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, prefix: t.prefix, created_at: t.now })
    .execute();
}

export async function findTokenByHash(db: Executor, tokenHash: string) {
  return db.selectFrom("api_tokens").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

export async function listTokens(db: Executor, userId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeToken(db: Executor, id: string, now: Date) {
  const res = await db.updateTable("api_tokens").set({ revoked_at: now }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function revokeUserTokens(db: Executor, userId: string, now: Date) {
  await db.updateTable("api_tokens").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
}

export async function touchToken(db: Executor, id: string, now: Date) {
  await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}
