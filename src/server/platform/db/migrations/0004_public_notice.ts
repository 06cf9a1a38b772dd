import { type Kysely, sql } from "kysely";

/**
 * The public notice and posters: one settings row for the organisation (names and contact per
 * language, the public path, the logo) and central's per-language section overrides. Each row
 * carries a version that every edit increments; the audit trail holds before/after hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE public_notice_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      organisation jsonb NOT NULL,
      phone text NOT NULL DEFAULT '',
      slug text NOT NULL,
      logo bytea,
      logo_mime text CHECK (logo_mime IN ('image/png', 'image/jpeg')),
      logo_width integer,
      logo_height integer,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users(id),
      CHECK ((logo IS NULL) = (logo_mime IS NULL))
    )`.execute(db);

  await sql`
    CREATE TABLE public_notice_sections (
      locale text NOT NULL CHECK (locale IN ('ja', 'ja-easy', 'en', 'zh-Hans', 'ko')),
      section_id text NOT NULL,
      markdown text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users(id),
      PRIMARY KEY (locale, section_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS public_notice_sections`.execute(db);
  await sql`DROP TABLE IF EXISTS public_notice_settings`.execute(db);
}
