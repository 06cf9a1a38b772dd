import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { LETTER_KINDS } from "../../domain/documents/letters.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as service from "./service.ts";

const tags = ["letters"];
const Kind = z.enum(LETTER_KINDS);
const KindParam = z.object({ kind: Kind.openapi({ param: { name: "kind", in: "path" } }) });
const LetterSchema = z.object({ id: z.string(), incidentId: z.string(), kind: z.string(), title: z.string(), addressee: z.string(), sha256: z.string(), issuedAt: z.string(), pdfUrl: z.string() }).passthrough().openapi("Letter");
const TemplateSchema = z.object({ kind: z.string(), title: z.string(), body: z.string(), version: z.number(), edited: z.boolean() }).passthrough().openapi("LetterTemplate");
const invalidResponse = { 409: errorResponses[400], 422: errorResponses[400] };

export function letterRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({ method: "get", path: "/letter-templates", tags, summary: "The four letter templates (default text or central's edited version)", responses: { 200: jsonOk(z.object({ templates: z.array(TemplateSchema) })), ...errorResponses } }),
    async (c) => c.json(await service.listTemplates(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({
      method: "put",
      path: "/letter-templates/{kind}",
      tags,
      summary: "Edit a letter template (central); unknown {{placeholders}} are refused",
      request: { params: KindParam, ...jsonBody(z.object({ title: z.string().min(1).max(200), body: z.string().min(1).max(20000) }).strict()) },
      responses: { 200: jsonOk(TemplateSchema), ...errorResponses, ...invalidResponse },
    }),
    async (c) => c.json(await service.saveTemplate(db, requestContext(c), c.req.valid("param").kind, c.req.valid("json")), 200),
  );
  r.openapi(
    createRoute({
      method: "put",
      path: "/counterparts/{id}/postal-address",
      tags,
      summary: "Set the counterpart's postal address (where letters go)",
      request: { params: IdParam, ...jsonBody(z.object({ postalCode: z.string().max(10).nullable().optional(), postalAddress: z.string().max(300).nullable() }).strict()) },
      responses: { 200: jsonOk(z.object({ id: z.string(), hasAddress: z.boolean() })), ...errorResponses, ...invalidResponse },
    }),
    async (c) => c.json(await service.setAddress(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  r.openapi(
    createRoute({ method: "get", path: "/incidents/{id}/letters", tags, summary: "Letters issued for an incident", request: { params: IdParam }, responses: { 200: jsonOk(z.object({ letters: z.array(LetterSchema) })), ...errorResponses } }),
    async (c) => c.json(await service.listForIncident(db, requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/incidents/{id}/letters/preview",
      tags,
      summary: "The text a letter of this kind would have for this incident (to edit before issuing)",
      request: { params: IdParam, query: z.object({ kind: Kind }) },
      responses: { 200: jsonOk(z.object({ kind: z.string(), title: z.string(), body: z.string(), addressee: z.string(), template: z.string() })), ...errorResponses, ...invalidResponse },
    }),
    async (c) => c.json(await service.preview(db, requestContext(c), c.req.valid("param").id, c.req.valid("query").kind), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/incidents/{id}/letters",
      tags,
      summary: "Issue a letter (supervisor of the department or central): PDF stored with the incident and audited",
      request: { params: IdParam, ...jsonBody(z.object({ kind: Kind, body: z.string().min(1).max(20000).optional() }).strict()) },
      responses: { 201: jsonOk(LetterSchema, "Issued"), ...errorResponses, ...invalidResponse },
    }),
    async (c) => c.json(await service.issue(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  r.openapi(
    createRoute({ method: "get", path: "/letters/{id}/pdf", tags, summary: "The issued letter as PDF (the read is audited)", request: { params: IdParam }, responses: { 200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...errorResponses } }),
    async (c) => {
      const { pdf, kind } = await service.pdfOf(db, requestContext(c), c.req.valid("param").id);
      return c.body(new Uint8Array(pdf), 200, { "content-type": "application/pdf", "content-disposition": `inline; filename="letter-${kind}.pdf"` });
    },
  );
  return r;
}
