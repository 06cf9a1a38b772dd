import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { MANUAL_REASON_MAX } from "../../domain/evidence/retention.ts";
import type { Config } from "../platform/config.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import { evidenceStorage } from "../platform/storage/index.ts";
import * as content from "./content.ts";
import * as service from "./service.ts";

const UPLOAD_PATH = /^\/api\/incidents\/[^/]+\/evidence$/;
/** The upload streams its own multipart body with its own size limit (app.ts lets it past the JSON checks). */
export const isEvidenceUpload = (method: string, path: string) => method === "POST" && UPLOAD_PATH.test(path);

const EvidenceSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    originalName: z.string(),
    mediaType: z.string(),
    kind: z.enum(["audio", "video", "image", "pdf", "email", "text"]),
    size: z.number(),
    sha256: z.string(),
    uploadedBy: z.object({ id: z.string(), name: z.string().nullable() }),
    uploadedAt: z.string(),
    recordingNotice: z.boolean().nullable(),
    note: z.string(),
    version: z.number(),
    deleted: z
      .object({ at: z.string(), by: z.string().nullable(), kind: z.enum(["manual", "retention"]), reason: z.string(), fileRemoved: z.boolean() })
      .nullable()
      .openapi({ description: "The tombstone: set when the file was deleted (by hand or by the retention job)" }),
  })
  .openapi("Evidence");

const EvidenceList = z.object({
  items: z.array(EvidenceSchema),
  canUpload: z.boolean(),
  canDelete: z.boolean(),
  legalHold: z.boolean(),
  retentionClass: z.string(),
  maxBytes: z.number(),
  accept: z.string(),
});

const UpdateBody = z.object({ version: z.number().int().min(1), recordingNotice: z.boolean().optional(), note: z.string().max(2000).optional() }).strict();
const DeletionBody = z.object({ reason: z.string().max(MANUAL_REASON_MAX * 4) }).strict();
const ContentQuery = z.object({ download: z.enum(["1", "true"]).optional() });
const conflict = { 409: errorResponses[400], 413: errorResponses[400], 415: errorResponses[400], 422: errorResponses[400], 423: errorResponses[400] };

export function evidenceRoutes(db: Kysely<Database>, config: Config) {
  const r = createRouter();
  const storage = evidenceStorage(config);

  r.openapi(
    createRoute({
      method: "get",
      path: "/incidents/{id}/evidence",
      tags: ["evidence"],
      summary: "The incident's evidence files and tombstones of deleted ones (the read is audited)",
      request: { params: IdParam },
      responses: { 200: jsonOk(EvidenceList), ...errorResponses },
    }),
    async (c) => c.json(await service.listEvidence(db, requestContext(c), c.req.valid("param").id, config.evidenceMaxBytes), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/incidents/{id}/evidence",
      tags: ["evidence"],
      summary:
        "Attach one file (multipart/form-data: file, optional note and recordingNotice). Streamed, hashed (SHA-256) and checked against its type; nothing is kept on any error",
      request: {
        params: IdParam,
        // A plain JSON schema (not zod): the body is streamed by the handler, never buffered by a validator.
        body: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["file"],
                properties: {
                  file: { type: "string", format: "binary" },
                  note: { type: "string", maxLength: 2000 },
                  recordingNotice: { type: "string", enum: ["true", "false"] },
                },
              } as never,
            },
          },
        },
      },
      responses: { 201: jsonOk(EvidenceSchema, "Stored"), ...errorResponses, ...conflict },
    }),
    async (c) => {
      // The request's own body stream (the Node adapter may already have wrapped the socket stream).
      const headers = Object.fromEntries(c.req.raw.headers.entries());
      const body = c.req.raw.body ? Readable.fromWeb(c.req.raw.body as never) : Readable.from([]);
      const view = await service.uploadEvidence(db, storage, requestContext(c), c.req.valid("param").id, { body, headers }, config.evidenceMaxBytes);
      return c.json(view, 201);
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/evidence/{id}/content",
      tags: ["evidence"],
      summary: "The file, re-verified against its SHA-256 (whole file) or served by Range (206) for playback; ?download=1 for an attachment. Audited",
      request: { params: IdParam, query: ContentQuery },
      responses: {
        200: { description: "The whole file", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } as never } } },
        206: { description: "A byte range" },
        416: { description: "Range not satisfiable" },
        ...errorResponses,
        ...conflict,
      },
    }),
    async (c) => {
      const res = await content.openContent(db, storage, requestContext(c), c.req.valid("param").id, {
        rangeHeader: c.req.header("range"),
        download: c.req.valid("query").download !== undefined,
      });
      if (res.status === 416) return new Response(null, { status: 416, headers: { "content-range": `bytes */${res.size}`, "cache-control": "no-store" } });
      return new Response(Readable.toWeb(res.stream) as ReadableStream, {
        status: res.status,
        headers: { ...res.headers, "cache-control": "no-store" },
      }) as never;
    },
  );

  r.openapi(
    createRoute({
      method: "patch",
      path: "/evidence/{id}",
      tags: ["evidence"],
      summary: "Set the recording-notice flag (audio/video) or the note; send the version you edited",
      request: { params: IdParam, ...jsonBody(UpdateBody) },
      responses: { 200: jsonOk(EvidenceSchema), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await service.updateEvidence(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/evidence/{id}/deletion",
      tags: ["evidence"],
      summary: "Delete the file by hand with a reason (supervisors of the department, central; not under legal hold). Leaves a tombstone",
      request: { params: IdParam, ...jsonBody(DeletionBody) },
      responses: { 200: jsonOk(EvidenceSchema), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await service.deleteEvidence(db, storage, requestContext(c), c.req.valid("param").id, c.req.valid("json").reason), 200),
  );

  return r;
}
