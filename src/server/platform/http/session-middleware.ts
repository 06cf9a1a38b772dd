import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import { authenticateBearer, authenticateSession, sessionStillValid } from "../../auth/service.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";

export const SESSION_COOKIE = "mamoru_session";
export const CSRF_HEADER = "x-csrf-token";

/** API routes reachable without signing in. Everything else under /api needs a session or a token. */
/**
 * Public routes that never read a session or token either: an anonymous consultation must not be
 * linkable to whoever happens to be signed in on the device (no actor in logs or the audit trail).
 */
const NO_SESSION_API = new Set(["GET /api/consultation-info", "POST /api/consultations/anonymous", "POST /api/consultations/receipt/read", "POST /api/consultations/receipt/messages", "POST /api/consultations/receipt/attachments", "POST /api/consultations/receipt/attachments/download"]);
const PUBLIC_API = new Set(["POST /api/auth/login", "POST /api/auth/logout", "GET /api/openapi.json", ...NO_SESSION_API]);
/** While a password change is required, only these work. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(["GET /api/me", "POST /api/auth/password", "POST /api/auth/logout", "PATCH /api/me"]);

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function cookieIsSecure(c: Context<AppEnv>, config: Config): boolean {
  if (config.cookieSecure === "always") return true;
  if (config.cookieSecure === "never") return false;
  if (new URL(c.req.url).protocol === "https:") return true;
  return config.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The request's origin must be this server: a browser always sends Origin on cross-site POSTs. */
function originMatches(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (!origin) return true; // non-browser clients; browsers are covered by the CSRF token and SameSite
  try {
    const host = c.req.header("x-forwarded-host") ?? c.req.header("host");
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function sessionMiddleware(db: Kysely<Database>, config: Config): MiddlewareHandler<AppEnv> {
  const settings = { sessionIdleMs: config.sessionIdleMs, sessionAbsoluteMs: config.sessionAbsoluteMs };
  return async (c, next) => {
    c.set("actor", null);
    c.set("account", null);
    c.set("sessionIdHash", null);
    c.set("csrfToken", null);
    c.set("mustChangePassword", false);
    c.set("sessionExpired", false);
    c.set("stillSignedIn", async () => false);
    const method = c.req.method;
    const key = `${method} ${c.req.path}`;

    if (UNSAFE.has(method) && !originMatches(c)) throw new AppError(403, "csrf_failed");
    if (NO_SESSION_API.has(key)) return next();

    const authz = c.req.header("authorization");
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const actor = m?.[1] ? await authenticateBearer(db, m[1]) : null;
      if (!actor) throw new AppError(401, "token_invalid");
      c.set("actor", actor);
      const secret = m?.[1] as string;
      c.set("stillSignedIn", async () => (await authenticateBearer(db, secret))?.userId === actor.userId);
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        const s = await authenticateSession(db, settings, token);
        if (s.ok) {
          c.set("actor", s.actor);
          c.set("account", s.view);
          c.set("sessionIdHash", s.idHash);
          c.set("csrfToken", s.csrfToken);
          c.set("mustChangePassword", s.mustChangePassword);
          const userId = s.actor.userId;
          const idHash = s.idHash;
          c.set("stillSignedIn", () => sessionStillValid(db, settings, idHash, userId));
          if (UNSAFE.has(method)) {
            const sent = c.req.header(CSRF_HEADER);
            if (!sent || !safeEqual(sent, s.csrfToken)) throw new AppError(403, "csrf_failed");
          }
        } else if (s.reason === "expired") {
          c.set("sessionExpired", true);
        }
      }
    }

    const actor = c.get("actor");
    if (actor) c.set("locale", actor.locale);
    if (!PUBLIC_API.has(key) && !actor) {
      throw new AppError(401, c.get("sessionExpired") ? "session_expired" : "unauthenticated");
    }
    if (c.get("mustChangePassword") && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(key)) {
      throw new AppError(403, "password_change_required");
    }
    await next();
  };
}
