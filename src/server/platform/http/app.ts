import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { type Kysely, sql } from "kysely";
import { errorMessage, pickLocale } from "../../../i18n/server.ts";
import { accountRoutes } from "../../accounts/routes.ts";
import { analyticsRoutes } from "../../analytics/routes.ts";
import { letterRoutes } from "../../letters/routes.ts";
import { restrictionRoutes } from "../../restrictions/routes.ts";
import { casePackageRoutes } from "../../case-packages/routes.ts";
import { evidenceFromStorage } from "../../case-packages/evidence-source.ts";
import { evidenceStorage } from "../storage/index.ts";
import * as audit from "../../audit/service.ts";
import { auditRoutes } from "../../audit/routes.ts";
import { consultationRoutes, isAttachmentUpload } from "../../consultations/routes.ts";
import { authRoutes } from "../../auth/routes.ts";
import { incidentRoutes } from "../../incidents/routes.ts";
import { evidenceRoutes, isEvidenceUpload } from "../../evidence/routes.ts";
import { isRecordingChunk } from "../../live-assist/recordings.ts";
import { liveAssistRoutes } from "../../live-assist/routes.ts";
import { policyRoutes } from "../../policy/routes.ts";
import { publicNoticeRoutes } from "../../public-notice/routes.ts";
import { trainingRoutes } from "../../training/routes.ts";
import { triageRoutes } from "../../triage/routes.ts";
import { publicPages } from "../../../public/routes.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { Logger } from "../logger.ts";
import { type AppEnv, requestContext } from "./env.ts";
import { AppError } from "./errors.ts";
import { sessionMiddleware } from "./session-middleware.ts";

export interface AppDeps {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  /** Directory of the built web app (index.html and assets); omitted in API-only tests. */
  webRoot?: string | undefined;
  version?: string;
  /** PostgreSQL URL for the live-assist LISTEN connection (defaults to DATABASE_URL; without one the feed polls). */
  listenUrl?: string | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createApp(deps: AppDeps) {
  const { db, config, logger } = deps;
  const app = new OpenAPIHono<AppEnv>();

  // ---- every request: id, client address, language, security headers, access log -----------------
  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    let ip: string | null = null;
    if (config.trustProxy) ip = c.req.header("x-forwarded-for")?.split(",")[0]?.trim() || null;
    if (!ip) {
      try {
        ip = getConnInfo(c).remote.address ?? null;
      } catch {
        ip = null;
      }
    }
    c.set("ip", ip);
    c.set("actor", null);
    c.set("account", null);
    c.set("locale", pickLocale(getCookie(c, "mamoru_lang") ?? c.req.query("lang"), c.req.header("accept-language")));
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    const status = c.res.status;
    logger[status >= 500 ? "error" : "info"](
      {
        reqId: requestId,
        method: c.req.method,
        route: c.req.routePath,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        user: c.get("actor")?.userId,
      },
      "request",
    );
  });

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
    }),
  );

  // ---- health ------------------------------------------------------------------------------------
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await sql`SELECT 1`.execute(db);
      return c.json({ status: "ready" });
    } catch {
      return c.json({ status: "unavailable", error: { code: "service_unavailable", message: errorMessage(c.get("locale"), "service_unavailable") } }, 503);
    }
  });

  // ---- API ----------------------------------------------------------------------------------------
  app.use("/api/*", async (c, next) => {
    c.header("cache-control", "no-store");
    if (UNSAFE.has(c.req.method)) {
      const hasBody = (c.req.header("content-length") ?? "0") !== "0" || c.req.header("transfer-encoding") !== undefined;
      const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
      const upload = type === "multipart/form-data" && (isAttachmentUpload(c.req.method, c.req.path) || isEvidenceUpload(c.req.method, c.req.path)); // its own size limit (consultations/routes.ts)
      const chunk = type === "application/octet-stream" && isRecordingChunk(c.req.method, c.req.path); // raw audio (live-assist/recordings.ts)
      if (hasBody && type !== "application/json" && !upload && !chunk) throw new AppError(415, "unsupported_media_type");
    }
    await next();
  });
  const jsonLimit = bodyLimit({
    maxSize: config.maxJsonBytes,
    onError: () => {
      throw new AppError(413, "body_too_large", { limit: `${Math.round(config.maxJsonBytes / 1024)} KB` });
    },
  });
  app.use("/api/*", (c, next) => (isAttachmentUpload(c.req.method, c.req.path) || isEvidenceUpload(c.req.method, c.req.path) ? next() : jsonLimit(c, next)));
  app.use("/api/*", sessionMiddleware(db, config));

  const api = new OpenAPIHono<AppEnv>();
  api.route("/", authRoutes(db, config));
  api.route("/", accountRoutes(db));
  api.route("/", auditRoutes(db));
  api.route("/", consultationRoutes(db, config));
  api.route("/", incidentRoutes(db));
  api.route("/", evidenceRoutes(db, config));
  api.route("/", liveAssistRoutes(db, { listenUrl: deps.listenUrl ?? config.databaseUrl, storage: evidenceStorage(config) }));
  api.route("/", analyticsRoutes(db));
  api.route("/", letterRoutes(db));
  api.route("/", restrictionRoutes(db));
  api.route("/", casePackageRoutes(db, config, evidenceFromStorage((key) => evidenceStorage(config).open(key))));
  api.route("/", publicNoticeRoutes(db));
  api.route("/", policyRoutes(db));
  api.route("/", trainingRoutes(db));
  api.route("/", triageRoutes(db));
  app.route("/api", api);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Mamoru API", version: deps.version ?? "0.1.0", description: "Customer-harassment countermeasure system. Errors: { error: { code, message } } in the user's language." },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "mamoru_session" });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

  app.all("/api/*", () => {
    throw new AppError(404, "not_found");
  });

  // ---- the public page for residents (no sign-in, no JavaScript; before the web app's catch-all) ----
  app.route("/", publicPages(db));

  // ---- the web app ----------------------------------------------------------------------------------
  const webRoot = deps.webRoot;
  if (webRoot && fs.existsSync(path.join(webRoot, "index.html"))) {
    const indexHtml = fs.readFileSync(path.join(webRoot, "index.html"), "utf8");
    app.use(
      "/assets/*",
      serveStatic({
        root: path.relative(process.cwd(), webRoot) || ".",
        onFound: (_p, c) => {
          c.header("cache-control", "public, max-age=31536000, immutable");
        },
      }),
    );
    app.use("/favicon.svg", serveStatic({ root: path.relative(process.cwd(), webRoot) || "." }));
    app.get("*", (c) => {
      c.header("cache-control", "no-cache");
      return c.html(indexHtml);
    });
  }

  app.notFound((c) => c.json({ error: { code: "not_found", message: errorMessage(c.get("locale") ?? "ja", "not_found") } }, 404));

  app.onError(async (err, c) => respondToError(err, c, deps));

  return app;
}

