import type { ColumnType } from "kysely";

/** Kysely types of the tables of migration 0011_analytics_documents (letters, restrictions, packages). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` columns come back as strings (YYYY-MM-DD) when read with to_char; written as YYYY-MM-DD. */
type DateOnly = ColumnType<Date | string, string, string>;

export interface LetterTemplateTable {
  kind: string;
  title: string;
  body: string;
  version: number;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface LetterTable {
  id: string;
  incident_id: string;
  kind: string;
  title: string;
  body: string;
  addressee_name: string;
  postal_code: string | null;
  postal_address: string;
  pdf: Buffer;
  sha256: string;
  issued_by: string;
  issued_at: Timestamp;
}

export interface RestrictionTable {
  id: string;
  counterpart_id: string;
  kind: string;
  scope: string;
  reason: string;
  incident_ids: string[];
  time_limit_minutes: number | null;
  approved_by: string;
  starts_on: DateOnly;
  review_on: DateOnly;
  ends_on: DateOnly | null;
  created_by: string;
  created_at: Timestamp;
}

/** One row per restriction and review date reminded (migration 0014_restriction_reminders). */
export interface RestrictionReviewReminderTable {
  restriction_id: string;
  review_on: DateOnly;
  reminded_at: Timestamp;
  recipients: number;
}

export interface SigningKeyTable {
  id: string;
  public_key_pem: string;
  private_key_enc: string;
  created_at: Timestamp;
}

export interface CasePackageTable {
  id: string;
  incident_id: string;
  purpose: string;
  reason: string;
  requested_by: string;
  requested_at: Timestamp;
  approved_by: string | null;
  approved_at: Timestamp | null;
}

export interface DocumentTables {
  letter_templates: LetterTemplateTable;
  letters: LetterTable;
  restrictions: RestrictionTable;
  restriction_review_reminders: RestrictionReviewReminderTable;
  signing_keys: SigningKeyTable;
  case_packages: CasePackageTable;
}
