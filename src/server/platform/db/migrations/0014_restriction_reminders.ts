import { type Kysely, sql } from "kysely";

/**
 * Reminders before a restriction's review date: one row per restriction and review date, written
 * in the same transaction as the notifications, so each (restriction, review date) is reminded
 * exactly once whichever process runs the job; a changed review date is a new key, so a new
 * reminder falls due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE restriction_review_reminders (
      restriction_id uuid NOT NULL REFERENCES restrictions(id) ON DELETE CASCADE,
      review_on date NOT NULL,
      reminded_at timestamptz NOT NULL,
      recipients integer NOT NULL,
      PRIMARY KEY (restriction_id, review_on)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS restriction_review_reminders`.execute(db);
}
