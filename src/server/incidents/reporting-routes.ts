import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { CHANNELS, GROUPS } from "../../domain/incidents/codes.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, OkSchema, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as reporting from "./reporting.ts";

const Conditions = z.strictObject({
  groups: z.array(z.union(GROUPS.map((g) => z.literal(g)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<5>])).max(5).optional(),
  codes: z.array(z.string().max(64)).max(50).optional(),
  police: z.boolean().optional(),
  harmToStaff: z.boolean().optional(),
  channels: z.array(z.enum(CHANNELS)).max(6).optional(),
  departmentIds: z.array(z.uuid()).max(100).optional(),
});
const RuleBody = z
  .strictObject({ name: z.string().trim().min(1).max(100), mode: z.enum(["any", "all"]).default("any"), conditions: Conditions, active: z.boolean().optional() })
  .openapi("ReportRuleInput");
const RuleSchema = z
  .object({ id: z.string(), name: z.string(), mode: z.enum(["any", "all"]), conditions: z.any(), active: z.boolean(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("ReportRule");
const QueueItem = z.object({
  id: z.string(),
  incidentId: z.string(),
  number: z.string(),
  departmentId: z.string(),
  status: z.string(),
  ruleId: z.string().nullable(),
  ruleName: z.string(),
  queuedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});
const NotificationSchema = z.object({ id: z.string(), kind: z.string(), incidentId: z.string().nullable(), number: z.string().nullable(), data: z.any(), createdAt: z.string(), readAt: z.string().nullable() });
const invalidResponses = { 422: errorResponses[400] };

/** Central reporting rules, the central queue and each user's notifications. */
export function reportingRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({ method: "get", path: "/report-rules", tags: ["reporting"], summary: "Central reporting rules (central)", responses: { 200: jsonOk(z.object({ rules: z.array(RuleSchema) })), ...errorResponses } }),
    async (c) => c.json({ rules: await reporting.listRules(db, requestContext(c)) }, 200),
  );
  r.openapi(
    createRoute({ method: "post", path: "/report-rules", tags: ["reporting"], summary: "Add a reporting rule (central)", request: jsonBody(RuleBody), responses: { 201: jsonOk(RuleSchema, "Created"), ...errorResponses, ...invalidResponses } }),
    async (c) => c.json(await reporting.createRule(db, requestContext(c), c.req.valid("json")), 201),
  );
  r.openapi(
    createRoute({
      method: "patch",
      path: "/report-rules/{id}",
      tags: ["reporting"],
      summary: "Change or switch off a reporting rule (central)",
      request: { params: IdParam, ...jsonBody(RuleBody.partial()) },
      responses: { 200: jsonOk(RuleSchema), ...errorResponses, ...invalidResponses },
    }),
    async (c) => c.json(await reporting.updateRule(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  r.openapi(
    createRoute({ method: "delete", path: "/report-rules/{id}", tags: ["reporting"], summary: "Delete a reporting rule (central)", request: { params: IdParam }, responses: { 200: jsonOk(OkSchema), ...errorResponses } }),
    async (c) => c.json(await reporting.deleteRule(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/central-queue",
      tags: ["reporting"],
      summary: "Incidents reported to central by the rules (central)",
      request: { query: z.object({ includeAcknowledged: z.enum(["true", "false"]).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }) },
      responses: { 200: jsonOk(z.object({ items: z.array(QueueItem) })), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json({ items: await reporting.centralQueue(db, requestContext(c), { includeAcknowledged: q.includeAcknowledged === "true", limit: q.limit, offset: q.offset }) }, 200);
    },
  );
  r.openapi(
    createRoute({ method: "post", path: "/central-queue/{id}/acknowledge", tags: ["reporting"], summary: "Mark a queued report as taken up (central)", request: { params: IdParam }, responses: { 200: jsonOk(OkSchema), ...errorResponses } }),
    async (c) => c.json(await reporting.acknowledge(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/notifications",
      tags: ["reporting"],
      summary: "My notifications",
      request: { query: z.object({ unread: z.enum(["true", "false"]).optional() }) },
      responses: { 200: jsonOk(z.object({ notifications: z.array(NotificationSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ notifications: await reporting.myNotifications(db, requestContext(c), c.req.valid("query").unread === "true") }, 200),
  );
  r.openapi(
    createRoute({ method: "post", path: "/notifications/{id}/read", tags: ["reporting"], summary: "Mark one of my notifications read", request: { params: IdParam }, responses: { 200: jsonOk(OkSchema), ...errorResponses } }),
    async (c) => c.json(await reporting.markRead(db, requestContext(c), c.req.valid("param").id), 200),
  );
  return r;
}
