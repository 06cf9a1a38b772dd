import { compileLexicon, type CompiledLexicon } from "./compile.ts";
import {
  BENIGN_RULES,
  COUNTERPART_SPEAKER_RULES,
  LAWFUL_RULES,
  NEGATION_RULES,
  REPORTING_RULES,
} from "./lexicon-context.ts";
import { DEMAND_ENTRIES } from "./lexicon-demands.ts";
import { EXPLANATIONS_EN } from "./lexicon-en.ts";
import { ONLINE_AND_DIGNITY_ENTRIES } from "./lexicon-online.ts";
import { THREAT_ENTRIES } from "./lexicon-threats.ts";
import type { Lexicon, LexiconEntry } from "./lexicon-types.ts";

/** The default lexicon shipped with Mamoru. Central can extend it (see preview.ts). */
export const DEFAULT_LEXICON: Lexicon = Object.freeze({
  version: "2026.12.1",
  entries: [...THREAT_ENTRIES, ...DEMAND_ENTRIES, ...ONLINE_AND_DIGNITY_ENTRIES].map(withEnglish),
  benign: BENIGN_RULES,
  lawful: LAWFUL_RULES,
  negation: NEGATION_RULES,
  reporting: REPORTING_RULES,
  counterpartSpeakers: COUNTERPART_SPEAKER_RULES,
});

function withEnglish(entry: LexiconEntry): LexiconEntry {
  const en = EXPLANATIONS_EN[entry.id];
  return en && !entry.explanationEn ? { ...entry, explanationEn: en } : entry;
}

let defaultCompiled: CompiledLexicon | null = null;

export function defaultCompiledLexicon(): CompiledLexicon {
  defaultCompiled ??= compileLexicon(DEFAULT_LEXICON);
  return defaultCompiled;
}

/**
 * A new lexicon version: the base with entries added or replaced (same id) and extra
 * benign/lawful phrases. The base is not modified.
 */
export function extendLexicon(
  base: Lexicon,
  change: {
    version: string;
    entries?: LexiconEntry[];
    removeEntryIds?: string[];
    benign?: Lexicon["benign"];
    lawful?: Lexicon["lawful"];
  },
): Lexicon {
  const replaced = new Map((change.entries ?? []).map((e) => [e.id, e]));
  const removed = new Set(change.removeEntryIds ?? []);
  const entries = base.entries
    .filter((e) => !removed.has(e.id))
    .map((e) => replaced.get(e.id) ?? e);
  const known = new Set(entries.map((e) => e.id));
  for (const e of change.entries ?? []) if (!known.has(e.id)) entries.push(e);
  return {
    ...base,
    version: change.version,
    entries,
    benign: [...base.benign, ...(change.benign ?? [])],
    lawful: [...base.lawful, ...(change.lawful ?? [])],
  };
}
