import type { ColumnType, Generated } from "kysely";
import type { PolicyAcknowledgementTable, PolicyDraftTable, PolicyPostponementTable, PolicyVersionTable, TrainingAnswerTable, TrainingAttemptTable, TrainingModuleTable, TrainingScenarioTable } from "../../policy/tables.ts";
import type { TriageTables } from "../../triage/tables.ts";
import type { DocumentTables } from "../../analytics/tables.ts";
import type { EvidenceTables } from "../../evidence/tables.ts";

/** Kysely table types. Timestamps are `timestamptz`, returned as Date by node-postgres on both engines. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DepartmentTable {
  id: string;
  parent_id: string | null;
  code: string;
  name_ja: string;
  name_en: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  department_id: string | null;
  password_hash: string | null;
  locale: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  password_changed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
  department_id: string | null;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuditLogTable {
  seq: ColumnType<string, string | number | bigint, never>;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  ip: string | null;
  request_id: string | null;
  outcome: string;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: ColumnType<string, string | number | bigint, string | number | bigint>;
  hash: string;
}

export interface InstanceTable {
  key: string;
  value: string;
  updated_at: Generated<Timestamp>;
}

type Json<T> = ColumnType<T, string, string>;

export interface CounterpartTable {
  id: string;
  type: string;
  name: string | null;
  name_normalised: string | null;
  phone: string | null;
  phone_normalised: string | null;
  email: string | null;
  email_normalised: string | null;
  merged_into: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** For letters (0011_analytics_documents). */
  postal_code: string | null;
  postal_address: string | null;
}

export interface IncidentCounterTable {
  fiscal_year: number;
  last_number: number;
}

export interface IncidentTable {
  id: string;
  number: string;
  department_id: string;
  created_by: string;
  supervisor_id: string | null;
  status: string;
  channel: string;
  place: string | null;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  counterpart_id: string | null;
  persons_count: number | null;
  summary: string;
  narrative: string;
  demand: string;
  answers_given: string;
  ladder_steps: Json<unknown[]>;
  police: Json<Record<string, unknown>>;
  harm: Json<Record<string, unknown>>;
  personal_data: Json<Record<string, unknown>>;
  own_error_contributed: boolean | null;
  central_report_at: Timestamp | null;
  retention_class: string;
  legal_hold: boolean;
  judgement: Json<Record<string, unknown> | null>;
  judged_by: string | null;
  judged_at: Timestamp | null;
  judgement_proposal: Json<Record<string, unknown> | null>;
  outcome: string | null;
  crossed_at: Timestamp | null;
  version: number;
  idempotency_key: string | null;
  search_bigrams: string[];
  search_text: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IncidentQuoteTable {
  id: string;
  incident_id: string;
  position: number;
  text: string;
  speaker: string;
  is_act: boolean;
  at: Timestamp | null;
  offset_seconds: number | null;
}

export interface IncidentCodeTable {
  incident_id: string;
  code: string;
}

export interface IncidentStaffTable {
  incident_id: string;
  user_id: string;
  role: string;
}

export interface IncidentEventTable {
  incident_id: string;
  seq: number;
  kind: string;
  at: Timestamp;
  actor_id: string | null;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  data: Json<Record<string, unknown>>;
}

export interface CounterpartMergeTable {
  id: string;
  source_id: string;
  target_id: string;
  incident_ids: string[];
  actor_id: string | null;
  at: Timestamp;
  reason: string;
}

export interface ReportRuleTable {
  id: string;
  name: string;
  mode: string;
  conditions: Json<Record<string, unknown>>;
  active: boolean;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CentralQueueTable {
  id: string;
  incident_id: string;
  rule_id: string | null;
  rule_name: string;
  queued_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  incident_id: string | null;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface PublicNoticeSettingsTable {
  id: number;
  organisation: Json<Record<string, Record<string, string>>>;
  phone: string;
  slug: string;
  logo: Buffer | null;
  logo_mime: string | null;
  logo_width: number | null;
  logo_height: number | null;
  version: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface PublicNoticeSectionTable {
  locale: string;
  section_id: string;
  markdown: string;
  version: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface ConsultationTable {
  id: string;
  anonymous: boolean;
  staff_user_id: string | null;
  receipt_lookup: string | null;
  receipt_hash: string | null;
  category: string;
  status: string;
  assigned_to: string | null;
  body_ciphertext: string;
  care_flags: ColumnType<string[], string[] | undefined, string[]>;
  /** A `date`: returned as "YYYY-MM-DD" text (see consultations/repo.ts). */
  follow_up_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface ConsultationMessageTable {
  id: string;
  consultation_id: string;
  author_kind: string;
  desk_user_id: string | null;
  body_ciphertext: string;
  created_at: Timestamp;
}

export interface ConsultationDeskNoteTable {
  id: string;
  consultation_id: string;
  author_id: string;
  body_ciphertext: string;
  created_at: Timestamp;
}

export interface ConsultationAttachmentTable {
  id: string;
  consultation_id: string;
  author_kind: string;
  desk_user_id: string | null;
  filename_ciphertext: string;
  content_type: string;
  size_bytes: number;
  key_id: string;
  content_ciphertext: Buffer;
  created_at: Timestamp;
}

export interface ConsultationConsentTable {
  id: string;
  consultation_id: string;
  incident_id: string;
  given_at: Timestamp;
  withdrawn_at: Timestamp | null;
}

export interface Database extends TriageTables, DocumentTables, EvidenceTables {
  departments: DepartmentTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  instance: InstanceTable;
  counterparts: CounterpartTable;
  incident_counters: IncidentCounterTable;
  incidents: IncidentTable;
  incident_quotes: IncidentQuoteTable;
  incident_codes: IncidentCodeTable;
  incident_staff: IncidentStaffTable;
  incident_events: IncidentEventTable;
  counterpart_merges: CounterpartMergeTable;
  report_rules: ReportRuleTable;
  central_queue: CentralQueueTable;
  notifications: NotificationTable;
  consultations: ConsultationTable;
  consultation_messages: ConsultationMessageTable;
  consultation_desk_notes: ConsultationDeskNoteTable;
  consultation_consents: ConsultationConsentTable;
  consultation_attachments: ConsultationAttachmentTable;
  public_notice_settings: PublicNoticeSettingsTable;
  public_notice_sections: PublicNoticeSectionTable;
  policy_versions: PolicyVersionTable;
  policy_draft: PolicyDraftTable;
  policy_acknowledgements: PolicyAcknowledgementTable;
  policy_postponements: PolicyPostponementTable;
  training_modules: TrainingModuleTable;
  training_scenarios: TrainingScenarioTable;
  training_attempts: TrainingAttemptTable;
  training_answers: TrainingAnswerTable;
}
