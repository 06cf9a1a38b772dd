import { type Kysely, sql } from "kysely";

/**
 * Policy and training. Published policy versions never change (a new edit is a new version); the
 * draft is one row central edits. Acknowledgements are one row per user and version; a
 * postponement only hides the prompt for the session in which it was given, so it returns at the
 * next sign-in. Training modules, their scenarios, attempts and answers. Dates a person picks
 * (due dates) are stored as "YYYY-MM-DD" text so both engines return the same value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE policy_versions (
      version integer PRIMARY KEY CHECK (version > 0),
      sections jsonb NOT NULL,
      note text NOT NULL DEFAULT '',
      published_at timestamptz NOT NULL,
      published_by uuid REFERENCES users(id)
    )`.execute(db);
  await sql`
    CREATE TABLE policy_draft (
      id integer PRIMARY KEY CHECK (id = 1),
      sections jsonb NOT NULL,
      base_version integer REFERENCES policy_versions(version),
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users(id)
    )`.execute(db);
  await sql`
    CREATE TABLE policy_acknowledgements (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      version integer NOT NULL REFERENCES policy_versions(version),
      acknowledged_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, version)
    )`.execute(db);
  await sql`
    CREATE TABLE policy_postponements (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      version integer NOT NULL REFERENCES policy_versions(version),
      session_id_hash text NOT NULL,
      postponed_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, version, session_id_hash)
    )`.execute(db);

  await sql`
    CREATE TABLE training_modules (
      id uuid PRIMARY KEY,
      key text NOT NULL UNIQUE,
      policy_section text,
      title text NOT NULL,
      what_to_do text NOT NULL,
      position integer NOT NULL,
      due_on text CHECK (due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      department_ids uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE training_scenarios (
      id uuid PRIMARY KEY,
      module_id uuid NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
      position integer NOT NULL,
      text text NOT NULL,
      is_harassment boolean NOT NULL,
      axis text NOT NULL CHECK (axis IN ('demand', 'means', 'both', 'none')),
      next_step text NOT NULL,
      explanation text NOT NULL,
      source text NOT NULL CHECK (source IN ('default', 'central', 'incident')),
      source_incident_id uuid REFERENCES incidents(id) ON DELETE SET NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX training_scenarios_module_idx ON training_scenarios(module_id, position)`.execute(db);
  await sql`
    CREATE TABLE training_attempts (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      module_id uuid NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      points integer NOT NULL DEFAULT 0,
      max_points integer NOT NULL,
      passed boolean
    )`.execute(db);
  await sql`CREATE INDEX training_attempts_user_idx ON training_attempts(user_id, module_id)`.execute(db);
  await sql`
    CREATE TABLE training_answers (
      attempt_id uuid NOT NULL REFERENCES training_attempts(id) ON DELETE CASCADE,
      scenario_id uuid NOT NULL REFERENCES training_scenarios(id) ON DELETE CASCADE,
      answer jsonb NOT NULL,
      points integer NOT NULL,
      answered_at timestamptz NOT NULL,
      PRIMARY KEY (attempt_id, scenario_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["training_answers", "training_attempts", "training_scenarios", "training_modules", "policy_postponements", "policy_acknowledgements", "policy_draft", "policy_versions"]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
