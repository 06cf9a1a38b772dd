import { migrateToLatest } from "./db/migrate.ts";
import { type DatabaseHandle, openDatabase } from "./db/engine.ts";
import type { Config } from "./config.ts";

/** Opens the configured database and brings its schema up to date. Used by the server and the CLI. */
export async function openAndMigrate(config: Config, command: string): Promise<DatabaseHandle> {
  const handle = await openDatabase(config, command);
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}
