import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { POLICY_MARKDOWN_MAX, POLICY_SECTION_IDS, POLICY_TITLE_MAX } from "../../domain/policy/pack.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { OkSchema, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as service from "./service.ts";

const tags = ["policy"];
const SectionId = z.enum(POLICY_SECTION_IDS);
const Section = z.object({ id: SectionId, title: z.string(), markdown: z.string(), html: z.string() });
const VersionSchema = z.object({ version: z.number(), note: z.string(), publishedAt: z.string(), sections: z.array(Section) }).openapi("PolicyVersion");
const CurrentSchema = VersionSchema.extend({ acknowledgedAt: z.string().nullable() }).openapi("PolicyCurrent");
const DraftSchema = z
  .object({
    sections: z.array(Section),
    baseVersion: z.number().nullable(),
    latestVersion: z.number().nullable(),
    updatedAt: z.string().nullable(),
    emptySections: z.array(SectionId),
    changedSections: z.array(SectionId),
  })
  .openapi("PolicyDraft");
const DiffSchema = z
  .object({
    from: z.number().nullable(),
    to: z.number(),
    sections: z.array(
      z.object({ id: SectionId, change: z.enum(["unchanged", "changed"]), titleBefore: z.string(), titleAfter: z.string(), parts: z.array(z.object({ kind: z.enum(["same", "added", "removed"]), text: z.string() })) }),
    ),
  })
  .openapi("PolicyDiff");
const Rate = z.object({ departmentId: z.string().nullable(), nameJa: z.string().nullable().optional(), nameEn: z.string().nullable().optional(), staffCount: z.number(), acknowledged: z.number(), rate: z.number().nullable() });
const RatesSchema = z.object({ version: z.number(), total: Rate, departments: z.array(Rate) }).openapi("PolicyAcknowledgementRates");

const VersionParam = z.object({ version: z.coerce.number().int().positive().openapi({ param: { name: "version", in: "path" }, type: "integer" }) });
const DraftBody = z.strictObject({
  sections: z.array(z.strictObject({ id: SectionId, title: z.string().max(POLICY_TITLE_MAX), markdown: z.string().max(POLICY_MARKDOWN_MAX) })).min(1).max(POLICY_SECTION_IDS.length),
});

export function policyRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(createRoute({ method: "get", path: "/policy/current", tags, summary: "The published policy and whether I acknowledged it", responses: { 200: jsonOk(CurrentSchema), ...errorResponses } }), async (c) =>
    c.json(await service.current(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/policy/versions",
      tags,
      summary: "Every published version, newest first",
      responses: { 200: jsonOk(z.object({ versions: z.array(z.object({ version: z.number(), note: z.string(), publishedAt: z.string(), publishedBy: z.string().nullable() })) })), ...errorResponses },
    }),
    async (c) => c.json({ versions: await service.listVersions(db, requestContext(c)) }, 200),
  );
  r.openapi(
    createRoute({ method: "get", path: "/policy/versions/{version}", tags, summary: "One published version", request: { params: VersionParam }, responses: { 200: jsonOk(VersionSchema), ...errorResponses } }),
    async (c) => c.json(await service.getVersion(db, requestContext(c), c.req.valid("param").version), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/policy/versions/{version}/diff",
      tags,
      summary: "What changed in a version against the previous one (or ?from=)",
      request: { params: VersionParam, query: z.object({ from: z.coerce.number().int().positive().optional() }) },
      responses: { 200: jsonOk(DiffSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.diff(db, requestContext(c), c.req.valid("param").version, c.req.valid("query").from), 200),
  );
  r.openapi(createRoute({ method: "get", path: "/policy/draft", tags, summary: "The draft central is editing (central)", responses: { 200: jsonOk(DraftSchema), ...errorResponses } }), async (c) =>
    c.json(await service.getDraft(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({ method: "put", path: "/policy/draft", tags, summary: "Save sections of the draft (central)", request: jsonBody(DraftBody), responses: { 200: jsonOk(DraftSchema), ...errorResponses } }),
    async (c) => c.json(await service.saveDraft(db, requestContext(c), c.req.valid("json").sections), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/policy/preview",
      tags,
      summary: "Sanitised HTML for Markdown, as staff will read it (central)",
      request: jsonBody(z.strictObject({ markdown: z.string().max(POLICY_MARKDOWN_MAX) })),
      responses: { 200: jsonOk(z.object({ html: z.string() })), ...errorResponses },
    }),
    (c) => c.json(service.preview(requestContext(c), c.req.valid("json").markdown), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/policy/publish",
      tags,
      summary: "Publish the draft as a new version; every staff member is asked to acknowledge it (central)",
      request: jsonBody(z.strictObject({ note: z.string().trim().max(500).default("") })),
      responses: { 200: jsonOk(VersionSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.publish(db, requestContext(c), c.req.valid("json").note), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/policy/acknowledgement",
      tags,
      summary: "Whether I still have to acknowledge the current version",
      responses: { 200: jsonOk(z.object({ pending: z.object({ version: z.number(), publishedAt: z.string(), note: z.string(), postponed: z.boolean(), remindedAt: z.string().nullable() }).nullable() })), ...errorResponses },
    }),
    async (c) => c.json(await service.pending(db, requestContext(c), c.get("sessionIdHash")), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/policy/versions/{version}/acknowledge",
      tags,
      summary: "I have read and acknowledge this version",
      request: { params: VersionParam },
      responses: { 200: jsonOk(z.object({ version: z.number(), acknowledgedAt: z.string() })), ...errorResponses },
    }),
    async (c) => c.json(await service.acknowledge(db, requestContext(c), c.req.valid("param").version), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/policy/versions/{version}/postpone",
      tags,
      summary: "Remind me at my next sign-in",
      request: { params: VersionParam },
      responses: { 200: jsonOk(OkSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.postpone(db, requestContext(c), c.req.valid("param").version, c.get("sessionIdHash")), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/policy/acknowledgement-rates",
      tags,
      summary: "Acknowledgement of a version by department (central)",
      request: { query: z.object({ version: z.coerce.number().int().positive().optional() }) },
      responses: { 200: jsonOk(RatesSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.rates(db, requestContext(c), c.req.valid("query").version), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/policy/reminders",
      tags,
      summary: "Notify everyone (or one department) who has not acknowledged the current version (central)",
      request: jsonBody(z.strictObject({ departmentId: z.uuid().nullable().default(null) })),
      responses: { 200: jsonOk(z.object({ version: z.number(), recipients: z.number() })), ...errorResponses },
    }),
    async (c) => c.json(await service.remind(db, requestContext(c), c.req.valid("json").departmentId), 200),
  );
  return r;
}
