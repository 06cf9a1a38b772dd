import path from "node:path";
import type { Config } from "../config.ts";
import { LocalDiskStorage } from "./local.ts";

export type { ByteRange, ObjectStat, ObjectStorage } from "./types.ts";
export { LocalDiskStorage } from "./local.ts";

/** The evidence store of this configuration: MAMORU_EVIDENCE_DIR, or <MAMORU_DATA_DIR>/evidence. */
export function evidenceStorage(config: Pick<Config, "dataDir" | "evidenceDir">): LocalDiskStorage {
  return new LocalDiskStorage(config.evidenceDir ?? path.join(config.dataDir, "evidence"));
}
