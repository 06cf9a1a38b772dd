import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { CARE_FLAGS, CATEGORIES, STATUSES } from "../../domain/consultations/workflow.ts";
import type { Config } from "../platform/config.ts";
import { keyringFor } from "../platform/crypto.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import { bodyLimit } from "hono/body-limit";
import { addAttachment, addAttachmentByReceipt, contentDisposition, readAttachment, readAttachmentByReceipt, tooLarge } from "./attachments.ts";
import { invalid } from "../platform/http/errors.ts";
import { consultationInfo } from "./content.ts";
import * as service from "./service.ts";
import { statistics } from "./statistics.ts";

/** Longest consultation text, message or note (characters). */
export const MAX_TEXT = 20_000;
const Text = z.string().trim().min(1).max(MAX_TEXT);
const Any = z.looseObject({}).openapi({ type: "object" });
// Any string: a malformed code must get the same answer as a wrong one, not a validation error.
const Code = z.string().max(200);

const CreateBody = z.strictObject({ category: z.enum(CATEGORIES), body: Text });
const ReceiptBody = z.strictObject({ code: Code });
const ReceiptMessageBody = z.strictObject({ code: Code, body: Text });
const MessageBody = z.strictObject({ body: Text });
const ConsentBody = z.strictObject({ incidentId: z.uuid() });
const UpdateBody = z.strictObject({
  status: z.enum(STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  assignedTo: z.uuid().nullable().optional(),
  careFlags: z.array(z.enum(CARE_FLAGS)).max(CARE_FLAGS.length).optional(),
  followUpInBusinessDays: z
    .number()
    .int()
    .min(0)
    .max(60)
    .optional()
    .openapi({ description: "Counted in business days (weekends, public holidays and 12/29–1/3 skipped)" }),
  followUpOn: z.iso.date().nullable().optional(),
});
const ListQuery = z.object({
  status: z.enum(STATUSES).optional(),
  assignedTo: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const tags = ["consultations"];

/** Multipart uploads (the only non-JSON bodies of the API): app.ts lets these through with their own size limit. */
const UPLOAD_PATH = /^\/api\/consultations\/[^/]+\/attachments$/;
export const isAttachmentUpload = (method: string, path: string) => method === "POST" && UPLOAD_PATH.test(path);
/** Room for the multipart framing and the receipt code around the file itself. */
const MULTIPART_OVERHEAD = 16 * 1024;

// Checked in the handler so a missing file gets its own clear message ("choose a file"), not a validation error.
const FileField = z.unknown().optional().openapi({ type: "string", format: "binary" });
const UploadForm = z.object({ file: FileField });
const ReceiptUploadForm = z.object({ code: Code, file: FileField });
const uploadBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "multipart/form-data": { schema } } } });
const AttachmentParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  attachmentId: z.uuid().openapi({ param: { name: "attachmentId", in: "path" } }),
});
const ReceiptDownloadBody = z.strictObject({ code: Code, attachmentId: z.uuid() });
const fileOk = {
  description: "The file (Content-Disposition: attachment)",
  content: { "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) } },
};

type FileOut = { filename: string; contentType: string; bytes: Buffer };
const sendFile = (f: FileOut) =>
  new Response(new Uint8Array(f.bytes), {
    status: 200,
    headers: {
      "content-type": f.contentType,
      "content-length": String(f.bytes.length),
      "content-disposition": contentDisposition(f.filename),
      "cache-control": "no-store",
    },
  });
const upload = async (file: unknown) => {
  if (!(file instanceof File) || file.size === 0) throw invalid("attachment_missing");
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
};

export function consultationRoutes(db: Kysely<Database>, config: Config) {
  const r = createRouter();
  // Read on first use (main.ts has already refused to start without a key).
  const deps = () => ({ db, ring: keyringFor(config) });
  const maxBytes = config.consultationAttachmentMaxBytes;
  r.use(
    "/consultations/:id/attachments",
    bodyLimit({
      maxSize: maxBytes + MULTIPART_OVERHEAD,
      onError: () => {
        throw tooLarge(maxBytes);
      },
    }),
  );

  // ---- no session: the information page and everything done with a receipt code ----------------
  r.openapi(
    createRoute({
      method: "get",
      path: "/consultation-info",
      tags,
      summary: "No-retaliation statement, channels, anonymity notice and labels (public)",
      responses: { 200: jsonOk(Any) },
    }),
    (c) => c.json({ ...consultationInfo(), attachmentMaxBytes: config.consultationAttachmentMaxBytes } as unknown as Record<string, never>, 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/anonymous",
      tags,
      summary: "Consult anonymously: nothing about the sender is stored; returns the receipt code once",
      request: jsonBody(CreateBody),
      responses: { 201: jsonOk(z.object({ receiptCode: z.string() })), ...errorResponses },
    }),
    async (c) => c.json(await service.createAnonymous(deps(), requestContext(c), c.req.valid("json")), 201),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/receipt/read",
      tags,
      summary: "Read an anonymous consultation and its replies with the receipt code",
      request: jsonBody(ReceiptBody),
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.readByReceipt(deps(), requestContext(c), c.req.valid("json").code), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/receipt/messages",
      tags,
      summary: "Add a message to an anonymous consultation with the receipt code",
      request: jsonBody(ReceiptMessageBody),
      responses: { 201: jsonOk(Any), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return c.json(await service.messageByReceipt(deps(), requestContext(c), b.code, b.body), 201);
    },
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/receipt/attachments",
      tags,
      summary: "Attach a file to an anonymous consultation with the receipt code (multipart: code, file)",
      request: uploadBody(ReceiptUploadForm),
      responses: { 201: jsonOk(Any), ...errorResponses },
    }),
    async (c) => {
      const f = c.req.valid("form");
      return c.json(await addAttachmentByReceipt(deps(), requestContext(c), f.code, await upload(f.file), maxBytes), 201);
    },
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/receipt/attachments/download",
      tags,
      summary: "Download a file of an anonymous consultation with the receipt code",
      request: jsonBody(ReceiptDownloadBody),
      responses: { 200: fileOk, ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return sendFile(await readAttachmentByReceipt(deps(), requestContext(c), b.code, b.attachmentId)) as never;
    },
  );

  // ---- signed in ---------------------------------------------------------------------------------
  r.openapi(
    createRoute({
      method: "get",
      path: "/consultation-desk-members",
      tags,
      summary: "Desk members a case can be assigned to (desk only)",
      responses: { 200: jsonOk(z.object({ members: z.array(Any) })), ...errorResponses },
    }),
    async (c) => c.json({ members: await service.deskMembers(deps(), requestContext(c)) }, 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/consultation-statistics",
      tags,
      summary: "Counts by category, status, kind and care flag; counts below 5 shown as <5 (desk, central)",
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await statistics(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/consultations",
      tags,
      summary: "All consultations (desk only)",
      request: { query: ListQuery },
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await service.listForDesk(deps(), requestContext(c), { status: q.status, assignedTo: q.assignedTo }, q.limit, q.offset), 200);
    },
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations",
      tags,
      summary: "Consult with your name (staff)",
      request: jsonBody(CreateBody),
      responses: { 201: jsonOk(z.object({ id: z.string() })), ...errorResponses },
    }),
    async (c) => c.json(await service.createNamed(deps(), requestContext(c), c.req.valid("json")), 201),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/consultations/mine",
      tags,
      summary: "My named consultations",
      responses: { 200: jsonOk(z.object({ consultations: z.array(Any) })), ...errorResponses },
    }),
    async (c) => c.json({ consultations: await service.listOwn(deps(), requestContext(c)) }, 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/consultations/{id}",
      tags,
      summary: "One consultation (desk, or the staff member who consulted by name)",
      request: { params: IdParam },
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.read(deps(), requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "patch",
      path: "/consultations/{id}",
      tags,
      summary: "Status, category, assignee, care flags, follow-up (desk)",
      request: { params: IdParam, ...jsonBody(UpdateBody) },
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.update(deps(), requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/{id}/messages",
      tags,
      summary: "Reply (desk) or write again (the consulting staff member)",
      request: { params: IdParam, ...jsonBody(MessageBody) },
      responses: { 201: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.reply(deps(), requestContext(c), c.req.valid("param").id, c.req.valid("json").body), 201),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/{id}/attachments",
      tags,
      summary: "Attach a file (desk, or the staff member who consulted by name; multipart: file)",
      request: { params: IdParam, ...uploadBody(UploadForm) },
      responses: { 201: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await addAttachment(deps(), requestContext(c), c.req.valid("param").id, await upload(c.req.valid("form").file), maxBytes), 201),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/consultations/{id}/attachments/{attachmentId}",
      tags,
      summary: "Download an attached file (desk, or the staff member who consulted by name)",
      request: { params: AttachmentParams },
      responses: { 200: fileOk, ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return sendFile(await readAttachment(deps(), requestContext(c), p.id, p.attachmentId)) as never;
    },
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/{id}/notes",
      tags,
      summary: "Internal desk note (desk only, never shown to the staff member)",
      request: { params: IdParam, ...jsonBody(MessageBody) },
      responses: { 201: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.addNote(deps(), requestContext(c), c.req.valid("param").id, c.req.valid("json").body), 201),
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/consultations/{id}/consent",
      tags,
      summary: "Consent to link this named consultation to an incident (the consulting staff member)",
      request: { params: IdParam, ...jsonBody(ConsentBody) },
      responses: { 201: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.giveConsent(deps(), requestContext(c), c.req.valid("param").id, c.req.valid("json").incidentId), 201),
  );
  r.openapi(
    createRoute({
      method: "delete",
      path: "/consultations/{id}/consent",
      tags,
      summary: "Withdraw consent: the link disappears for everyone but the desk",
      request: { params: IdParam },
      responses: { 200: jsonOk(Any), ...errorResponses },
    }),
    async (c) => c.json(await service.withdrawConsent(deps(), requestContext(c), c.req.valid("param").id), 200),
  );
  return r;
}
