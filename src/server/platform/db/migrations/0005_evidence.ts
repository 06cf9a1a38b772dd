import { type Kysely, sql } from "kysely";

/**
 * Evidence attached to incidents. The file lives in the evidence store (platform/storage); the row
 * holds what proves it: size and SHA-256 computed while it streamed in. A deleted file leaves its
 * row as a tombstone: hash, size, who or what deleted it, when and why — the file name and note are
 * blanked (they may name people). `verified_*` caches the last whole-file check against the
 * store's change token, for ranged playback. `job_locks` keeps scheduled jobs to one process at a
 * time across servers (a lease: holder and expiry).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE evidence (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents(id),
      storage_key text NOT NULL UNIQUE,
      original_name text NOT NULL,
      media_type text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('audio', 'video', 'image', 'pdf', 'email', 'text')),
      size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      uploaded_by uuid NOT NULL REFERENCES users(id),
      uploaded_at timestamptz NOT NULL,
      recording_notice boolean,
      note text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      verified_version text,
      verified_at timestamptz,
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id),
      deletion_kind text CHECK (deletion_kind IN ('manual', 'retention')),
      deletion_reason text,
      file_removed_at timestamptz,
      CHECK ((recording_notice IS NULL) = (kind NOT IN ('audio', 'video'))),
      CHECK ((deleted_at IS NULL) = (deletion_kind IS NULL)),
      CHECK (deletion_kind IS DISTINCT FROM 'manual' OR deleted_by IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX evidence_incident ON evidence (incident_id, uploaded_at)`.execute(db);
  await sql`CREATE INDEX evidence_live ON evidence (uploaded_at) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX evidence_pending_removal ON evidence (deleted_at) WHERE deleted_at IS NOT NULL AND file_removed_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE job_locks (
      name text PRIMARY KEY,
      holder text NOT NULL,
      acquired_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS job_locks`.execute(db);
  await sql`DROP TABLE IF EXISTS evidence`.execute(db);
}
