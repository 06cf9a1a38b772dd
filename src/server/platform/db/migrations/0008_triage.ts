import { type Kysely, sql } from "kysely";

/**
 * Triage of written contacts. Each imported message is stored with the engine's result (kept as
 * it was) and the effective result after a reviewer's override. Repeat detection state lives
 * here too (senders, threads, and each message's shingle sketch), so every server process sees
 * the same threads. The lexicon extensions central saves are versioned rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE triage_lexicon_versions (
      id uuid PRIMARY KEY,
      version text NOT NULL UNIQUE,
      base_version text NOT NULL,
      change jsonb NOT NULL,
      note text NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX triage_lexicon_versions_created_idx ON triage_lexicon_versions(created_at)`.execute(db);

  // One row per normalised sender: locked while a message of that sender is threaded.
  await sql`
    CREATE TABLE triage_senders (
      sender_key text PRIMARY KEY,
      thread_seq integer NOT NULL DEFAULT 0
    )`.execute(db);

  await sql`
    CREATE TABLE triage_threads (
      id uuid PRIMARY KEY,
      sender_key text NOT NULL REFERENCES triage_senders(sender_key),
      seq integer NOT NULL,
      count integer NOT NULL CHECK (count >= 1),
      first_at timestamptz NOT NULL,
      last_at timestamptz NOT NULL,
      UNIQUE (sender_key, seq)
    )`.execute(db);

  await sql`
    CREATE TABLE triage_messages (
      id uuid PRIMARY KEY,
      department_id uuid NOT NULL REFERENCES departments(id),
      source text NOT NULL CHECK (source IN ('paste', 'eml', 'txt', 'csv')),
      file_name text,
      encoding text,
      subject text,
      sender text,
      sender_key text,
      received_at timestamptz,
      text text NOT NULL,
      flag text NOT NULL CHECK (flag IN ('none', 'review', 'urgent')),
      groups jsonb NOT NULL,
      result jsonb NOT NULL,
      lexicon_version text NOT NULL,
      effective_flag text NOT NULL CHECK (effective_flag IN ('none', 'review', 'urgent')),
      effective_groups jsonb NOT NULL,
      flag_rank smallint NOT NULL,
      overridden boolean NOT NULL DEFAULT false,
      thread_id uuid REFERENCES triage_threads(id),
      thread_count integer,
      sketch text,
      sketch_sampled boolean,
      imported_by uuid NOT NULL REFERENCES users(id),
      imported_at timestamptz NOT NULL,
      incident_id uuid REFERENCES incidents(id)
    )`.execute(db);
  await sql`CREATE INDEX triage_messages_inbox_idx ON triage_messages(department_id, flag_rank DESC, imported_at DESC)`.execute(db);
  await sql`CREATE INDEX triage_messages_rank_idx ON triage_messages(flag_rank DESC, imported_at DESC)`.execute(db);
  await sql`CREATE INDEX triage_messages_sender_idx ON triage_messages(sender_key, imported_at DESC)`.execute(db);
  await sql`CREATE INDEX triage_messages_thread_idx ON triage_messages(thread_id)`.execute(db);

  await sql`
    CREATE TABLE triage_overrides (
      id uuid PRIMARY KEY,
      message_id uuid NOT NULL REFERENCES triage_messages(id),
      flag text NOT NULL CHECK (flag IN ('none', 'review', 'urgent')),
      groups jsonb NOT NULL,
      previous_flag text NOT NULL,
      previous_groups jsonb NOT NULL,
      reason text NOT NULL CHECK (length(btrim(reason)) > 0),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX triage_overrides_message_idx ON triage_overrides(message_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["triage_overrides", "triage_messages", "triage_threads", "triage_senders", "triage_lexicon_versions"]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
