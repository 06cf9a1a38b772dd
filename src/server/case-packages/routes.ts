import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { keyringFor } from "../platform/crypto.ts";
import type { Config } from "../platform/config.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import type { EvidenceSource } from "./evidence-source.ts";
import * as service from "./service.ts";

const tags = ["case-packages"];
const PackageSchema = z.object({ id: z.string(), incidentId: z.string(), purpose: z.string(), approved: z.boolean(), downloadUrl: z.string() }).passthrough().openapi("CasePackage");
const conflictResponses = { 409: errorResponses[400], 422: errorResponses[400] };

export function casePackageRoutes(db: Kysely<Database>, config: Config, evidence: EvidenceSource) {
  const r = createRouter();
  const deps = () => ({ db, ring: keyringFor(config), evidence });

  r.openapi(
    createRoute({
      method: "post",
      path: "/incidents/{id}/packages",
      tags,
      summary: "Ask for a police/lawyer package of an incident (department supervisor or central); central must approve it",
      request: { params: IdParam, ...jsonBody(z.object({ purpose: z.enum(["police", "lawyer"]), reason: z.string().trim().min(1).max(1000) }).strict()) },
      responses: { 201: jsonOk(PackageSchema, "Requested"), ...errorResponses, ...conflictResponses },
    }),
    async (c) => c.json(await service.request(deps(), requestContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  r.openapi(
    createRoute({ method: "get", path: "/incidents/{id}/packages", tags, summary: "Packages asked for on an incident", request: { params: IdParam }, responses: { 200: jsonOk(z.object({ packages: z.array(PackageSchema) })), ...errorResponses } }),
    async (c) => c.json(await service.listForIncident(deps(), requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({ method: "post", path: "/case-packages/{id}/approve", tags, summary: "Approve a package (central)", request: { params: IdParam }, responses: { 200: jsonOk(PackageSchema), ...errorResponses, ...conflictResponses } }),
    async (c) => c.json(await service.approve(deps(), requestContext(c), c.req.valid("param").id), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/case-packages/{id}/download",
      tags,
      summary: "The approved package as a ZIP: record and timeline PDF, letters, evidence files, signed manifest (audited)",
      request: { params: IdParam },
      responses: { 200: { description: "ZIP", content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } } }, ...errorResponses, ...conflictResponses },
    }),
    async (c) => {
      const built = await service.download(deps(), requestContext(c), c.req.valid("param").id);
      return new Response(Readable.toWeb(built.stream) as ReadableStream, {
        status: 200,
        headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${built.filename}"`, "cache-control": "no-store" },
      });
    },
  );
  r.openapi(
    createRoute({ method: "get", path: "/signing-key.pem", tags, summary: "The organisation's package signing public key (Ed25519, PEM) to give recipients", responses: { 200: { description: "PEM", content: { "application/x-pem-file": { schema: z.string() } } }, ...errorResponses } }),
    async (c) => {
      const key = await service.publicKey(deps(), requestContext(c));
      return c.body(key.publicKeyPem, 200, { "content-type": "application/x-pem-file", "content-disposition": `attachment; filename="mamoru-signing-key-${key.keyId}.pem"` });
    },
  );
  return r;
}
