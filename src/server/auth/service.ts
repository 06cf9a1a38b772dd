import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { checkPassword } from "../../domain/accounts/password-policy.ts";
import type { Actor } from "../../domain/accounts/roles.ts";
import * as accountsRepo from "../accounts/repo.ts";
import { type UserView, loadAccount, loadActor, userView } from "../accounts/service.ts";
import * as audit from "../audit/service.ts";
import type { RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { hashPassword, randomToken, sha256Hex, verifyPassword } from "../platform/secrets.ts";
import { tokenPolicy } from "./policy.ts";
import * as repo from "./repo.ts";

export interface AuthSettings {
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
}

/** Lockout: 5 failures for one username in 15 minutes lock it for 15 minutes; 30 from one address block that address. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  userLimit: 5,
  userLockMs: 15 * 60_000,
  ipLimit: 30,
  ipLockMs: 15 * 60_000,
};

const minutesUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
}

export async function login(db: Kysely<Database>, ctx: RequestContext, settings: AuthSettings, username: string, password: string): Promise<LoginResult> {
  const now = new Date();
  const userKey = `u:${username.trim().toLowerCase()}`;
  const ipKey = ctx.ip ? `ip:${ctx.ip}` : null;
  const auditFailure = (reason: string) =>
    audit.record(db, ctx, { action: "auth.login", resourceType: "session", outcome: "failure", details: { username: username.slice(0, 64), reason } });

  if (ipKey) {
    const until = await repo.lockedUntil(db, ipKey);
    if (until && until > now) {
      await auditFailure("ip_blocked");
      throw new AppError(429, "too_many_attempts", { minutes: minutesUntil(until, now) });
    }
  }
  const locked = await repo.lockedUntil(db, userKey);
  if (locked && locked > now) {
    await auditFailure("locked");
    throw new AppError(429, "account_locked", { minutes: minutesUntil(locked, now) });
  }

  const user = await accountsRepo.findUserByUsername(db, username.trim());
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok || !user.active) {
    const u = await repo.registerFailure(db, userKey, now, THROTTLE.windowMs, THROTTLE.userLimit, THROTTLE.userLockMs);
    if (ipKey) await repo.registerFailure(db, ipKey, now, THROTTLE.windowMs, THROTTLE.ipLimit, THROTTLE.ipLockMs);
    await auditFailure(!user ? "unknown_user" : !ok ? "wrong_password" : "inactive");
    if (u?.locked_until && u.locked_until > now) throw new AppError(429, "account_locked", { minutes: minutesUntil(u.locked_until, now) });
    // An inactive account with the right password learns it is inactive; everyone else gets the same message.
    if (user && ok && !user.active) throw new AppError(403, "account_inactive");
    throw new AppError(401, "invalid_credentials");
  }

  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const actor = await loadActor(db, user, "session");
  await db.transaction().execute(async (trx) => {
    await repo.clearThrottle(trx, userKey);
    await repo.insertSession(trx, {
      idHash: sha256Hex(sessionToken),
      userId: user.id,
      csrfToken,
      now,
      absoluteExpiresAt: new Date(now.getTime() + settings.sessionAbsoluteMs),
    });
    await audit.record(trx, { ...ctx, actor }, { action: "auth.login", resourceType: "session", resourceId: user.id });
  });
  return { sessionToken, csrfToken, actor, mustChangePassword: user.must_change_password };
}

export type SessionCheck =
  | { ok: true; actor: Actor; view: UserView; csrfToken: string; idHash: string; mustChangePassword: boolean }
  | { ok: false; reason: "none" | "expired" };

export async function authenticateSession(db: Kysely<Database>, settings: AuthSettings, sessionToken: string): Promise<SessionCheck> {
  const idHash = sha256Hex(sessionToken);
  const row = await repo.findSessionWithUser(db, idHash);
  if (!row) return { ok: false, reason: "none" };
  const now = new Date();
  if (!row.active || row.absolute_expires_at < now || row.last_seen_at.getTime() + settings.sessionIdleMs < now.getTime()) {
    await repo.deleteSession(db, idHash);
    return { ok: false, reason: "expired" };
  }
  // Refresh the idle timer at most once a minute: one write per minute per session, not per request.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) await repo.touchSession(db, idHash, now);
  const { csrf_token, last_seen_at: _seen, absolute_expires_at: _abs, ...user } = row;
  const { actor, view } = await loadAccount(db, user, "session");
  return { ok: true, actor, view, csrfToken: csrf_token, idHash, mustChangePassword: user.must_change_password };
}

/**
 * Is the session still valid for this user, without counting as activity (no idle-timer refresh)?
 * For long-lived responses that re-check their credential while they stay open.
 */
export async function sessionStillValid(db: Kysely<Database>, settings: AuthSettings, idHash: string, userId: string): Promise<boolean> {
  const row = await repo.findSessionWithUser(db, idHash);
  if (!row || row.id !== userId || !row.active) return false;
  const now = Date.now();
  return row.absolute_expires_at.getTime() >= now && row.last_seen_at.getTime() + settings.sessionIdleMs >= now;
}

export async function logout(db: Kysely<Database>, ctx: RequestContext, idHash: string) {
  await db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, idHash);
    await audit.record(trx, ctx, { action: "auth.logout", resourceType: "session", resourceId: ctx.actor?.userId ?? null });
  });
}

