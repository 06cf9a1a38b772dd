import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m0001 from "./migrations/0001_platform.ts";
import * as m0002 from "./migrations/0002_incidents.ts";
import * as m0003 from "./migrations/0003_consultations.ts";
import * as m0004 from "./migrations/0004_public_notice.ts";

/** Migrations are listed here explicitly (no file-system scan) so the same list runs on both engines and in bundles. */
const migrations: Record<string, Migration> = {
  "0001_platform": m0001,
  "0002_incidents": m0002,
  "0003_consultations": m0003,
  "0004_public_notice": m0004,
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
