import type { ColumnType } from "kysely";

/** Kysely table types of the triage capability (migration 0008_triage). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as a JSON string, read back as the value. */
type Json<T> = ColumnType<T, string, string>;

export interface TriageLexiconVersionTable {
  id: string;
  version: string;
  base_version: string;
  change: Json<unknown>;
  note: string;
  created_by: string;
  created_at: Timestamp;
}

export interface TriageSenderTable {
  sender_key: string;
  thread_seq: ColumnType<number, number | undefined, number>;
}

export interface TriageThreadTable {
  id: string;
  sender_key: string;
  seq: number;
  count: number;
  first_at: Timestamp;
  last_at: Timestamp;
}

export interface TriageMessageTable {
  id: string;
  department_id: string;
  source: string;
  file_name: string | null;
  encoding: string | null;
  subject: string | null;
  sender: string | null;
  sender_key: string | null;
  received_at: Timestamp | null;
  text: string;
  flag: string;
  groups: Json<number[]>;
  result: Json<unknown>;
  lexicon_version: string;
  effective_flag: string;
  effective_groups: Json<number[]>;
  flag_rank: number;
  overridden: ColumnType<boolean, boolean | undefined, boolean>;
  thread_id: string | null;
  thread_count: number | null;
  sketch: string | null;
  sketch_sampled: boolean | null;
  imported_by: string;
  imported_at: Timestamp;
  incident_id: string | null;
}

export interface TriageOverrideTable {
  id: string;
  message_id: string;
  flag: string;
  groups: Json<number[]>;
  previous_flag: string;
  previous_groups: Json<number[]>;
  reason: string;
  created_by: string;
  created_at: Timestamp;
}

export interface TriageTables {
  triage_lexicon_versions: TriageLexiconVersionTable;
  triage_senders: TriageSenderTable;
  triage_threads: TriageThreadTable;
  triage_messages: TriageMessageTable;
  triage_overrides: TriageOverrideTable;
}
