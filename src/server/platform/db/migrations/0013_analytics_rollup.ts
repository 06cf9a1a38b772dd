import { type Kysely, sql } from "kysely";

/**
 * The analytics rollup: the dashboard's counts pre-aggregated per month (Japan time) and
 * department, kept exact and fresh in the database (no process keeps state).
 *
 * - `analytics_rollup`: one row per (month, department, dimension, key) with the number of
 *   incidents; the 'total' dimension also holds the judged-harassment count and the staff-hours
 *   (the same numeric expression the direct query sums, so sums of sums are identical); the
 *   'repeat_single' dimension counts incidents whose counterpart has exactly one incident at all.
 * - `analytics_rollup_counterparts`: incidents per (month, department, counterpart) for
 *   counterparts with two or more incidents at all, so the period's repeat histogram is a sum over
 *   a few rows per repeat counterpart (most counterparts appear once: they are the single count).
 * - `analytics_dirty`: buckets (month, department) whose rollup rows may be out of date. Triggers
 *   append a mark in the writing transaction; a refresh locks the marks it sees, recomputes those
 *   buckets from the base tables and deletes exactly those marks. Marks are never upserted: a mark
 *   that a writer adds while a refresh runs stays (invisible to the refresh until the writer
 *   commits), so the writer's change is picked up by the next refresh. One mark per bucket and
 *   transaction (the `tx` column) keeps bulk writes from piling marks up.
 *
 * Triggers mark only what can change a figure: incident INSERT/DELETE (statement level, from the
 * transition tables), an UPDATE of the period, department, duration, channel, outcome, counterpart
 * or police flag (row level with WHEN, so autosave of other fields costs nothing), codes and staff
 * (statement level), and a counterpart's type (every bucket holding its incidents). When a
 * counterpart crosses between one and two incidents, the buckets of its other incidents are marked
 * too (they move between the single count and the per-counterpart rows); the counterpart row is
 * locked (FOR NO KEY UPDATE) while checking, so two writers of the same counterpart cannot both
 * miss the crossing.
 */
const PERIOD = (t: string) => `coalesce(${t}.started_at, ${t}.created_at)`;

/** INSERT marks for the (month, department_id) pairs `select` yields, once per bucket and transaction. */
const mark = (select: string) => `
    INSERT INTO analytics_dirty (month, department_id)
    SELECT DISTINCT s.month, s.department_id FROM (${select}) s
    WHERE NOT EXISTS (SELECT 1 FROM analytics_dirty d WHERE d.month = s.month AND d.department_id = s.department_id AND d.tx = txid_current());`;

