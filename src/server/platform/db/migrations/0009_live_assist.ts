import { type Kysely, sql } from "kysely";

/**
 * Live response assist: settings per department and channel, the script library, live sessions
 * with their action log (the timeline), alerts with acknowledgements, and the delivery feed that
 * real-time streams read (ordered by a counter row so that readers never skip a slower commit).
 * No sequences or identity columns (the logical backup restores every row as is).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE live_settings (
      scope text PRIMARY KEY,
      department_id uuid REFERENCES departments(id) ON DELETE CASCADE,
      channel text CHECK (channel IS NULL OR channel IN ('counter', 'phone', 'visit')),
      threshold_seconds integer NOT NULL CHECK (threshold_seconds BETWEEN 10 AND 86400),
      needs_approval text[] NOT NULL DEFAULT '{}',
      escalate_seconds integer NOT NULL DEFAULT 60 CHECK (escalate_seconds BETWEEN 5 AND 3600),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE live_scripts (
      key text NOT NULL,
      lang text NOT NULL CHECK (lang IN ('ja', 'en', 'easy')),
      text text NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (key, lang)
    )`.execute(db);

  await sql`
    CREATE TABLE live_sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      department_id uuid NOT NULL REFERENCES departments(id),
      channel text NOT NULL CHECK (channel IN ('counter', 'phone', 'visit')),
      place text,
      language text NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en', 'easy')),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      threshold_seconds integer NOT NULL,
      escalate_seconds integer NOT NULL,
      ladder_config jsonb NOT NULL,
      state jsonb NOT NULL,
      incident_id uuid REFERENCES incidents(id),
      idempotency_key text,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX live_sessions_idempotency ON live_sessions(user_id, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);
  await sql`CREATE INDEX live_sessions_open_idx ON live_sessions(user_id) WHERE ended_at IS NULL`.execute(db);
  await sql`CREATE INDEX live_sessions_department_idx ON live_sessions(department_id, started_at)`.execute(db);

  await sql`
    CREATE TABLE live_actions (
      session_id uuid NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      action_id text NOT NULL,
      type text NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid NOT NULL REFERENCES users(id),
      data jsonb NOT NULL,
      outcome text NOT NULL,
      PRIMARY KEY (session_id, seq),
      UNIQUE (session_id, action_id)
    )`.execute(db);

  await sql`
    CREATE TABLE live_alerts (
      id uuid PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
      action_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('backup', 'emergency', 'overdue')),
      silent boolean NOT NULL DEFAULT false,
      department_id uuid NOT NULL REFERENCES departments(id),
      raised_by uuid NOT NULL REFERENCES users(id),
      raised_at timestamptz NOT NULL,
      level integer NOT NULL DEFAULT 0,
      recipients uuid[] NOT NULL,
      escalate_at timestamptz,
      escalated_at timestamptz,
      acknowledged_at timestamptz,
      closed_at timestamptz,
      UNIQUE (session_id, action_id)
    )`.execute(db);
  await sql`CREATE INDEX live_alerts_due_idx ON live_alerts(escalate_at) WHERE acknowledged_at IS NULL AND closed_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE live_alert_responders (
      alert_id uuid NOT NULL REFERENCES live_alerts(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      joining boolean NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (alert_id, user_id)
    )`.execute(db);

  // Visits (訪問) in pairs: the companion, the expected return and the check-ins; overdue → an alert.
  await sql`
    CREATE TABLE live_visits (
      session_id uuid PRIMARY KEY REFERENCES live_sessions(id) ON DELETE CASCADE,
      companion_id uuid NOT NULL REFERENCES users(id),
      expected_return_at timestamptz NOT NULL,
      arrived_at timestamptz,
      returned_at timestamptz,
      overdue_alert_id uuid REFERENCES live_alerts(id)
    )`.execute(db);
  await sql`CREATE INDEX live_visits_due_idx ON live_visits(expected_return_at) WHERE returned_at IS NULL AND overdue_alert_id IS NULL`.execute(db);

  await sql`
    CREATE TABLE live_event_counter (
      id integer PRIMARY KEY CHECK (id = 1),
      last bigint NOT NULL
    )`.execute(db);
  await sql`INSERT INTO live_event_counter (id, last) VALUES (1, 0)`.execute(db);

  await sql`
    CREATE TABLE live_events (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      kind text NOT NULL,
      session_id uuid REFERENCES live_sessions(id) ON DELETE CASCADE,
      alert_id uuid REFERENCES live_alerts(id) ON DELETE CASCADE,
      recipients uuid[] NOT NULL,
      payload jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX live_events_at_idx ON live_events(at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["live_events", "live_event_counter", "live_visits", "live_alert_responders", "live_alerts", "live_actions", "live_sessions", "live_scripts", "live_settings"]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
