import type { ColumnType } from "kysely";

/** Kysely table types of the evidence capability (migration 0005_evidence). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface EvidenceTable {
  id: string;
  incident_id: string;
  storage_key: string;
  original_name: string;
  media_type: string;
  kind: string;
  /** bigint: a string as node-postgres returns it. */
  size_bytes: ColumnType<string, number | string, number | string>;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
  recording_notice: boolean | null;
  note: ColumnType<string, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
  verified_version: string | null;
  verified_at: Timestamp | null;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
  deletion_kind: string | null;
  deletion_reason: string | null;
  file_removed_at: Timestamp | null;
}

export interface JobLockTable {
  name: string;
  holder: string;
  acquired_at: Timestamp;
  expires_at: Timestamp;
}

export interface EvidenceTables {
  evidence: EvidenceTable;
  job_locks: JobLockTable;
}
