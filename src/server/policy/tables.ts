import type { ColumnType } from "kysely";

/** Kysely table types of migration 0010_policy_training (listed in db/schema.ts's Database). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface PolicyVersionTable {
  version: number;
  sections: Json<unknown>;
  note: string;
  published_at: Timestamp;
  published_by: string | null;
}

export interface PolicyDraftTable {
  id: number;
  sections: Json<unknown>;
  base_version: number | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface PolicyAcknowledgementTable {
  user_id: string;
  version: number;
  acknowledged_at: Timestamp;
}

export interface PolicyPostponementTable {
  user_id: string;
  version: number;
  session_id_hash: string;
  postponed_at: Timestamp;
}

export interface TrainingModuleTable {
  id: string;
  key: string;
  policy_section: string | null;
  title: string;
  what_to_do: string;
  position: number;
  due_on: string | null;
  department_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TrainingScenarioTable {
  id: string;
  module_id: string;
  position: number;
  text: string;
  is_harassment: boolean;
  axis: string;
  next_step: string;
  explanation: string;
  source: string;
  source_incident_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface TrainingAttemptTable {
  id: string;
  user_id: string;
  module_id: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  points: ColumnType<number, number | undefined, number>;
  max_points: number;
  passed: boolean | null;
}

export interface TrainingAnswerTable {
  attempt_id: string;
  scenario_id: string;
  answer: Json<Record<string, unknown>>;
  points: number;
  answered_at: Timestamp;
}
