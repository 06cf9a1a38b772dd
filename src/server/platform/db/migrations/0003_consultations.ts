import { type Kysely, sql } from "kysely";

/**
 * The confidential consultation desk. Bodies, messages and desk notes are ciphertext (see
 * platform/crypto.ts). Deliberately absent: any IP address, user agent or device data. For an
 * anonymous consultation there is no user id either (the CHECK makes that structural), only the
 * hashes of its receipt code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE consultations (
      id uuid PRIMARY KEY,
      anonymous boolean NOT NULL,
      staff_user_id uuid REFERENCES users(id),
      receipt_lookup text,
      receipt_hash text,
      category text NOT NULL CHECK (category IN ('incident_related', 'borderline', 'retaliation_concern', 'other')),
      status text NOT NULL CHECK (status IN ('new', 'in_progress', 'awaiting_staff', 'closed')),
      assigned_to uuid REFERENCES users(id),
      body_ciphertext text NOT NULL,
      care_flags text[] NOT NULL DEFAULT '{}',
      follow_up_on date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      closed_at timestamptz,
      CHECK (anonymous = (staff_user_id IS NULL)),
      CHECK (anonymous = (receipt_hash IS NOT NULL)),
      CHECK (anonymous = (receipt_lookup IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX consultations_staff_idx ON consultations(staff_user_id)`.execute(db);
  await sql`CREATE INDEX consultations_receipt_idx ON consultations(receipt_lookup)`.execute(db);
  await sql`CREATE INDEX consultations_status_idx ON consultations(status, updated_at)`.execute(db);

  await sql`
    CREATE TABLE consultation_messages (
      id uuid PRIMARY KEY,
      consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      author_kind text NOT NULL CHECK (author_kind IN ('staff', 'desk')),
      desk_user_id uuid REFERENCES users(id),
      body_ciphertext text NOT NULL,
      created_at timestamptz NOT NULL,
      CHECK ((author_kind = 'desk') = (desk_user_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX consultation_messages_idx ON consultation_messages(consultation_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE consultation_desk_notes (
      id uuid PRIMARY KEY,
      consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      author_id uuid NOT NULL REFERENCES users(id),
      body_ciphertext text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX consultation_desk_notes_idx ON consultation_desk_notes(consultation_id, created_at)`.execute(db);

  // incident_id is plain text: the link is to a record of another capability, checked by the service.
  await sql`
    CREATE TABLE consultation_consents (
      id uuid PRIMARY KEY,
      consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      incident_id text NOT NULL,
      given_at timestamptz NOT NULL,
      withdrawn_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX consultation_consents_active ON consultation_consents(consultation_id) WHERE withdrawn_at IS NULL`.execute(db);
  await sql`CREATE INDEX consultation_consents_incident_idx ON consultation_consents(incident_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["consultation_consents", "consultation_desk_notes", "consultation_messages", "consultations"]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