const bucketOf = (t: string) => `SELECT analytics_month(${PERIOD(t)}) AS month, ${t}.department_id FROM`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION analytics_month(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', (ts AT TIME ZONE 'UTC') + interval '9 hours')::date $$`.execute(db);
  await sql`
    CREATE FUNCTION analytics_month_start(m date) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (m::timestamp - interval '9 hours') AT TIME ZONE 'UTC' $$`.execute(db);

  await sql`
    CREATE TABLE analytics_rollup (
      month date NOT NULL,
      department_id uuid NOT NULL,
      dimension text NOT NULL,
      key text NOT NULL,
      n integer NOT NULL,
      harassment integer NOT NULL DEFAULT 0,
      hours numeric NOT NULL DEFAULT 0,
      PRIMARY KEY (dimension, month, department_id, key)
    )`.execute(db);
  await sql`
    CREATE TABLE analytics_rollup_counterparts (
      month date NOT NULL,
      department_id uuid NOT NULL,
      counterpart_id uuid NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (month, department_id, counterpart_id)
    )`.execute(db);
  await sql`
    CREATE TABLE analytics_dirty (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      month date NOT NULL,
      department_id uuid NOT NULL,
      tx bigint NOT NULL DEFAULT txid_current()
    )`.execute(db);
  // The triggers' "already marked in this transaction?" probe, and the readers' "anything dirty in my scope?".
  await sql`CREATE INDEX analytics_dirty_tx_idx ON analytics_dirty (tx, month, department_id)`.execute(db);
  await sql`CREATE INDEX analytics_dirty_bucket_idx ON analytics_dirty (month, department_id)`.execute(db);
  // Recomputing one bucket reads one department's incidents of one month.
  await sql`CREATE INDEX incidents_department_period_idx ON incidents (department_id, (coalesce(started_at, created_at)))`.execute(db);

  // ── incidents ──
  await sql
    .raw(`
    CREATE FUNCTION analytics_incidents_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${mark(`${bucketOf("n")} new_rows n`)}
      PERFORM 1 FROM counterparts WHERE id IN (SELECT counterpart_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
      -- A counterpart that had exactly one incident before this statement now has two or more.
      ${mark(`${bucketOf("i")} (SELECT counterpart_id, count(*) AS a FROM new_rows WHERE counterpart_id IS NOT NULL GROUP BY 1) n
        JOIN LATERAL (SELECT count(*) AS c FROM (SELECT 1 FROM incidents x WHERE x.counterpart_id = n.counterpart_id LIMIT n.a + 2) y) k ON k.c - n.a = 1
        JOIN incidents i ON i.counterpart_id = n.counterpart_id`)}
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE FUNCTION analytics_incidents_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${mark(`${bucketOf("o")} old_rows o`)}
      PERFORM 1 FROM counterparts WHERE id IN (SELECT counterpart_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
      -- A counterpart left with exactly one incident (it had two or more).
      ${mark(`${bucketOf("i")} (SELECT DISTINCT counterpart_id FROM old_rows WHERE counterpart_id IS NOT NULL) o
        JOIN LATERAL (SELECT count(*) AS c FROM (SELECT 1 FROM incidents x WHERE x.counterpart_id = o.counterpart_id LIMIT 2) y) k ON k.c = 1
        JOIN incidents i ON i.counterpart_id = o.counterpart_id`)}
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE FUNCTION analytics_incident_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE c integer;
    BEGIN
      ${mark(`SELECT analytics_month(coalesce(OLD.started_at, OLD.created_at)) AS month, OLD.department_id
        UNION ALL SELECT analytics_month(coalesce(NEW.started_at, NEW.created_at)), NEW.department_id`)}
      IF OLD.counterpart_id IS DISTINCT FROM NEW.counterpart_id THEN
        PERFORM 1 FROM counterparts WHERE id IN (OLD.counterpart_id, NEW.counterpart_id) ORDER BY id FOR NO KEY UPDATE;
        IF OLD.counterpart_id IS NOT NULL THEN
          SELECT count(*) INTO c FROM (SELECT 1 FROM incidents x WHERE x.counterpart_id = OLD.counterpart_id LIMIT 2) y;
          IF c = 1 THEN
            ${mark(`${bucketOf("i")} incidents i WHERE i.counterpart_id = OLD.counterpart_id`)}
          END IF;
        END IF;
        IF NEW.counterpart_id IS NOT NULL THEN
          SELECT count(*) INTO c FROM (SELECT 1 FROM incidents x WHERE x.counterpart_id = NEW.counterpart_id LIMIT 3) y;
          IF c = 2 THEN
            ${mark(`${bucketOf("i")} incidents i WHERE i.counterpart_id = NEW.counterpart_id`)}
          END IF;
        END IF;
      END IF;
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql`CREATE TRIGGER incidents_analytics_insert AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_incidents_inserted()`.execute(db);
  await sql`CREATE TRIGGER incidents_analytics_delete AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_incidents_deleted()`.execute(db);
  await sql`
    CREATE TRIGGER incidents_analytics_update AFTER UPDATE ON incidents FOR EACH ROW
    WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.started_at IS DISTINCT FROM NEW.started_at
      OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.ended_at IS DISTINCT FROM NEW.ended_at
      OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.outcome IS DISTINCT FROM NEW.outcome
      OR OLD.counterpart_id IS DISTINCT FROM NEW.counterpart_id OR (OLD.police->>'contacted') IS DISTINCT FROM (NEW.police->>'contacted'))
    EXECUTE FUNCTION analytics_incident_updated()`.execute(db);
  await sql
    .raw(`
    CREATE FUNCTION analytics_incidents_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM analytics_rollup;
      DELETE FROM analytics_rollup_counterparts;
      DELETE FROM analytics_dirty;
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql`CREATE TRIGGER incidents_analytics_truncate AFTER TRUNCATE ON incidents FOR EACH STATEMENT EXECUTE FUNCTION analytics_incidents_truncated()`.execute(db);

  // ── codes and staff: the bucket of the incident they belong to ──
  for (const [fn, source] of [
    ["analytics_children_inserted", "SELECT incident_id FROM new_rows"],
    ["analytics_children_deleted", "SELECT incident_id FROM old_rows"],
    ["analytics_children_updated", "SELECT incident_id FROM old_rows UNION SELECT incident_id FROM new_rows"],
  ] as const) {
    await sql
      .raw(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${mark(`${bucketOf("i")} incidents i WHERE i.id IN (${source})`)}
        RETURN NULL;
      END $$`)
      .execute(db);
  }
  for (const table of ["incident_codes", "incident_staff"]) {
    await sql.raw(`CREATE TRIGGER ${table}_analytics_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_children_inserted()`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_analytics_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_children_deleted()`).execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_analytics_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_children_updated()`)
      .execute(db);
  }

  // ── a counterpart's type: every bucket holding its incidents ──
  await sql
    .raw(`
    CREATE FUNCTION analytics_counterpart_type_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${mark(`${bucketOf("i")} incidents i WHERE i.counterpart_id = NEW.id`)}
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql`
    CREATE TRIGGER counterparts_analytics_type AFTER UPDATE OF type ON counterparts FOR EACH ROW
    WHEN (OLD.type IS DISTINCT FROM NEW.type) EXECUTE FUNCTION analytics_counterpart_type_changed()`.execute(db);

  // Existing incidents: every bucket starts dirty; the first refresh (or `analytics rebuild`) fills the rollup.
  await sql.raw(mark(`${bucketOf("i")} incidents i`)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS counterparts_analytics_type ON counterparts`.execute(db);
  for (const table of ["incident_codes", "incident_staff"]) {
    for (const ev of ["insert", "delete", "update"]) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_analytics_${ev} ON ${table}`).execute(db);
  }
  for (const t of ["insert", "delete", "update", "truncate"]) await sql.raw(`DROP TRIGGER IF EXISTS incidents_analytics_${t} ON incidents`).execute(db);
  for (const fn of [
    "analytics_counterpart_type_changed",
    "analytics_children_inserted",
    "analytics_children_deleted",
    "analytics_children_updated",
    "analytics_incidents_truncated",
    "analytics_incident_updated",
    "analytics_incidents_deleted",
    "analytics_incidents_inserted",
  ])
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
  await sql`DROP INDEX IF EXISTS incidents_department_period_idx`.execute(db);
  for (const t of ["analytics_dirty", "analytics_rollup_counterparts", "analytics_rollup"]) await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  await sql`DROP FUNCTION IF EXISTS analytics_month_start(date)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS analytics_month(timestamptz)`.execute(db);
}
