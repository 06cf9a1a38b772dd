import { type Kysely, sql } from "kysely";

/**
 * Incident lists are ordered newest first by when it happened (`coalesce(started_at, created_at)`,
 * then the number). Without an index on that expression every list sorted all visible rows; with it
 * the newest page is read straight from the index, and period filters use the same expression.
 * A second index serves staff members' own records (created_by) in the same order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX incidents_list_order_idx ON incidents ((coalesce(started_at, created_at)) DESC, number DESC)`.execute(db);
  await sql`CREATE INDEX incidents_creator_order_idx ON incidents (created_by, (coalesce(started_at, created_at)) DESC, number DESC)`.execute(db);
  await sql`CREATE INDEX incidents_department_order_idx ON incidents (department_id, (coalesce(started_at, created_at)) DESC, number DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS incidents_department_order_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS incidents_creator_order_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS incidents_list_order_idx`.execute(db);
}
