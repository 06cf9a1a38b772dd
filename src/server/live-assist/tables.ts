import type { ColumnType, Kysely, Transaction } from "kysely";
import type { Executor } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";

/** Kysely types of the live-assist tables (migration 0009_live_assist), kept beside the capability. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface LiveSettingTable {
  scope: string;
  department_id: string | null;
  channel: string | null;
  threshold_seconds: number;
  needs_approval: string[];
  escalate_seconds: number;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface LiveScriptTable {
  key: string;
  lang: string;
  text: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface LiveSessionTable {
  id: string;
  user_id: string;
  department_id: string;
  channel: string;
  place: string | null;
  language: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  threshold_seconds: number;
  escalate_seconds: number;
  ladder_config: Json;
  state: Json;
  incident_id: string | null;
  idempotency_key: string | null;
  version: number;
  updated_at: Timestamp;
}

export interface LiveActionTable {
  session_id: string;
  seq: number;
  action_id: string;
  type: string;
  at: Timestamp;
  actor_id: string;
  data: Json;
  outcome: string;
}

export interface LiveAlertTable {
  id: string;
  session_id: string;
  action_id: string;
  kind: string;
  silent: boolean;
  department_id: string;
  raised_by: string;
  raised_at: Timestamp;
  level: number;
  recipients: string[];
  escalate_at: Timestamp | null;
  escalated_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface LiveAlertResponderTable {
  alert_id: string;
  user_id: string;
  joining: boolean;
  at: Timestamp;
}

export interface LiveVisitTable {
  session_id: string;
  companion_id: string;
  expected_return_at: Timestamp;
  arrived_at: Timestamp | null;
  returned_at: Timestamp | null;
  overdue_alert_id: string | null;
}

export interface LiveEventTable {
  seq: ColumnType<string, string | number, string | number>;
  at: Timestamp;
  kind: string;
  session_id: string | null;
  alert_id: string | null;
  recipients: string[];
  payload: Json;
}

export interface LiveDatabase extends Database {
  live_settings: LiveSettingTable;
  live_scripts: LiveScriptTable;
  live_sessions: LiveSessionTable;
  live_actions: LiveActionTable;
  live_alerts: LiveAlertTable;
  live_alert_responders: LiveAlertResponderTable;
  live_visits: LiveVisitTable;
  live_event_counter: { id: number; last: ColumnType<string, string | number, string | number> };
  live_events: LiveEventTable;
}

export type LiveExecutor = Kysely<LiveDatabase> | Transaction<LiveDatabase>;

/** The same connection, seen with the live-assist tables' types. */
export const live = (db: Executor) => db as unknown as LiveExecutor;
export const liveDb = (db: Kysely<Database>) => db as unknown as Kysely<LiveDatabase>;
export const json = (v: unknown) => JSON.stringify(v);
