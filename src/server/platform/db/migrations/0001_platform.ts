import { type Kysely, sql } from "kysely";

/** Accounts, departments, sessions, tokens, login throttling, the audit chain. SQL valid on PostgreSQL 15 and PGlite (18). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE departments (
      id uuid PRIMARY KEY,
      parent_id uuid REFERENCES departments(id),
      code text NOT NULL UNIQUE,
      name_ja text NOT NULL,
      name_en text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (parent_id IS NULL OR parent_id <> id)
    )`.execute(db);
  await sql`CREATE INDEX departments_parent_idx ON departments(parent_id)`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      username text NOT NULL,
      display_name text NOT NULL,
      email text,
      department_id uuid REFERENCES departments(id),
      password_hash text,
      locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
      active boolean NOT NULL DEFAULT true,
      must_change_password boolean NOT NULL DEFAULT false,
      password_changed_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`.execute(db);

  await sql`
    CREATE TABLE user_roles (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('staff', 'supervisor', 'desk', 'central', 'admin', 'auditor')),
      department_id uuid REFERENCES departments(id),
      CHECK ((role = 'supervisor') = (department_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX user_roles_key ON user_roles (user_id, role, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(
    db,
  );

  await sql`
    CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      absolute_expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions(user_id)`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      prefix text NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX api_tokens_user_idx ON api_tokens(user_id)`.execute(db);

  await sql`
    CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_started_at timestamptz NOT NULL,
      locked_until timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_username text,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text,
      ip text,
      request_id text,
      outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log(at)`.execute(db);
  await sql`CREATE INDEX audit_log_actor_idx ON audit_log(actor_id, seq)`.execute(db);
  await sql`CREATE INDEX audit_log_resource_idx ON audit_log(resource_type, resource_id)`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log(action, seq)`.execute(db);

  await sql`
    CREATE TABLE audit_head (
      id integer PRIMARY KEY CHECK (id = 1),
      seq bigint NOT NULL,
      hash text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE instance (
      key text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["instance", "audit_head", "audit_log", "login_throttle", "api_tokens", "sessions", "user_roles", "users", "departments"]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
