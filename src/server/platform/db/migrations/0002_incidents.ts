import { type Kysely, sql } from "kysely";

/**
 * Incident records: the record and its parts (quotes, codes, staff, timeline), counterparts,
 * central reporting rules, the central queue and notifications. SQL valid on PostgreSQL 15 and
 * PGlite (18). No sequences or identity columns: the logical backup restores every row as is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE counterparts (
      id uuid PRIMARY KEY,
      type text NOT NULL DEFAULT 'unknown' CHECK (type IN ('resident', 'business', 'facility_user', 'councillor', 'anonymous', 'unknown')),
      name text,
      name_normalised text,
      phone text,
      phone_normalised text,
      email text,
      email_normalised text,
      merged_into uuid REFERENCES counterparts(id),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (merged_into IS NULL OR merged_into <> id)
    )`.execute(db);
  await sql`CREATE INDEX counterparts_phone_idx ON counterparts(phone_normalised) WHERE phone_normalised IS NOT NULL`.execute(db);
  await sql`CREATE INDEX counterparts_email_idx ON counterparts(email_normalised) WHERE email_normalised IS NOT NULL`.execute(db);
  await sql`CREATE INDEX counterparts_name_idx ON counterparts(name_normalised) WHERE name_normalised IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE incident_counters (
      fiscal_year integer PRIMARY KEY,
      last_number integer NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE incidents (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      department_id uuid NOT NULL REFERENCES departments(id),
      created_by uuid NOT NULL REFERENCES users(id),
      supervisor_id uuid REFERENCES users(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'reported', 'under_review', 'judged', 'response_done', 'closed')),
      channel text NOT NULL CHECK (channel IN ('counter', 'phone', 'visit', 'email', 'letter', 'online')),
      place text,
      started_at timestamptz,
      ended_at timestamptz,
      counterpart_id uuid REFERENCES counterparts(id),
      persons_count integer CHECK (persons_count IS NULL OR persons_count BETWEEN 1 AND 1000),
      summary text NOT NULL DEFAULT '',
      narrative text NOT NULL DEFAULT '',
      demand text NOT NULL DEFAULT '',
      answers_given text NOT NULL DEFAULT '',
      ladder_steps jsonb NOT NULL DEFAULT '[]'::jsonb,
      police jsonb NOT NULL DEFAULT '{"contacted": false}'::jsonb,
      harm jsonb NOT NULL DEFAULT '{"harmed": false}'::jsonb,
      personal_data jsonb NOT NULL DEFAULT '{"demanded": false, "exposed": false}'::jsonb,
      own_error_contributed boolean,
      central_report_at timestamptz,
      retention_class text NOT NULL DEFAULT '3y' CHECK (retention_class IN ('1y', '3y', '5y', '10y')),
      legal_hold boolean NOT NULL DEFAULT false,
      judgement jsonb,
      judged_by uuid REFERENCES users(id),
      judged_at timestamptz,
      judgement_proposal jsonb,
      outcome text CHECK (outcome IN ('harassment', 'not_harassment', 'pending')),
      crossed_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      idempotency_key text,
      search_bigrams text[] NOT NULL DEFAULT '{}',
      search_text text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at),
      CHECK ((outcome IS NULL) = (judgement IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX incidents_idempotency_key ON incidents(created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);
  await sql`CREATE INDEX incidents_department_idx ON incidents(department_id, started_at)`.execute(db);
  await sql`CREATE INDEX incidents_created_by_idx ON incidents(created_by)`.execute(db);
  await sql`CREATE INDEX incidents_counterpart_idx ON incidents(counterpart_id)`.execute(db);
  await sql`CREATE INDEX incidents_status_idx ON incidents(status)`.execute(db);
  await sql`CREATE INDEX incidents_created_at_idx ON incidents(created_at)`.execute(db);
  await sql`CREATE INDEX incidents_search_idx ON incidents USING gin (search_bigrams)`.execute(db);

  await sql`
    CREATE TABLE incident_quotes (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      position integer NOT NULL,
      text text NOT NULL CHECK (length(text) > 0),
      speaker text NOT NULL DEFAULT 'counterpart' CHECK (speaker IN ('counterpart', 'staff', 'other')),
      is_act boolean NOT NULL DEFAULT false,
      at timestamptz,
      offset_seconds integer CHECK (offset_seconds IS NULL OR offset_seconds >= 0),
      UNIQUE (incident_id, position)
    )`.execute(db);

  await sql`
    CREATE TABLE incident_codes (
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      code text NOT NULL,
      PRIMARY KEY (incident_id, code)
    )`.execute(db);
  await sql`CREATE INDEX incident_codes_code_idx ON incident_codes(code)`.execute(db);

  await sql`
    CREATE TABLE incident_staff (
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      role text NOT NULL CHECK (role IN ('responder', 'recorder', 'present')),
      PRIMARY KEY (incident_id, user_id, role)
    )`.execute(db);
  await sql`CREATE INDEX incident_staff_user_idx ON incident_staff(user_id)`.execute(db);

  await sql`
    CREATE TABLE incident_events (
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      kind text NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES users(id),
      from_status text,
      to_status text,
      reason text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      PRIMARY KEY (incident_id, seq)
    )`.execute(db);

  await sql`
    CREATE TABLE counterpart_merges (
      id uuid PRIMARY KEY,
      source_id uuid NOT NULL REFERENCES counterparts(id),
      target_id uuid NOT NULL REFERENCES counterparts(id),
      incident_ids uuid[] NOT NULL,
      actor_id uuid REFERENCES users(id),
      at timestamptz NOT NULL,
      reason text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE report_rules (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('any', 'all')),
      conditions jsonb NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE central_queue (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      rule_id uuid REFERENCES report_rules(id) ON DELETE SET NULL,
      rule_name text NOT NULL,
      queued_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by uuid REFERENCES users(id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX central_queue_incident_rule ON central_queue(incident_id, rule_id)`.execute(db);
  await sql`CREATE INDEX central_queue_open_idx ON central_queue(queued_at) WHERE acknowledged_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      incident_id uuid REFERENCES incidents(id) ON DELETE CASCADE,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL,
      read_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX notifications_user_idx ON notifications(user_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "notifications",
    "central_queue",
    "report_rules",
    "counterpart_merges",
    "incident_events",
    "incident_staff",
    "incident_codes",
    "incident_quotes",
    "incidents",
    "incident_counters",
    "counterparts",
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
