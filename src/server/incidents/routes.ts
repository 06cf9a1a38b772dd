import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import {
  BEHAVIOUR_CODES,
  BEHAVIOUR_CODE_LIST,
  CHANNELS,
  CHANNEL_LABELS,
  COUNTERPART_TYPES,
  COUNTERPART_TYPE_LABELS,
  GROUPS,
  GROUP_LABELS,
  STAFF_ROLES,
  STAFF_ROLE_LABELS,
} from "../../domain/incidents/codes.ts";
import type { Group } from "../../domain/incidents/codes.ts";
import { STATUSES, STATUS_LABELS, nextStates } from "../../domain/incidents/lifecycle.ts";
import { counterpartRoutes } from "../counterparts/routes.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { AppError } from "../platform/http/errors.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import { reportingRoutes } from "./reporting-routes.ts";
import { CreateIncidentBody, IncidentSchema, IncidentSummarySchema, JudgementBody, ListQuery, TransitionBody, UpdateIncidentBody } from "./schemas.ts";
import { incidentPdf, staffCandidates } from "./export.ts";
import * as service from "./service.ts";
import * as workflow from "./workflow.ts";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;
const conflictResponse = { 409: errorResponses[400], 422: errorResponses[400] };

export function incidentRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: "get",
      path: "/incident-vocabulary",
      tags: ["incidents"],
      summary: "Channels, behaviour groups and codes, counterpart types, staff roles and statuses with labels",
      responses: {
        200: jsonOk(z.object({ channels: z.any(), groups: z.any(), codes: z.any(), counterpartTypes: z.any(), staffRoles: z.any(), statuses: z.any() })),
        ...errorResponses,
      },
    }),
    (c) => {
      if (!c.get("actor")) throw new AppError(401, "unauthenticated");
      return c.json(
        {
          channels: CHANNELS.map((id) => ({ id, ...CHANNEL_LABELS[id] })),
          groups: GROUPS.map((id) => ({ id, ...GROUP_LABELS[id] })),
          codes: BEHAVIOUR_CODE_LIST.map((id) => ({ id, ...BEHAVIOUR_CODES[id] })),
          counterpartTypes: COUNTERPART_TYPES.map((id) => ({ id, ...COUNTERPART_TYPE_LABELS[id] })),
          staffRoles: STAFF_ROLES.map((id) => ({ id, ...STAFF_ROLE_LABELS[id] })),
          statuses: STATUSES.map((id) => ({ id, ...STATUS_LABELS[id], next: nextStates(id) })),
        },
        200,
      );
    },
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/incidents",
      tags: ["incidents"],
      summary: "Record an incident (quick form or full). Send Idempotency-Key: a second submit returns the same incident",
      request: { headers: z.object({ "idempotency-key": z.string().optional() }), ...jsonBody(CreateIncidentBody) },
      responses: {
        201: jsonOk(IncidentSchema, "Created"),
        200: jsonOk(IncidentSchema, "Replayed: the incident created by the first submit"),
        ...errorResponses,
        ...conflictResponse,
      },
    }),
    async (c) => {
      const key = c.req.header("idempotency-key") ?? null;
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new AppError(400, "idempotency_key_invalid");
      const { replayed, incident } = await service.createIncident(db, requestContext(c), c.req.valid("json"), key);
      return c.json(incident, replayed ? 200 : 201);
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/incidents",
      tags: ["incidents"],
      summary: "Incidents the caller may see, filtered and searched",
      request: { query: ListQuery },
      responses: {
        200: jsonOk(
          z.object({
            total: z.number().openapi({ description: "Matches counted; exact unless totalCapped" }),
            totalCapped: z.boolean().openapi({ description: "true: there are at least `total` matches (counting stops 1,000 rows past the page)" }),
            incidents: z.array(IncidentSummarySchema),
          }),
        ),
        ...errorResponses,
        ...conflictResponse,
      },
    }),
    async (c) => {
      const { limit, offset, from, to, group, ...rest } = c.req.valid("query");
      const query = { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined, group: group as Group | undefined };
      return c.json(await service.listIncidents(db, requestContext(c), query, limit, offset), 200);
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/incidents/{id}",
      tags: ["incidents"],
      summary: "One incident with its timeline (the read is audited)",
      request: { params: IdParam },
      responses: { 200: jsonOk(IncidentSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.getIncident(db, requestContext(c), c.req.valid("param").id), 200),
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/incidents/{id}/pdf",
      tags: ["incidents"],
      summary: "One incident as an A4 PDF in Japanese with the font embedded (authorized and audited like reading it)",
      request: { params: IdParam },
      responses: { 200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...errorResponses },
    }),
    async (c) => {
      const { number, pdf } = await incidentPdf(db, requestContext(c), c.req.valid("param").id);
      return c.body(new Uint8Array(pdf), 200, {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="incident-${number}.pdf"`,
        "cache-control": "no-store",
      });
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/incidents/{id}/staff-candidates",
      tags: ["incidents"],
      summary: "Users who can be named as responding staff or supervisor on this incident (for those who may edit it)",
      request: { params: IdParam },
      responses: {
        200: jsonOk(z.object({ users: z.array(z.object({ id: z.string(), displayName: z.string(), roles: z.array(z.string()) })) })),
        ...errorResponses,
        ...conflictResponse,
      },
    }),
    async (c) => c.json(await staffCandidates(db, requestContext(c), c.req.valid("param").id), 200),
  );

  r.openapi(
    createRoute({
      method: "patch",
      path: "/incidents/{id}",
      tags: ["incidents"],
      summary: "Autosave or edit: send the version you edited (409 when someone saved first)",
      request: { params: IdParam, ...jsonBody(UpdateIncidentBody) },
      responses: { 200: jsonOk(IncidentSchema), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await service.updateIncident(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/incidents/{id}/transitions",
      tags: ["incidents"],
      summary: "Move the incident along its lifecycle (reopen needs a reason)",
      request: { params: IdParam, ...jsonBody(TransitionBody) },
      responses: { 200: jsonOk(IncidentSchema), ...errorResponses, ...conflictResponse },
    }),
    async (c) => {
      const { to, reason } = c.req.valid("json");
      return c.json(await workflow.transition(db, requestContext(c), c.req.valid("param").id, to, reason ?? null), 200);
    },
  );

  r.openapi(
    createRoute({
      method: "put",
      path: "/incidents/{id}/judgement",
      tags: ["incidents"],
      summary: "Judge the incident on the three axes with reasons (supervisors of the department, central)",
      request: { params: IdParam, ...jsonBody(JudgementBody) },
      responses: { 200: jsonOk(IncidentSchema), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await workflow.setJudgement(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/incidents/{id}/judgement-proposals",
      tags: ["incidents"],
      summary: "Propose a judgement (staff involved in the incident); it does not set the outcome",
      request: { params: IdParam, ...jsonBody(JudgementBody) },
      responses: { 200: jsonOk(IncidentSchema), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await workflow.proposeJudgement(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  r.route("/", counterpartRoutes(db));
  r.route("/", reportingRoutes(db));
  return r;
}
