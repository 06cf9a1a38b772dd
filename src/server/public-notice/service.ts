import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Kysely } from "kysely";
import { DEFAULT_TEXTS, type NoticeSettings, type OrganisationDetails, completeSettings, effectiveSections } from "../../domain/public-notice/defaults.ts";
import { type PublicLocale, type Section, type SectionId, SECTION_IDS } from "../../domain/public-notice/languages.ts";
import { checkLogo } from "../../domain/public-notice/logo.ts";
import { markdownToSafeHtml } from "../../domain/public-notice/markdown.ts";
import type { PosterSize, PosterTemplate } from "../../domain/public-notice/poster-texts.ts";
import { checkSlug } from "../../domain/public-notice/slug.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { invalid } from "../platform/http/errors.ts";
import { posterPolicy, publicNoticePolicy } from "./policy.ts";
import { pdfCanEmbed, renderPoster } from "./posters.ts";
import * as repo from "./repo.ts";

/** SHA-256 of the canonical JSON of a value: the audit trail records before/after hashes of every edit. */
export const contentHash = (value: unknown) => createHash("sha256").update(canonicalize(value) ?? "null").digest("hex");

export interface SettingsView extends NoticeSettings {
  logo: { mime: string; width: number; height: number } | null;
  version: number;
  updatedAt: string | null;
}

