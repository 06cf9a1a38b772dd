import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import { exportLabelledExamples, getLexicon, previewLexicon, saveLexicon } from "./lexicon.ts";
import * as service from "./service.ts";
import { createIncidentFromMessage } from "./to-incident.ts";

const FLAG = z.enum(["none", "review", "urgent"]);
const GROUP = z.number().int().min(1).max(5);
const conflict = { 409: errorResponses[400], 413: errorResponses[400], 422: errorResponses[400] };

const ImportBody = z
  .object({
    departmentId: z.uuid().optional().openapi({ description: "Inbox to import into (default: the caller's department)" }),
    source: z.enum(["paste", "eml", "txt", "csv"]),
    text: z.string().optional().openapi({ description: "Pasted text (source paste)" }),
    dataBase64: z
      .string()
      .optional()
      .openapi({ description: "File content, base64 (eml, txt, csv; any encoding: UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP, UTF-16)" }),
    fileName: z.string().max(300).optional(),
    sender: z.string().max(320).optional(),
    subject: z.string().max(500).optional(),
    receivedAt: z.string().max(40).optional(),
  })
  .strict();

const NearSchema = z
  .object({
    any: z.array(z.string().min(1).max(100)).min(1).max(100),
    before: z.number().int().min(0).max(200).optional(),
    after: z.number().int().min(0).max(200).optional(),
    acrossSentences: z.boolean().optional(),
  })
  .strict();
const EntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]{3,80}$/),
    group: GROUP,
    code: z.string().max(60),
    severity: z.enum(["urgent", "review"]),
    patterns: z.array(z.string().min(1).max(200)).min(1).max(200),
    explanationJa: z.string().min(1).max(500),
    explanationEn: z.string().min(1).max(500).optional(),
    wordBoundary: z.boolean().optional(),
    maskableShort: z.boolean().optional(),
    followedBy: z.array(z.string().max(50)).max(100).optional(),
    notFollowedBy: z.array(z.string().max(50)).max(100).optional(),
    notPrecededBy: z.array(z.string().max(50)).max(100).optional(),
    requireNear: z.array(NearSchema).max(10).optional(),
    exceptNear: z.array(NearSchema).max(10).optional(),
    lawfulSuppressible: z.boolean().optional(),
    negatable: z.boolean().optional(),
    reportable: z.boolean().optional(),
  })
  .strict();
const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]{3,80}$/),
    patterns: z.array(z.string().min(1).max(200)).min(1).max(200),
    explanationJa: z.string().min(1).max(500),
  })
  .strict();
const ChangeSchema = z
  .object({
    entries: z.array(EntrySchema).max(200).optional(),
    removeEntryIds: z.array(z.string().max(80)).max(200).optional(),
    benign: z.array(RuleSchema).max(200).optional(),
    lawful: z.array(RuleSchema).max(200).optional(),
  })
  .strict();

const Any = z.any();

export function triageRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: "post",
      path: "/triage/imports",
      tags: ["triage"],
      summary: "Import written contacts (paste, .eml, .txt or CSV) into a department's inbox; each is triaged and threaded by sender",
      request: jsonBody(ImportBody),
      responses: {
        201: jsonOk(z.object({ messages: z.array(Any), skippedRows: z.array(z.number()), encoding: z.string().nullable() }), "Imported"),
        ...errorResponses,
        ...conflict,
      },
    }),
    async (c) => c.json(await service.importMessages(db, requestContext(c), c.req.valid("json")), 201),
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/triage/messages",
      tags: ["triage"],
      summary: "Messages of the inboxes the caller may see, urgent first",
      request: {
        query: z.object({
          departmentId: z.uuid().optional(),
          flag: FLAG.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
      },
      responses: { 200: jsonOk(z.object({ total: z.number(), messages: z.array(Any) })), ...errorResponses },
    }),
    async (c) => {
      const { limit, offset, ...q } = c.req.valid("query");
      return c.json(await service.listMessages(db, requestContext(c), q, limit, offset), 200);
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/triage/messages/{id}",
      tags: ["triage"],
      summary: "One message with its evidence, overrides and repeat thread (the read is audited)",
      request: { params: IdParam },
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.getMessage(db, requestContext(c), c.req.valid("param").id), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/triage/messages/{id}/overrides",
      tags: ["triage"],
      summary: "Override the result with a reason (supervisors of the department, central); the engine's result is kept",
      request: { params: IdParam, ...jsonBody(z.object({ flag: FLAG, groups: z.array(GROUP).max(5), reason: z.string().max(2000) }).strict()) },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await service.overrideMessage(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/triage/messages/{id}/incident",
      tags: ["triage"],
      summary: "Create an incident from the message (text, quoted words and groups prefilled); a second call returns the same incident",
      request: { params: IdParam, ...jsonBody(z.object({ channel: z.enum(["email", "letter", "online"]) }).strict()) },
      responses: {
        201: jsonOk(z.object({ incidentId: z.string(), created: z.boolean(), message: Any }), "Created"),
        200: jsonOk(z.object({ incidentId: z.string(), created: z.boolean(), message: Any }), "Already linked"),
        ...errorResponses,
        ...conflict,
      },
    }),
    async (c) => {
      const out = await createIncidentFromMessage(db, requestContext(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json(out, out.created ? 201 : 200);
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/triage/lexicon",
      tags: ["triage"],
      summary: "The active lexicon version: entries, benign and lawful phrases, history",
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await getLexicon(db, requestContext(c)), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/triage/lexicon/preview",
      tags: ["triage"],
      summary: "Test box: what a proposed lexicon change would change on the stored messages (nothing is saved; central)",
      request: jsonBody(z.object({ change: ChangeSchema, sampleText: z.string().max(20_000).optional() }).strict()),
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { change, sampleText } = c.req.valid("json");
      return c.json(await previewLexicon(db, requestContext(c), change as never, sampleText), 200);
    },
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/triage/lexicon/versions",
      tags: ["triage"],
      summary: "Save a new lexicon version (central); send the version the change was based on",
      request: jsonBody(z.object({ basedOn: z.string().max(100), note: z.string().max(1000), change: ChangeSchema }).strict()),
      responses: { 201: jsonOk(Any, "Saved"), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await saveLexicon(db, requestContext(c), c.req.valid("json") as never), 201),
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/triage/labelled-examples.jsonl",
      tags: ["triage"],
      summary: "Reviewers' overrides as labelled examples (JSON lines, one per message, in the evaluation set's format; central; the read is audited)",
      responses: { 200: { description: "JSON lines", content: { "text/plain": { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const body = await exportLabelledExamples(db, requestContext(c));
      c.header("content-disposition", 'attachment; filename="triage-overrides.jsonl"');
      c.header("cache-control", "no-store");
      return c.text(body, 200);
    },
  );

  return r;
}
