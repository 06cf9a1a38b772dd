import type { PublicLocale, SectionId } from "../../domain/public-notice/languages.ts";
import type { Executor } from "../platform/context.ts";

export async function settingsRow(db: Executor) {
  return db
    .selectFrom("public_notice_settings")
    .select(["organisation", "phone", "slug", "logo_mime", "logo_width", "logo_height", "version", "updated_at", "updated_by"])
    .where("id", "=", 1)
    .executeTakeFirst();
}

export async function slug(db: Executor): Promise<string | undefined> {
  return (await db.selectFrom("public_notice_settings").select("slug").where("id", "=", 1).executeTakeFirst())?.slug;
}

export async function logo(db: Executor) {
  return db.selectFrom("public_notice_settings").select(["logo", "logo_mime", "logo_width", "logo_height"]).where("id", "=", 1).executeTakeFirst();
}

/** Inserts or replaces the settings row, incrementing its version. */
export async function saveSettings(
  db: Executor,
  values: {
    organisation: unknown;
    phone: string;
    slug: string;
    logo?: { bytes: Buffer; mime: string; width: number; height: number } | null;
    userId: string | null;
  },
) {
  const now = new Date();
  const logoColumns =
    values.logo === undefined
      ? {}
      : {
          logo: values.logo?.bytes ?? null,
          logo_mime: values.logo?.mime ?? null,
          logo_width: values.logo?.width ?? null,
          logo_height: values.logo?.height ?? null,
        };
  await db
    .insertInto("public_notice_settings")
    .values({ id: 1, organisation: JSON.stringify(values.organisation), phone: values.phone, slug: values.slug, ...logoColumns, version: 1, updated_at: now, updated_by: values.userId })
    .onConflict((oc) =>
      oc.column("id").doUpdateSet((eb) => ({
        organisation: JSON.stringify(values.organisation),
        phone: values.phone,
        slug: values.slug,
        ...logoColumns,
        version: eb("public_notice_settings.version", "+", 1),
        updated_at: now,
        updated_by: values.userId,
      })),
    )
    .execute();
}

export async function overrides(db: Executor, locale: PublicLocale) {
  return db.selectFrom("public_notice_sections").selectAll().where("locale", "=", locale).execute();
}

export async function override(db: Executor, locale: PublicLocale, sectionId: SectionId) {
  return db.selectFrom("public_notice_sections").selectAll().where("locale", "=", locale).where("section_id", "=", sectionId).executeTakeFirst();
}

export async function saveOverride(db: Executor, locale: PublicLocale, sectionId: SectionId, markdown: string, userId: string | null) {
  const now = new Date();
  await db
    .insertInto("public_notice_sections")
    .values({ locale, section_id: sectionId, markdown, version: 1, updated_at: now, updated_by: userId })
    .onConflict((oc) =>
      oc.columns(["locale", "section_id"]).doUpdateSet((eb) => ({ markdown, version: eb("public_notice_sections.version", "+", 1), updated_at: now, updated_by: userId })),
    )
    .execute();
}

export async function deleteOverride(db: Executor, locale: PublicLocale, sectionId: SectionId) {
  const r = await db.deleteFrom("public_notice_sections").where("locale", "=", locale).where("section_id", "=", sectionId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
