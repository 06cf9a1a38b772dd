import { type Kysely, sql } from "kysely";

/**
 * Files attached to a consultation (photos, recordings, documents). The file name and the content
 * are encrypted like every other consultation text (platform/crypto.ts, same keyring); the media
 * type is the one detected from the content, never the one the sender claimed. `key_id` names the
 * key the content is under, so key rotation can find old rows without reading the content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE consultation_attachments (
      id uuid PRIMARY KEY,
      consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      author_kind text NOT NULL CHECK (author_kind IN ('staff', 'desk')),
      desk_user_id uuid REFERENCES users(id),
      filename_ciphertext text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      key_id text NOT NULL,
      content_ciphertext bytea NOT NULL,
      created_at timestamptz NOT NULL,
      CHECK ((author_kind = 'desk') = (desk_user_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX consultation_attachments_idx ON consultation_attachments(consultation_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS consultation_attachments`.execute(db);
}
