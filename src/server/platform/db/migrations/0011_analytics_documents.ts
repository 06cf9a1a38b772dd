import { type Kysely, sql } from "kysely";

/**
 * Analytics, reports and the documents a case needs: the counterpart's postal address (for
 * letters), editable letter templates, issued letters (the PDF kept with the incident), the
 * restriction register, the organisation's Ed25519 signing key and police/lawyer packages.
 * Plus an index on the period expression every dashboard query filters on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE counterparts ADD COLUMN postal_code text`.execute(db);
  await sql`ALTER TABLE counterparts ADD COLUMN postal_address text`.execute(db);

  await sql`CREATE INDEX incidents_period_idx ON incidents ((coalesce(started_at, created_at)), id)`.execute(db);

  await sql`
    CREATE TABLE letter_templates (
      kind text PRIMARY KEY CHECK (kind IN ('warning', 'end_of_response', 'written_only', 'restriction_notice')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      version integer NOT NULL DEFAULT 1,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE letters (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents(id),
      kind text NOT NULL CHECK (kind IN ('warning', 'end_of_response', 'written_only', 'restriction_notice')),
      title text NOT NULL,
      body text NOT NULL,
      addressee_name text NOT NULL,
      postal_code text,
      postal_address text NOT NULL,
      pdf bytea NOT NULL,
      sha256 text NOT NULL,
      issued_by uuid NOT NULL REFERENCES users(id),
      issued_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX letters_incident_idx ON letters(incident_id, issued_at)`.execute(db);

  await sql`
    CREATE TABLE restrictions (
      id uuid PRIMARY KEY,
      counterpart_id uuid NOT NULL REFERENCES counterparts(id),
      kind text NOT NULL CHECK (kind IN ('single_contact', 'written_only', 'time_limit', 'premises_ban')),
      scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 500),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      incident_ids uuid[] NOT NULL DEFAULT '{}',
      time_limit_minutes integer CHECK (time_limit_minutes IS NULL OR time_limit_minutes BETWEEN 1 AND 480),
      approved_by uuid NOT NULL REFERENCES users(id),
      starts_on date NOT NULL,
      review_on date NOT NULL,
      ends_on date,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      CHECK (review_on >= starts_on),
      CHECK (ends_on IS NULL OR ends_on >= starts_on),
      CHECK ((kind = 'time_limit') = (time_limit_minutes IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX restrictions_counterpart_idx ON restrictions(counterpart_id)`.execute(db);
  await sql`CREATE INDEX restrictions_review_idx ON restrictions(review_on) WHERE ends_on IS NULL`.execute(db);

  await sql`
    CREATE TABLE signing_keys (
      id text PRIMARY KEY,
      public_key_pem text NOT NULL,
      private_key_enc text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE case_packages (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents(id),
      purpose text NOT NULL CHECK (purpose IN ('police', 'lawyer')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
      requested_by uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL,
      approved_by uuid REFERENCES users(id),
      approved_at timestamptz,
      CHECK ((approved_by IS NULL) = (approved_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX case_packages_incident_idx ON case_packages(incident_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["case_packages", "signing_keys", "restrictions", "letters", "letter_templates"]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
  await sql`DROP INDEX IF EXISTS incidents_period_idx`.execute(db);
  await sql`ALTER TABLE counterparts DROP COLUMN IF EXISTS postal_address`.execute(db);
  await sql`ALTER TABLE counterparts DROP COLUMN IF EXISTS postal_code`.execute(db);
}