async function readSettings(db: Executor): Promise<SettingsView> {
  const row = await repo.settingsRow(db);
  const settings = completeSettings(row ? { organisation: row.organisation as unknown as NoticeSettings["organisation"], phone: row.phone, slug: row.slug } : null);
  return {
    ...settings,
    logo: row?.logo_mime ? { mime: row.logo_mime, width: row.logo_width ?? 0, height: row.logo_height ?? 0 } : null,
    version: row?.version ?? 0,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

/** What the public page shows in one language. No sign-in: this is published information. */
export async function publicContent(db: Executor, locale: PublicLocale) {
  const settings = await readSettings(db);
  const rows = await repo.overrides(db, locale);
  const sections = effectiveSections(locale, new Map(rows.map((r) => [r.section_id as SectionId, r.markdown])));
  return { settings, sections: sections.map((s) => ({ ...s, html: markdownToSafeHtml(s.markdown) })), words: DEFAULT_TEXTS[locale].words };
}

export async function currentSlug(db: Executor): Promise<string> {
  return (await repo.slug(db)) ?? completeSettings(null).slug;
}

export async function publicLogo(db: Executor) {
  const row = await repo.logo(db);
  return row?.logo && row.logo_mime ? { bytes: row.logo, mime: row.logo_mime } : null;
}

export async function getSettings(db: Executor, ctx: RequestContext) {
  publicNoticePolicy.authorize(ctx.actor, "read_settings", null);
  return readSettings(db);
}

export interface SettingsPatch {
  organisation?: Partial<Record<PublicLocale, Partial<OrganisationDetails>>> | undefined;
  phone?: string | undefined;
  slug?: string | undefined;
}

const auditable = (s: SettingsView) => ({ organisation: s.organisation, phone: s.phone, slug: s.slug, logo: s.logo });

export async function updateSettings(db: Kysely<Database>, ctx: RequestContext, patch: SettingsPatch) {
  const actor = publicNoticePolicy.authorize(ctx.actor, "edit", null);
  if (patch.slug !== undefined) {
    const problem = checkSlug(patch.slug);
    if (problem) throw invalid(problem, { slug: patch.slug });
  }
  return db.transaction().execute(async (trx) => {
    const before = await readSettings(trx);
    const organisation = { ...before.organisation };
    for (const [locale, details] of Object.entries(patch.organisation ?? {}) as [PublicLocale, Partial<OrganisationDetails>][]) {
      organisation[locale] = { ...organisation[locale], ...details };
    }
    await repo.saveSettings(trx, { organisation, phone: patch.phone ?? before.phone, slug: patch.slug ?? before.slug, userId: actor.userId });
    const after = await readSettings(trx);
    await audit.record(trx, ctx, {
      action: "public_notice.settings.update",
      resourceType: "public_notice",
      resourceId: "settings",
      details: { version: after.version, beforeHash: contentHash(auditable(before)), afterHash: contentHash(auditable(after)), slugChanged: before.slug !== after.slug },
    });
    return after;
  });
}

export async function setLogo(db: Kysely<Database>, ctx: RequestContext, base64: string) {
  const actor = publicNoticePolicy.authorize(ctx.actor, "edit", null);
  const cleaned = base64.replace(/^data:[^,]*,/, "").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned) || cleaned.length % 4 !== 0 || cleaned.length === 0) throw invalid("logo_not_image");
  const bytes = Buffer.from(cleaned, "base64");
  const check = checkLogo(bytes);
  if (!check.ok) throw invalid(check.problem, { detail: check.detail ?? "" });
  if (!pdfCanEmbed(bytes)) throw invalid("logo_not_image");
  return db.transaction().execute(async (trx) => {
    const before = await readSettings(trx);
    await repo.saveSettings(trx, {
      organisation: before.organisation,
      phone: before.phone,
      slug: before.slug,
      logo: { bytes, mime: check.mime, width: check.width, height: check.height },
      userId: actor.userId,
    });
    const after = await readSettings(trx);
    await audit.record(trx, ctx, {
      action: "public_notice.logo.set",
      resourceType: "public_notice",
      resourceId: "logo",
      details: { version: after.version, mime: check.mime, width: check.width, height: check.height, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") },
    });
    return after;
  });
}

export async function removeLogo(db: Kysely<Database>, ctx: RequestContext) {
  const actor = publicNoticePolicy.authorize(ctx.actor, "edit", null);
  return db.transaction().execute(async (trx) => {
    const before = await readSettings(trx);
    await repo.saveSettings(trx, { organisation: before.organisation, phone: before.phone, slug: before.slug, logo: null, userId: actor.userId });
    const after = await readSettings(trx);
    await audit.record(trx, ctx, { action: "public_notice.logo.remove", resourceType: "public_notice", resourceId: "logo", details: { version: after.version, hadLogo: before.logo !== null } });
    return after;
  });
}

export interface SectionView extends Section {
  defaultMarkdown: string;
  overridden: boolean;
  version: number;
  updatedAt: string | null;
  html: string;
}

export async function listSections(db: Executor, ctx: RequestContext, locale: PublicLocale): Promise<SectionView[]> {
  publicNoticePolicy.authorize(ctx.actor, "read_settings", null);
  const rows = new Map((await repo.overrides(db, locale)).map((r) => [r.section_id, r]));
  return SECTION_IDS.map((id) => {
    const d = DEFAULT_TEXTS[locale].sections.find((s) => s.id === id) as Section;
    const row = rows.get(id);
    const markdown = row?.markdown ?? d.markdown;
    return { ...d, markdown, defaultMarkdown: d.markdown, overridden: !!row, version: row?.version ?? 0, updatedAt: row?.updated_at.toISOString() ?? null, html: markdownToSafeHtml(markdown) };
  });
}

/** Publishes central's text for one section. Text that sanitises to nothing is refused rather than published blank. */
export async function saveSection(db: Kysely<Database>, ctx: RequestContext, locale: PublicLocale, sectionId: SectionId, markdown: string) {
  const actor = publicNoticePolicy.authorize(ctx.actor, "edit", null);
  if (markdownToSafeHtml(markdown).replace(/<[^>]*>/g, "").trim() === "") throw invalid("section_empty");
  return db.transaction().execute(async (trx) => {
    const before = await repo.override(trx, locale, sectionId);
    const beforeMarkdown = before?.markdown ?? DEFAULT_TEXTS[locale].sections.find((s) => s.id === sectionId)?.markdown ?? "";
    await repo.saveOverride(trx, locale, sectionId, markdown, actor.userId);
    const after = await repo.override(trx, locale, sectionId);
    await audit.record(trx, ctx, {
      action: "public_notice.section.update",
      resourceType: "public_notice_section",
      resourceId: `${locale}/${sectionId}`,
      details: { version: after?.version ?? 1, fromDefault: !before, beforeHash: contentHash(beforeMarkdown), afterHash: contentHash(markdown) },
    });
    return (await listSections(trx, ctx, locale)).find((s) => s.id === sectionId) as SectionView;
  });
}

/** Goes back to the default text for one section. */
export async function resetSection(db: Kysely<Database>, ctx: RequestContext, locale: PublicLocale, sectionId: SectionId) {
  publicNoticePolicy.authorize(ctx.actor, "edit", null);
  return db.transaction().execute(async (trx) => {
    const before = await repo.override(trx, locale, sectionId);
    const removed = await repo.deleteOverride(trx, locale, sectionId);
    const defaultMarkdown = DEFAULT_TEXTS[locale].sections.find((s) => s.id === sectionId)?.markdown ?? "";
    await audit.record(trx, ctx, {
      action: "public_notice.section.reset",
      resourceType: "public_notice_section",
      resourceId: `${locale}/${sectionId}`,
      details: { removed, beforeHash: contentHash(before?.markdown ?? defaultMarkdown), afterHash: contentHash(defaultMarkdown) },
    });
    return (await listSections(trx, ctx, locale)).find((s) => s.id === sectionId) as SectionView;
  });
}

export function preview(ctx: RequestContext, markdown: string) {
  publicNoticePolicy.authorize(ctx.actor, "edit", null);
  return { html: markdownToSafeHtml(markdown) };
}

export async function poster(db: Executor, ctx: RequestContext, template: PosterTemplate, size: PosterSize, bilingual: boolean) {
  posterPolicy.authorize(ctx.actor, "download", null);
  const settings = await readSettings(db);
  const logoRow = settings.logo ? await repo.logo(db) : undefined;
  const ja = settings.organisation.ja;
  const en = settings.organisation.en;
  const { pdf } = await renderPoster({
    template,
    size,
    bilingual,
    organisation: {
      nameJa: ja.name,
      nameEn: en.name,
      departmentJa: ja.department,
      departmentEn: en.department,
      phone: settings.phone,
      hoursJa: ja.hours,
      hoursEn: en.hours,
      logo: logoRow?.logo ? { bytes: logoRow.logo, width: logoRow.logo_width ?? 1, height: logoRow.logo_height ?? 1 } : null,
    },
  });
  await audit.record(db, ctx, { action: "poster.download", resourceType: "poster", resourceId: template, details: { size, bilingual } });
  return pdf;
}
