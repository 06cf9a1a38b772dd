/** Shapes of the triage API (src/server/triage) as the screens use them. */
export type Flag = "none" | "review" | "urgent";

export interface TriageSummary {
  id: string;
  departmentId: string;
  source: "paste" | "eml" | "txt" | "csv";
  fileName: string | null;
  subject: string | null;
  sender: string | null;
  receivedAt: string | null;
  importedAt: string;
  excerpt: string;
  flag: Flag;
  groups: number[];
  engineFlag: Flag;
  engineGroups: number[];
  overridden: boolean;
  thread: { id: string; count: number } | null;
  incidentId: string | null;
}

export interface Signal {
  group: number;
  code: string;
  start: number;
  end: number;
  text: string;
  rule: string;
  severity: "urgent" | "review";
  labelJa: string;
  explanationJa: string;
  explanationEn?: string;
}

export interface Suppressed {
  code: string;
  start: number;
  end: number;
  text: string;
  rule: string;
  reason: "benign_sense" | "negation" | "reported_speech" | "lawful_action";
  by: string;
}

export interface TriageMessage extends TriageSummary {
  text: string;
  encoding: string | null;
  lexiconVersion: string;
  /** null: rules only (results stored before the learned model, or with it switched off). */
  modelVersion: string | null;
  signals: Signal[];
  suppressed: Suppressed[];
  truncated: boolean;
  overrides: { id: string; flag: Flag; groups: number[]; previousFlag: Flag; previousGroups: number[]; reason: string; at: string; by: string }[];
  thread:
    | (TriageSummary["thread"] & {
        position: number;
        firstAt: string;
        lastAt: string;
        repeatFrom: number;
        messages: { id: string | null; position: number; at: string }[];
      })
    | null;
  canOverride: boolean;
  labels: { groups: Record<string, { ja: string; en: string }>; codes: Record<string, { ja: string; en: string }> };
}

export interface LexiconEntry {
  id: string;
  group: number;
  code: string;
  severity: "urgent" | "review";
  patterns: string[];
  explanationJa: string;
}

export interface LexiconView {
  version: string;
  baseVersion: string;
  customEntryIds: string[];
  entries: LexiconEntry[];
  history: { version: string; note: string; createdAt: string; createdBy: string }[];
  canEdit: boolean;
}

export interface LexiconPreview {
  baseVersion: string;
  counts: { samples: number; changed: number; newlyFlagged: number; noLongerFlagged: number };
  changes: {
    id: string;
    text: string;
    before: { flag: Flag; groups: number[] };
    after: { flag: Flag; groups: number[] };
    added: Signal[];
    /** New matches the learned model holds back (absent from servers before round 7). */
    heldBack?: { text: string; rule: string }[];
    removed: Signal[];
  }[];
  sample: { flag: Flag; groups: number[]; signals: Signal[] } | null;
}

export const FLAGS: Flag[] = ["urgent", "review", "none"];
export const GROUP_IDS = [1, 2, 3, 4, 5] as const;

export function flagBadge(flag: Flag): string {
  if (flag === "urgent") return "badge badge-error";
  if (flag === "review") return "badge badge-warn";
  return "badge badge-muted";
}