async function respondToError(err: Error, c: Context<AppEnv>, deps: AppDeps) {
  const locale = c.get("locale") ?? "ja";
  const requestId = c.get("requestId") ?? "-";
  if (err instanceof AppError) {
    // The rest of an oversized body is not read: close the connection so it cannot be mistaken for the next request.
    if (err.status === 413) c.header("connection", "close");
    if (err.status === 403 || (err.status === 404 && err.attempted)) {
      // Denied attempts are audited: who tried what on which record.
      try {
        await audit.record(deps.db, requestContext(c), {
          action: err.attempted?.action ?? `http.${c.req.method.toLowerCase()}`,
          resourceType: err.attempted?.resourceType ?? "route",
          resourceId: err.attempted?.resourceId ?? c.req.routePath,
          outcome: "denied",
          details: { code: err.code },
        });
      } catch (auditErr) {
        deps.logger.error({ reqId: requestId, err: (auditErr as Error).message }, "audit write failed");
      }
    }
    return c.json({ error: { code: err.code, message: errorMessage(locale, err.code, err.params) } }, err.status);
  }
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) {
      return c.json({ error: { code: "invalid_json", message: errorMessage(locale, "invalid_json") } }, 400);
    }
    if (err.status === 413) return c.json({ error: { code: "body_too_large", message: errorMessage(locale, "body_too_large", { limit: "1 MB" }) } }, 413);
    return c.json({ error: { code: "validation_failed", message: errorMessage(locale, "validation_failed", { detail: err.message }) } }, err.status);
  }
  // The message of a database or library error can quote input (personal data): log its kind and where it came from only.
  const frames = (err.stack ?? "").split("\n").slice(1, 8).map((l) => l.trim());
  deps.logger.error({ reqId: requestId, err: { name: err.name, code: (err as { code?: string }).code, frames } }, "unhandled error");
  return c.json({ error: { code: "internal_error", message: errorMessage(locale, "internal_error", { requestId }) } }, 500);
}
