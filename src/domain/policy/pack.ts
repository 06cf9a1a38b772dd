import { diffLines } from "diff";
import { markdownToSafeHtml } from "../public-notice/markdown.ts";

/**
 * The organisation's customer-harassment policy as structured content: a fixed list of sections,
 * each a title and a Markdown body. Central edits a draft and publishes it as a numbered version;
 * published versions never change.
 */
export const POLICY_SECTION_IDS = ["stance", "definition", "group-1", "group-2", "group-3", "group-4", "group-5", "principles", "measures", "contact"] as const;
export type PolicySectionId = (typeof POLICY_SECTION_IDS)[number];

export interface PolicySection {
  id: PolicySectionId;
  title: string;
  markdown: string;
}

export type PolicyPack = PolicySection[];

export const POLICY_TITLE_MAX = 100;
export const POLICY_MARKDOWN_MAX = 20_000;

/** The behaviour group (1–5) a section describes, or null. */
export function groupOf(id: PolicySectionId): number | null {
  const m = /^group-(\d)$/.exec(id);
  return m ? Number(m[1]) : null;
}

/** Visible text of sanitised Markdown: what a reader would actually see. */
export function visibleText(markdown: string): string {
  return markdownToSafeHtml(markdown)
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .trim();
}

/** The sections that would be published empty (blank, or nothing left after sanitising). */
export function emptySections(pack: PolicyPack): PolicySectionId[] {
  return POLICY_SECTION_IDS.filter((id) => {
    const s = pack.find((x) => x.id === id);
    return !s || s.title.trim() === "" || visibleText(s.markdown) === "";
  });
}

/** Puts sections in the canonical order and keeps only known ids; a missing section comes from `fallback`. */
export function normalisePack(sections: readonly PolicySection[], fallback: PolicyPack): PolicyPack {
  return POLICY_SECTION_IDS.map((id) => {
    const s = sections.find((x) => x.id === id) ?? fallback.find((x) => x.id === id);
    return { id, title: s?.title ?? "", markdown: s?.markdown ?? "" };
  });
}

export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

export interface SectionDiff {
  id: PolicySectionId;
  change: "unchanged" | "changed";
  titleBefore: string;
  titleAfter: string;
  parts: DiffPart[];
}

/** What changed between two versions, section by section, line by line. */
export function diffPacks(before: PolicyPack, after: PolicyPack): SectionDiff[] {
  return POLICY_SECTION_IDS.map((id) => {
    const a = before.find((s) => s.id === id) ?? { id, title: "", markdown: "" };
    const b = after.find((s) => s.id === id) ?? { id, title: "", markdown: "" };
    const parts: DiffPart[] = diffLines(ensureNewline(a.markdown), ensureNewline(b.markdown)).map((p) => ({
      kind: p.added ? "added" : p.removed ? "removed" : "same",
      text: p.value,
    }));
    const changed = a.title !== b.title || parts.some((p) => p.kind !== "same");
    return { id, change: changed ? "changed" : "unchanged", titleBefore: a.title, titleAfter: b.title, parts };
  });
}

const ensureNewline = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);

export interface DepartmentRateInput {
  departmentId: string | null;
  staffCount: number;
  acknowledged: number;
}

export interface DepartmentRate extends DepartmentRateInput {
  /** 0–100, one decimal; null when the department has no staff to ask. */
  rate: number | null;
}

/** Acknowledgement rate per department and in total (departments with most outstanding first). */
export function acknowledgementRates(rows: readonly DepartmentRateInput[]): { departments: DepartmentRate[]; total: DepartmentRate } {
  const rate = (ack: number, n: number) => (n === 0 ? null : Math.round((ack / n) * 1000) / 10);
  const departments = rows
    .map((r) => ({ ...r, rate: rate(r.acknowledged, r.staffCount) }))
    .sort((x, y) => y.staffCount - y.acknowledged - (x.staffCount - x.acknowledged) || (x.rate ?? 101) - (y.rate ?? 101));
  const staffCount = rows.reduce((n, r) => n + r.staffCount, 0);
  const acknowledged = rows.reduce((n, r) => n + r.acknowledged, 0);
  return { departments, total: { departmentId: null, staffCount, acknowledged, rate: rate(acknowledged, staffCount) } };
}
