import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { RESTRICTION_KINDS } from "../../domain/documents/restrictions.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as service from "./service.ts";

const tags = ["restrictions"];
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Body = z
  .object({
    kind: z.enum(RESTRICTION_KINDS),
    scope: z.string().trim().min(1).max(500),
    reason: z.string().trim().min(1).max(2000),
    incidentIds: z.array(z.uuid()).max(100).optional(),
    timeLimitMinutes: z.number().int().min(1).max(480).nullable().optional(),
    startsOn: Day,
    reviewOn: Day,
    endsOn: Day.nullable().optional(),
  })
  .strict();
const DatesBody = z
  .object({ reviewOn: Day.optional(), endsOn: Day.nullable().optional() })
  .strict()
  .refine((b) => b.reviewOn !== undefined || b.endsOn !== undefined, { message: "reviewOn or endsOn" });
const RestrictionSchema = z.object({ id: z.string(), kind: z.string(), scope: z.string(), startsOn: z.string(), reviewOn: z.string(), inForce: z.boolean(), reviewDue: z.boolean(), reviewOverdue: z.boolean() }).passthrough().openapi("Restriction");

export function restrictionRoutes(db: Kysely<Database>) {
  const r = createRouter();
  r.openapi(
    createRoute({ method: "get", path: "/restrictions", tags, summary: "The restriction register (supervisors, central), reviews due first", responses: { 200: jsonOk(z.object({ restrictions: z.array(RestrictionSchema) })), ...errorResponses } }),
    async (c) => c.json(await service.register(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({ method: "get", path: "/counterparts/{id}/restrictions", tags, summary: "Restrictions on one counterpart (shown to staff opening a contact)", request: { params: IdParam }, responses: { 200: jsonOk(z.object({ restrictions: z.array(RestrictionSchema) }).passthrough()), ...errorResponses } }),
    async (c) => c.json(await service.forCounterpart(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/counterparts/{id}/restrictions",
      tags,
      summary: "Register a restriction (supervisor or central, recorded as approver); review date not before start",
      request: { params: IdParam, ...jsonBody(Body) },
      responses: { 201: jsonOk(RestrictionSchema, "Registered"), ...errorResponses, 422: errorResponses[400] },
    }),
    async (c) => c.json(await service.create(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  r.openapi(
    createRoute({
      method: "patch",
      path: "/restrictions/{id}",
      tags,
      summary: "Review a restriction: a new review date and/or its end (supervisor or central who sees the counterpart); a new review date is reminded again",
      request: { params: IdParam, ...jsonBody(DatesBody) },
      responses: { 200: jsonOk(RestrictionSchema), ...errorResponses, 422: errorResponses[400] },
    }),
    async (c) => c.json(await service.changeDates(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  return r;
}
