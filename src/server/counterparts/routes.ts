import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, OkSchema, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as service from "./service.ts";

const History = z
  .object({
    counterpart: z.object({ id: z.string(), type: z.string(), name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
    contactCount: z.number(),
    contacts: z.array(
      z.object({
        incidentId: z.string().nullable(),
        number: z.string().nullable(),
        at: z.string(),
        channel: z.string(),
        department: z.string(),
        answerGiven: z.string(),
        outcome: z.string().nullable(),
      }),
    ),
    readyLine: z.string().nullable().openapi({ description: "「○月○日、○月○日にも同じご用件でご連絡をいただいており、回答は変わりません」 with the real dates" }),
  })
  .openapi("CounterpartHistory");
const Suggestion = z.object({
  counterpartId: z.string(),
  score: z.number(),
  reasons: z.array(z.enum(["phone", "email", "name"])),
  type: z.string(),
  name: z.string().nullable(),
  nameSimilarity: z.number(),
  contacts: z.number(),
  lastContactAt: z.string().nullable(),
});
const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
const more = { 422: errorResponses[400] };

/** Counterparts (相手方): suggestions, confirmed links, history with the ready-made line; merge and unlink by central. */
export function counterpartRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: "get",
      path: "/incidents/{id}/counterpart-suggestions",
      tags: ["counterparts"],
      summary: "Known counterparts that may be this incident's (same phone in any format, same email, similar name)",
      request: { params: IdParam },
      responses: { 200: jsonOk(z.object({ suggestions: z.array(Suggestion) })), ...errorResponses },
    }),
    async (c) => c.json(await service.suggestionsFor(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "put",
      path: "/incidents/{id}/counterpart",
      tags: ["counterparts"],
      summary: "Confirm that the incident's counterpart is a known one",
      request: { params: IdParam, ...jsonBody(z.strictObject({ counterpartId: z.uuid() })) },
      responses: { 200: jsonOk(OkSchema), ...errorResponses, ...more },
    }),
    async (c) => {
      await service.confirmLink(db, requestContext(c), c.req.valid("param").id, c.req.valid("json").counterpartId);
      return c.json({ ok: true as const }, 200);
    },
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/incidents/{id}/counterpart/unlink",
      tags: ["counterparts"],
      summary: "Detach the incident from its counterpart (central)",
      request: { params: IdParam, ...jsonBody(reasonBody) },
      responses: { 200: jsonOk(OkSchema), ...errorResponses, ...more },
    }),
    async (c) => {
      await service.unlink(db, requestContext(c), c.req.valid("param").id, c.req.valid("json").reason);
      return c.json({ ok: true as const }, 200);
    },
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/counterparts/{id}",
      tags: ["counterparts"],
      summary: "A counterpart's contact history and the ready-made line (for those who can see one of its incidents)",
      request: { params: IdParam, query: z.object({ excludeIncidentId: z.uuid().optional() }) },
      responses: { 200: jsonOk(History), ...errorResponses },
    }),
    async (c) => c.json(await service.history(db, requestContext(c), c.req.valid("param").id, { excludeIncidentId: c.req.valid("query").excludeIncidentId }), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/counterparts/{id}/merge",
      tags: ["counterparts"],
      summary: "Merge another counterpart record into this one (central)",
      request: { params: IdParam, ...jsonBody(z.strictObject({ sourceId: z.uuid(), reason: z.string().trim().min(1).max(2000) })) },
      responses: { 200: jsonOk(z.object({ counterpartId: z.string(), movedIncidents: z.number() })), ...errorResponses, ...more },
    }),
    async (c) => {
      const { sourceId, reason } = c.req.valid("json");
      return c.json(await service.merge(db, requestContext(c), c.req.valid("param").id, sourceId, reason), 200);
    },
  );
  return r;
}
