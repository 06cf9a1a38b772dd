import { type Kysely, sql } from "kysely";

/**
 * Audio recorded on the live screen: a recording belongs to a live session and arrives in numbered
 * chunks (each a file in the evidence store) while it records; finishing (or the session's end)
 * assembles the chunks into one evidence file of the session's incident.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE live_recordings (
      id uuid PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES live_sessions(id),
      user_id uuid NOT NULL REFERENCES users(id),
      media_type text NOT NULL CHECK (media_type IN ('audio/webm', 'audio/ogg', 'audio/mp4')),
      started_at timestamptz NOT NULL,
      chunk_count integer NOT NULL DEFAULT 0,
      finished_at timestamptz,
      storage_key text,
      size_bytes bigint,
      sha256 text,
      evidence_id uuid REFERENCES evidence(id)
    )`.execute(db);
  await sql`CREATE INDEX live_recordings_session_idx ON live_recordings(session_id)`.execute(db);
  await sql`
    CREATE TABLE live_recording_chunks (
      recording_id uuid NOT NULL REFERENCES live_recordings(id),
      seq integer NOT NULL CHECK (seq >= 0),
      storage_key text NOT NULL,
      size_bytes integer NOT NULL,
      sha256 text NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (recording_id, seq)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS live_recording_chunks`.execute(db);
  await sql`DROP TABLE IF EXISTS live_recordings`.execute(db);
}
