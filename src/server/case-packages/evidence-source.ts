import type { Readable } from "node:stream";
import { sql } from "kysely";
import type { Executor } from "../platform/context.ts";

/**
 * Where a package gets an incident's evidence files. The evidence capability keeps each file in
 * object storage with the SHA-256 recorded at upload; the package re-hashes every file and
 * refuses to go out if one no longer matches.
 */
export interface EvidenceFile {
  /** File name inside the ZIP (under evidence/). */
  name: string;
  /** The SHA-256 recorded when the file was stored. */
  sha256: string;
  size: number;
  origin: string;
  open(): Promise<Readable>;
}

export interface EvidenceSource {
  filesOf(db: Executor, incidentId: string): Promise<EvidenceFile[]>;
}

/** No evidence capability configured: the package holds the record, timeline and letters. */
export const NO_EVIDENCE: EvidenceSource = { filesOf: async () => [] };

/** A name safe in any unpacker: no path separators, reserved characters or control characters. */
const safeName = (s: string) =>
  [...s]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? "_" : ch))
    .join("")
    .slice(0, 120) || "file";

/**
 * Reads the evidence table of migration 0005_evidence (live files only) and opens each file
 * through the given storage. When the evidence table does not exist the incident has no evidence.
 */
export function evidenceFromStorage(open: (key: string) => Promise<Readable>): EvidenceSource {
  return {
    async filesOf(db, incidentId) {
      const exists = await sql<{ t: string | null }>`SELECT to_regclass('evidence')::text AS t`.execute(db);
      if (!exists.rows[0]?.t) return [];
      const rows = await sql<{ id: string; storage_key: string; original_name: string; sha256: string; size_bytes: string; uploaded_at: Date; uploader: string | null }>`
        SELECT e.id, e.storage_key, e.original_name, e.sha256, e.size_bytes::text AS size_bytes, e.uploaded_at, u.display_name AS uploader
        FROM evidence e LEFT JOIN users u ON u.id = e.uploaded_by
        WHERE e.incident_id = ${incidentId} AND e.deleted_at IS NULL
        ORDER BY e.uploaded_at, e.id`.execute(db);
      return rows.rows.map((r, i) => ({
        name: `evidence/${String(i + 1).padStart(2, "0")}-${safeName(r.original_name)}`,
        sha256: r.sha256,
        size: Number(r.size_bytes),
        origin: `Mamoru evidence ${r.id}, uploaded ${new Date(r.uploaded_at).toISOString()}${r.uploader ? ` by ${r.uploader}` : ""}`,
        open: () => open(r.storage_key),
      }));
    },
  };
}
