import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { Config } from "../platform/config.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { AppError } from "../platform/http/errors.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, OkSchema, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import { SESSION_COOKIE, cookieIsSecure } from "../platform/http/session-middleware.ts";
import { UserSchema } from "../accounts/routes.ts";
import * as service from "./service.ts";

const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const MeSchema = z
  .object({
    user: UserSchema,
    csrfToken: z.string().nullable().openapi({ description: "Send as X-CSRF-Token on every state-changing request made with the session cookie" }),
    mustChangePassword: z.boolean(),
    via: z.enum(["session", "token"]),
  })
  .openapi("Me");

const TokenSchema = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })
  .openapi("ApiToken");

export function authRoutes(db: Kysely<Database>, config: Config) {
  const r = createRouter();
  const settings = { sessionIdleMs: config.sessionIdleMs, sessionAbsoluteMs: config.sessionAbsoluteMs };

  r.openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags: ["auth"],
      summary: "Sign in with username and password; sets the session cookie",
      request: jsonBody(LoginBody),
      responses: { 200: jsonOk(MeSchema), ...errorResponses, 429: errorResponses[400] },
    }),
    async (c) => {
      const { username, password } = c.req.valid("json");
      const result = await service.login(db, requestContext(c), settings, username, password);
      setCookie(c, SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: "Lax",
        secure: cookieIsSecure(c, config),
        path: "/",
        maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
      });
      const user = await service.me(db, result.actor);
      return c.json({ user, csrfToken: result.csrfToken, mustChangePassword: result.mustChangePassword, via: "session" as const }, 200);
    },
  );

  r.openapi(
    createRoute({ method: "post", path: "/auth/logout", tags: ["auth"], summary: "End the current session", responses: { 200: jsonOk(OkSchema), ...errorResponses } }),
    async (c) => {
      const idHash = c.get("sessionIdHash");
      if (idHash) await service.logout(db, requestContext(c), idHash);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.json({ ok: true as const }, 200);
    },
  );

  r.openapi(
    createRoute({ method: "get", path: "/me", tags: ["auth"], summary: "The signed-in user, roles, and the CSRF token", responses: { 200: jsonOk(MeSchema), ...errorResponses } }),
    async (c) => {
      const actor = c.get("actor");
      if (!actor) throw new AppError(401, c.get("sessionExpired") ? "session_expired" : "unauthenticated");
      const user = c.get("account") ?? (await service.me(db, actor));
      return c.json({ user, csrfToken: c.get("csrfToken"), mustChangePassword: c.get("mustChangePassword"), via: actor.via }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags: ["auth"],
      summary: "Change the signed-in user's own preferences (language)",
      request: jsonBody(z.strictObject({ locale: z.enum(["ja", "en"]) })),
      responses: { 200: jsonOk(OkSchema), ...errorResponses },
    }),
    async (c) => {
      await service.setOwnLocale(db, requestContext(c), c.req.valid("json").locale);
      return c.json({ ok: true as const }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/auth/password",
      tags: ["auth"],
      summary: "Change your own password (other sessions are signed out)",
      request: jsonBody(z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) })),
      responses: { 200: jsonOk(OkSchema), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      await service.changePassword(db, requestContext(c), c.get("sessionIdHash"), body.currentPassword, body.newPassword);
      return c.json({ ok: true as const }, 200);
    },
  );

  r.openapi(
    createRoute({ method: "get", path: "/tokens", tags: ["auth"], summary: "Your personal API tokens (never the secret)", responses: { 200: jsonOk(z.object({ tokens: z.array(TokenSchema) })), ...errorResponses } }),
    async (c) => c.json({ tokens: await service.listTokens(db, requestContext(c)) }, 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/tokens",
      tags: ["auth"],
      summary: "Create a personal API token; the secret is returned once",
      request: jsonBody(z.strictObject({ name: z.string().trim().min(1).max(100) })),
      responses: { 201: jsonOk(z.object({ id: z.string(), token: z.string() }), "Created: store the token now, it is not shown again"), ...errorResponses },
    }),
    async (c) => c.json(await service.createToken(db, requestContext(c), c.req.valid("json").name), 201),
  );

  r.openapi(
    createRoute({ method: "delete", path: "/tokens/{id}", tags: ["auth"], summary: "Revoke a personal API token", request: { params: IdParam }, responses: { 200: jsonOk(OkSchema), ...errorResponses } }),
    async (c) => {
      await service.revokeToken(db, requestContext(c), c.req.valid("param").id);
      return c.json({ ok: true as const }, 200);
    },
  );

  return r;
}
