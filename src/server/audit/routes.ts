import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { errorResponses, jsonOk } from "../platform/http/schemas.ts";
import { auditPolicy } from "./policy.ts";
import * as service from "./service.ts";

const AuditRowSchema = z
  .object({
    seq: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorUsername: z.string().nullable(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    outcome: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditRow");

const FilterQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  resourceType: z.string().max(64).optional(),
  resourceId: z.string().max(100).optional(),
  outcome: z.enum(["success", "denied", "failure"]).optional(),
  beforeSeq: z.string().regex(/^\d{1,19}$/).optional(),
});

const toFilter = (q: z.infer<typeof FilterQuery>) => ({
  ...q,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

export function auditRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: "get",
      path: "/audit",
      tags: ["audit"],
      summary: "Browse the audit trail, newest first (auditors)",
      request: { query: FilterQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
      responses: { 200: jsonOk(z.object({ rows: z.array(AuditRowSchema), nextBeforeSeq: z.string().nullable() })), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await service.list(db, requestContext(c), toFilter(q), q.limit), 200);
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/audit/export.csv",
      tags: ["audit"],
      summary: "Export the filtered audit trail as CSV (UTF-8 with BOM) (auditors)",
      request: { query: FilterQuery },
      responses: { 200: { description: "CSV", content: { "text/csv": { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const stream = await service.exportCsv(db, requestContext(c), toFilter(c.req.valid("query")), c.get("locale"));
      const stamp = new Date().toISOString().slice(0, 10);
      return new Response(Readable.toWeb(stream as Readable) as ReadableStream, {
        status: 200,
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="mamoru-audit-${stamp}.csv"`,
          "cache-control": "no-store",
        },
      });
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/audit/verify",
      tags: ["audit"],
      summary: "Verify the hash chain of the whole audit trail",
      responses: { 200: jsonOk(z.object({ ok: z.boolean(), rows: z.number(), message: z.string() })), ...errorResponses },
    }),
    async (c) => {
      const ctx = requestContext(c);
      auditPolicy.authorize(ctx.actor, "verify", null);
      const result = await service.verifyChain(db);
      await service.record(db, ctx, { action: "audit.verify", resourceType: "audit", outcome: result.ok ? "success" : "failure", details: { rows: result.rows } });
      const locale = c.get("locale");
      const message = result.ok
        ? locale === "ja" ? `監査ログ ${result.rows} 行の連鎖を確認しました。改ざんはありません。` : `Checked the chain of ${result.rows} audit rows: intact.`
        : service.describeProblem(result.problem, locale);
      return c.json({ ok: result.ok, rows: result.rows, message }, 200);
    },
  );

  return r;
}