export async function changePassword(db: Kysely<Database>, ctx: RequestContext, currentIdHash: string | null, current: string, next: string) {
  const actor = ctx.actor;
  if (!actor) throw new AppError(401, "unauthenticated");
  const user = await accountsRepo.findUserById(db, actor.userId);
  if (!user) throw new AppError(401, "unauthenticated");
  if (!(await verifyPassword(user.password_hash, current))) {
    await audit.record(db, ctx, { action: "auth.change_password", resourceType: "user", resourceId: user.id, outcome: "failure", details: { reason: "wrong_current_password" } });
    throw invalid("wrong_current_password");
  }
  if (current === next) throw invalid("password_same_as_current");
  const problem = checkPassword(next, user.username);
  if (problem) throw invalid(problem.code, problem);
  const hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx
      .updateTable("users")
      .set({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now })
      .where("id", "=", user.id)
      .execute();
    // Other sessions end: whoever else knew the old password is signed out.
    await repo.deleteUserSessions(trx, user.id, currentIdHash ?? undefined);
    await audit.record(trx, ctx, { action: "auth.change_password", resourceType: "user", resourceId: user.id });
  });
}

export async function me(db: Kysely<Database>, actor: Actor) {
  const user = await accountsRepo.findUserById(db, actor.userId);
  if (!user) throw new AppError(401, "unauthenticated");
  const grants = (await accountsRepo.grantsOf(db, [user.id])).get(user.id) ?? [];
  return userView(user, grants);
}

export async function setOwnLocale(db: Kysely<Database>, ctx: RequestContext, locale: "ja" | "en") {
  const actor = ctx.actor;
  if (!actor) throw new AppError(401, "unauthenticated");
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ locale, updated_at: new Date() }).where("id", "=", actor.userId).execute();
    await audit.record(trx, ctx, { action: "user.set_locale", resourceType: "user", resourceId: actor.userId, details: { locale } });
  });
}

// ---- personal API tokens -------------------------------------------------------------------

const TOKEN_PREFIX = "mamoru_";

export async function createToken(db: Kysely<Database>, ctx: RequestContext, name: string, forUserId?: string) {
  const ownerId = forUserId ?? ctx.actor?.userId;
  if (!ownerId) throw new AppError(401, "unauthenticated");
  if (ctx.actor) tokenPolicy.authorize(ctx.actor, "create", { userId: ownerId });
  const secret = `${TOKEN_PREFIX}${randomToken(32)}`;
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    if (!(await accountsRepo.findUserById(trx, ownerId))) throw new AppError(404, "user_not_found");
    await repo.insertToken(trx, { id, userId: ownerId, name, tokenHash: sha256Hex(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6), now: new Date() });
    await audit.record(trx, ctx, { action: "token.create", resourceType: "api_token", resourceId: id, details: { ownerId, name } });
  });
  return { id, token: secret };
}

export async function listTokens(db: Kysely<Database>, ctx: RequestContext) {
  const actor = ctx.actor;
  if (!actor) throw new AppError(401, "unauthenticated");
  tokenPolicy.authorize(actor, "list", { userId: actor.userId });
  const rows = await repo.listTokens(db, actor.userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeToken(db: Kysely<Database>, ctx: RequestContext, id: string) {
  await db.transaction().execute(async (trx) => {
    const token = await trx.selectFrom("api_tokens").select(["id", "user_id", "revoked_at"]).where("id", "=", id).executeTakeFirst();
    // Someone else's token is "not found", never "forbidden": ids of other people's tokens are not confirmed.
    if (!token || !tokenPolicy.can(ctx.actor, "revoke", { userId: token.user_id })) throw new AppError(404, "token_not_found");
    if (!token.revoked_at) await repo.revokeToken(trx, id, new Date());
    await audit.record(trx, ctx, { action: "token.revoke", resourceType: "api_token", resourceId: id, details: { alreadyRevoked: !!token.revoked_at } });
  });
}

export async function authenticateBearer(db: Kysely<Database>, secret: string): Promise<Actor | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await repo.findTokenByHash(db, sha256Hex(secret));
  if (!token || token.revoked_at) return null;
  const user = await accountsRepo.findUserById(db, token.user_id);
  if (!user?.active) return null;
  const now = new Date();
  if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > 60_000) await repo.touchToken(db, token.id, now);
  return loadActor(db, user, "token");
}
