import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m0001 from "./migrations/0001_platform.ts";
import * as m0002 from "./migrations/0002_incidents.ts";
import * as m0003 from "./migrations/0003_consultations.ts";
import * as m0004 from "./migrations/0004_public_notice.ts";
import * as m0005 from "./migrations/0005_evidence.ts";
import * as m0006 from "./migrations/0006_incident_list_order.ts";
import * as m0007 from "./migrations/0007_consultation_attachments.ts";
import * as m0008 from "./migrations/0008_triage.ts";
import * as m0009 from "./migrations/0009_live_assist.ts";
import * as m0010 from "./migrations/0010_policy_training.ts";
import * as m0011 from "./migrations/0011_analytics_documents.ts";
import * as m0012 from "./migrations/0012_live_recordings.ts";
import * as m0013 from "./migrations/0013_analytics_rollup.ts";
import * as m0014 from "./migrations/0014_restriction_reminders.ts";

/** Migrations are listed here explicitly (no file-system scan) so the same list runs on both engines and in bundles. */
const migrations: Record<string, Migration> = {
  "0001_platform": m0001,
  "0002_incidents": m0002,
  "0003_consultations": m0003,
  "0004_public_notice": m0004,
  "0005_evidence": m0005,
  "0006_incident_list_order": m0006,
  "0007_consultation_attachments": m0007,
  "0008_triage": m0008,
  "0009_live_assist": m0009,
  "0010_policy_training": m0010,
  "0011_analytics_documents": m0011,
  "0012_live_recordings": m0012,
  "0013_analytics_rollup": m0013,
  "0014_restriction_reminders": m0014,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`migration failed${failed ? ` (${failed.migrationName})` : ""}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
