import type { TriageModel } from "./model.ts";
import type { BehaviourGroup } from "./codes.ts";
import { compileLexicon, validateLexicon, type LexiconProblem } from "./compile.ts";
import { type SuppressedMatch, triage, type TriageFlag, type TriageResult, type TriageSignal } from "./engine.ts";
import type { Lexicon, LexiconEntry } from "./lexicon-types.ts";

/**
 * The "test box" of the lexicon screen: what a new or edited entry would change, before it is
 * saved. Pure; the caller supplies the sample texts (e.g. recent anonymised contacts and the
 * evaluation set).
 */
export interface LexiconChangePreview {
  problems: LexiconProblem[];
  /** Samples whose flag, groups or signals differ between the two lexicons. */
  changes: {
    id: string;
    text: string;
    before: { flag: TriageFlag; groups: BehaviourGroup[] };
    after: { flag: TriageFlag; groups: BehaviourGroup[] };
    added: TriageSignal[];
    /** Matches of the new lexicon that the learned model holds back on this sample (reason learned_model). */
    heldBack: SuppressedMatch[];
    removed: TriageSignal[];
  }[];
  counts: { samples: number; changed: number; newlyFlagged: number; noLongerFlagged: number };
}

const signalKey = (s: TriageSignal) => `${s.rule}:${s.code}:${s.start}:${s.end}`;

/**
 * What a lexicon change would change on sample messages, as users would see it (rules and, by
 * default, the learned model next to them; `options.model: null` previews the rules alone).
 */
export function previewLexiconChange(
  base: Lexicon,
  candidate: Lexicon,
  samples: { id: string; text: string }[],
  options: { model?: TriageModel | null } = {},
): LexiconChangePreview {
  const problems = validateLexicon(candidate);
  const counts = { samples: samples.length, changed: 0, newlyFlagged: 0, noLongerFlagged: 0 };
  if (problems.length > 0) return { problems, changes: [], counts };
  const before = compileLexicon(base);
  const after = compileLexicon(candidate);
  const changes: LexiconChangePreview["changes"] = [];
  for (const sample of samples) {
    const a = triage(sample.text, { lexicon: before, ...options });
    const b = triage(sample.text, { lexicon: after, ...options });
    const aKeys = new Set(a.signals.map(signalKey));
    const bKeys = new Set(b.signals.map(signalKey));
    const added = b.signals.filter((s) => !aKeys.has(signalKey(s)));
    const removed = a.signals.filter((s) => !bKeys.has(signalKey(s)));
    const heldBefore = new Set(a.suppressed.filter((s) => s.reason === "learned_model").map((s) => `${s.rule}:${s.start}:${s.end}`));
    const heldBack = b.suppressed.filter((s) => s.reason === "learned_model" && !heldBefore.has(`${s.rule}:${s.start}:${s.end}`));
    if (added.length === 0 && removed.length === 0 && heldBack.length === 0 && a.flag === b.flag) continue;
    counts.changed++;
    if (a.flag === "none" && b.flag !== "none") counts.newlyFlagged++;
    if (a.flag !== "none" && b.flag === "none") counts.noLongerFlagged++;
    changes.push({
      id: sample.id,
      text: sample.text,
      before: { flag: a.flag, groups: a.groups },
      after: { flag: b.flag, groups: b.groups },
      added,
      removed,
      heldBack,
    });
  }
  return { problems, changes, counts };
}

/** Run a single (new) entry against one text, with the base lexicon's context rules (rules only: the entry's own effect). */
export function testEntry(entry: LexiconEntry, text: string, base: Lexicon): { problems: LexiconProblem[]; result: TriageResult | null } {
  const lexicon: Lexicon = { ...base, version: `${base.version}+test`, entries: [entry] };
  const problems = validateLexicon(lexicon);
  if (problems.length > 0) return { problems, result: null };
  return { problems, result: triage(text, { lexicon: compileLexicon(lexicon), model: null }) };
}
