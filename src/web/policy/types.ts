/** Shapes of the policy API (see src/server/policy/routes.ts). */
export interface PolicySection {
  id: string;
  title: string;
  markdown: string;
  html: string;
}

export interface PolicyVersion {
  version: number;
  note: string;
  publishedAt: string;
  sections: PolicySection[];
}

export interface PolicyCurrent extends PolicyVersion {
  acknowledgedAt: string | null;
}

export interface PolicyVersionSummary {
  version: number;
  note: string;
  publishedAt: string;
  publishedBy: string | null;
}

export interface PolicyDiff {
  from: number | null;
  to: number;
  sections: Array<{ id: string; change: "unchanged" | "changed"; titleBefore: string; titleAfter: string; parts: Array<{ kind: "same" | "added" | "removed"; text: string }> }>;
}

export interface PolicyDraft {
  sections: PolicySection[];
  baseVersion: number | null;
  latestVersion: number | null;
  updatedAt: string | null;
  emptySections: string[];
  changedSections: string[];
}

export interface Rate {
  departmentId: string | null;
  nameJa?: string | null;
  nameEn?: string | null;
  staffCount: number;
  acknowledged: number;
  rate: number | null;
}

export interface PendingAcknowledgement {
  pending: { version: number; publishedAt: string; note: string; postponed: boolean; remindedAt: string | null } | null;
}

export const ACK_KEY = ["policy", "acknowledgement"] as const;
