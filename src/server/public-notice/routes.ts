import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { PUBLIC_LOCALES, SECTION_IDS } from "../../domain/public-notice/languages.ts";
import { POSTER_SIZES, POSTER_TEMPLATES, type PosterTemplate } from "../../domain/public-notice/poster-texts.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as service from "./service.ts";

const Organisation = z.object({ name: z.string(), department: z.string(), address: z.string(), hours: z.string() });
const SettingsSchema = z
  .object({
    organisation: z.record(z.enum(PUBLIC_LOCALES), Organisation),
    phone: z.string(),
    slug: z.string(),
    logo: z.object({ mime: z.string(), width: z.number(), height: z.number() }).nullable(),
    version: z.number(),
    updatedAt: z.string().nullable(),
  })
  .openapi("PublicNoticeSettings");

const OrganisationPatch = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  department: z.string().trim().max(100).optional(),
  address: z.string().trim().max(200).optional(),
  hours: z.string().trim().max(100).optional(),
});
const SettingsPatch = z.strictObject({
  organisation: z.partialRecord(z.enum(PUBLIC_LOCALES), OrganisationPatch).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9+()#\- ]*$/)
    .optional(),
  slug: z.string().max(40).optional().openapi({ description: "The organisation's own path for the public page, e.g. kasuhara for /kasuhara" }),
});

const SectionSchema = z
  .object({
    id: z.enum(SECTION_IDS),
    heading: z.string(),
    markdown: z.string(),
    defaultMarkdown: z.string(),
    overridden: z.boolean(),
    version: z.number(),
    updatedAt: z.string().nullable(),
    html: z.string(),
  })
  .openapi("PublicNoticeSection");

const LocaleParam = z.object({ locale: z.enum(PUBLIC_LOCALES).openapi({ param: { name: "locale", in: "path" } }) });
const SectionParams = LocaleParam.extend({ sectionId: z.enum(SECTION_IDS).openapi({ param: { name: "sectionId", in: "path" } }) });
const MarkdownBody = z.strictObject({ markdown: z.string().max(20_000) });
const LogoBody = z.strictObject({ dataBase64: z.string().min(1).openapi({ description: "PNG or JPEG, base64 (a data: URL prefix is accepted), at most 1 MB decoded" }) });

const POSTER_FILES = POSTER_TEMPLATES.map((t) => `${t}.pdf`) as [`${PosterTemplate}.pdf`, ...`${PosterTemplate}.pdf`[]];
const PosterParams = z.object({ file: z.enum(POSTER_FILES).openapi({ param: { name: "file", in: "path" } }) });
const PosterQuery = z.object({ size: z.enum(POSTER_SIZES).default("A4"), bilingual: z.enum(["true", "false"]).default("false") });

const tags = ["public notice"];

export function publicNoticeRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({ method: "get", path: "/public-notice/settings", tags, summary: "Organisation name, contact, public path and logo (central)", responses: { 200: jsonOk(SettingsSchema), ...errorResponses } }),
    async (c) => c.json(await service.getSettings(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({
      method: "patch",
      path: "/public-notice/settings",
      tags,
      summary: "Edit the organisation's name and contact per language and the public path (central)",
      request: jsonBody(SettingsPatch),
      responses: { 200: jsonOk(SettingsSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.updateSettings(db, requestContext(c), c.req.valid("json")), 200),
  );
  r.openapi(
    createRoute({ method: "put", path: "/public-notice/logo", tags, summary: "Upload the logo for posters and the public page (central)", request: jsonBody(LogoBody), responses: { 200: jsonOk(SettingsSchema), ...errorResponses } }),
    async (c) => c.json(await service.setLogo(db, requestContext(c), c.req.valid("json").dataBase64), 200),
  );
  r.openapi(
    createRoute({ method: "delete", path: "/public-notice/logo", tags, summary: "Remove the logo (central)", responses: { 200: jsonOk(SettingsSchema), ...errorResponses } }),
    async (c) => c.json(await service.removeLogo(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/public-notice/sections/{locale}",
      tags,
      summary: "The public page's sections in one language, with defaults and overrides (central)",
      request: { params: LocaleParam },
      responses: { 200: jsonOk(z.object({ sections: z.array(SectionSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ sections: await service.listSections(db, requestContext(c), c.req.valid("param").locale) }, 200),
  );
  r.openapi(
    createRoute({
      method: "put",
      path: "/public-notice/sections/{locale}/{sectionId}",
      tags,
      summary: "Publish new Markdown for one section in one language (central)",
      request: { params: SectionParams, ...jsonBody(MarkdownBody) },
      responses: { 200: jsonOk(SectionSchema), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await service.saveSection(db, requestContext(c), p.locale, p.sectionId, c.req.valid("json").markdown), 200);
    },
  );
  r.openapi(
    createRoute({
      method: "delete",
      path: "/public-notice/sections/{locale}/{sectionId}",
      tags,
      summary: "Go back to the default text of one section (central)",
      request: { params: SectionParams },
      responses: { 200: jsonOk(SectionSchema), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await service.resetSection(db, requestContext(c), p.locale, p.sectionId), 200);
    },
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/public-notice/preview",
      tags,
      summary: "Sanitised HTML for Markdown, exactly as the public page would show it (central)",
      request: jsonBody(MarkdownBody),
      responses: { 200: jsonOk(z.object({ html: z.string() })), ...errorResponses },
    }),
    (c) => c.json(service.preview(requestContext(c), c.req.valid("json").markdown), 200),
  );
  r.openapi(
    createRoute({
      method: "get",
      path: "/posters/{file}",
      tags,
      summary: "A poster as PDF: basic stance, recording notice, or ending the response (central, supervisors, staff)",
      request: { params: PosterParams, query: PosterQuery },
      responses: { 200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...errorResponses },
    }),
    async (c) => {
      const template = c.req.valid("param").file.replace(/\.pdf$/, "") as PosterTemplate;
      const q = c.req.valid("query");
      const pdf = await service.poster(db, requestContext(c), template, q.size, q.bilingual === "true");
      return c.body(new Uint8Array(pdf), 200, {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${template}-${q.size}${q.bilingual === "true" ? "-bilingual" : ""}.pdf"`,
      });
    },
  );

  return r;
}
