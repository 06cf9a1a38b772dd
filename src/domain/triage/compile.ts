import { isSignalCode, SIGNAL_CODES } from "./codes.ts";
import type { ContextRule, Lexicon, LexiconEntry, NearCondition } from "./lexicon-types.ts";
import { OutputKind, Trie } from "./matcher.ts";
import { normalisePattern } from "./normalise.ts";

const MAX_EXPANSIONS = 4096;

/**
 * Expand alternation groups: "殺(す|してやる)" → ["殺す", "殺してやる"]. Groups may nest;
 * an empty alternative is allowed: "頭(が|)おかしい", and "?" makes the preceding group or
 * character optional: "名前(を)?言え". Throws on unbalanced parentheses.
 */
export function expandPattern(pattern: string): string[] {
  let pos = 0;
  const parseSequence = (): string[] => {
    let results = [""];
    while (pos < pattern.length) {
      const ch = pattern[pos] as string;
      if (ch === "|" || ch === ")") break;
      let pieces: string[];
      if (ch === "(") {
        pos++;
        pieces = parseAlternatives();
        if (pattern[pos] !== ")") throw new Error(`unbalanced "(" in pattern: ${pattern}`);
        pos++;
      } else {
        pieces = [ch];
        pos++;
      }
      if (pattern[pos] === "?") {
        pieces = [...pieces, ""];
        pos++;
      }
      const next: string[] = [];
      for (const r of results) for (const p of pieces) next.push(r + p);
      if (next.length > MAX_EXPANSIONS) throw new Error(`pattern expands to too many phrases: ${pattern}`);
      results = next;
    }
    return results;
  };
  const parseAlternatives = (): string[] => {
    const all: string[] = [];
    for (;;) {
      all.push(...parseSequence());
      if (pattern[pos] === "|") {
        pos++;
        continue;
      }
      return all;
    }
  };
  const out = parseAlternatives();
  if (pos !== pattern.length) throw new Error(`unbalanced ")" in pattern: ${pattern}`);
  return out;
}

function normaliseList(list: string[] | undefined): string[] {
  if (!list) return [];
  const out = new Set<string>();
  for (const p of list) for (const e of expandPattern(p)) out.add(e === "$" ? "$" : normalisePattern(e));
  out.delete("");
  return [...out];
}

export interface CompiledNear {
  any: string[];
  before: number;
  after: number;
  acrossSentences: boolean;
}

export interface CompiledEntry {
  source: LexiconEntry;
  /** Expanded, normalised patterns; index = pattern id in trie outputs. */
  patterns: string[];
  followedBy: string[];
  notFollowedBy: string[];
  notPrecededBy: string[];
  requireNear: CompiledNear[];
  exceptNear: CompiledNear[];
}

export interface CompiledLexicon {
  version: string;
  source: Lexicon;
  trie: Trie;
  entries: CompiledEntry[];
  benign: ContextRule[];
  lawful: ContextRule[];
  negation: ContextRule[];
  reporting: ContextRule[];
  speakers: ContextRule[];
  /** All trigger phrases (normalised), e.g. for a plain substring baseline. */
  triggerPhrases: string[];
}

export interface LexiconProblem {
  path: string;
  messageJa: string;
  messageEn: string;
}

/** Check a lexicon before saving it (the admin screen shows these). */
export function validateLexicon(lexicon: Lexicon): LexiconProblem[] {
  const problems: LexiconProblem[] = [];
  const ids = new Set<string>();
  if (typeof lexicon.version !== "string" || lexicon.version.trim() === "") {
    problems.push({ path: "version", messageJa: "バージョンが空です", messageEn: "version is empty" });
  }
  lexicon.entries.forEach((e, i) => {
    const path = `entries[${i}]`;
    if (!e.id || ids.has(e.id)) problems.push({ path, messageJa: `ID「${e.id}」が空か重複しています`, messageEn: `id "${e.id}" is empty or duplicated` });
    ids.add(e.id);
    if (!isSignalCode(e.code)) problems.push({ path, messageJa: `未知のコード「${e.code}」です`, messageEn: `unknown code "${e.code}"` });
    else if (e.code.startsWith("learned_")) {
      problems.push({ path, messageJa: `コード「${e.code}」は学習モデル専用で、ルールには使えません`, messageEn: `code "${e.code}" is reserved for the learned model and cannot be used by a rule` });
    }
    else if (SIGNAL_CODES[e.code].group !== e.group) {
      problems.push({ path, messageJa: `コード「${e.code}」の区分は${SIGNAL_CODES[e.code].group}です`, messageEn: `code "${e.code}" belongs to group ${SIGNAL_CODES[e.code].group}` });
    }
    if (e.severity !== "urgent" && e.severity !== "review") problems.push({ path, messageJa: "重大度が不正です", messageEn: "invalid severity" });
    if (!Array.isArray(e.patterns) || e.patterns.length === 0) problems.push({ path, messageJa: "パターンがありません", messageEn: "no patterns" });
    for (const p of e.patterns ?? []) {
      try {
        const expanded = expandPattern(p).map(normalisePattern);
        if (expanded.some((x) => x.length === 0)) problems.push({ path, messageJa: `パターン「${p}」が空になります`, messageEn: `pattern "${p}" normalises to nothing` });
        if (expanded.some((x) => x.length === 1) && !e.wordBoundary && !e.requireNear?.length && !e.followedBy?.length) {
          problems.push({ path, messageJa: `パターン「${p}」は1文字で、誤検出が多くなります`, messageEn: `pattern "${p}" is a single character and would over-match` });
        }
      } catch (err) {
        problems.push({ path, messageJa: `パターン「${p}」の括弧が不正です`, messageEn: (err as Error).message });
      }
    }
    if (!e.explanationJa) problems.push({ path, messageJa: "説明文がありません", messageEn: "missing explanationJa" });
  });
  return problems;
}

function compileNear(list: NearCondition[] | undefined): CompiledNear[] {
  return (list ?? []).map((c) => ({ any: normaliseList(c.any), before: c.before ?? 0, after: c.after ?? 0, acrossSentences: c.acrossSentences === true }));
}

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const problems = validateLexicon(lexicon);
  if (problems.length > 0) {
    throw new Error(`invalid lexicon: ${problems.map((p) => `${p.path}: ${p.messageEn}`).join("; ")}`);
  }
  const trie = new Trie();
  const triggerPhrases = new Set<string>();
  const entries: CompiledEntry[] = lexicon.entries.map((source, index) => {
    const patterns = normaliseList(source.patterns);
    patterns.forEach((p, pattern) => {
      trie.add(p, { kind: OutputKind.Entry, index, pattern });
      triggerPhrases.add(p);
    });
    return {
      source,
      patterns,
      followedBy: normaliseList(source.followedBy),
      notFollowedBy: normaliseList(source.notFollowedBy),
      notPrecededBy: normaliseList(source.notPrecededBy),
      requireNear: compileNear(source.requireNear),
      exceptNear: compileNear(source.exceptNear),
    };
  });
  const addContext = (rules: ContextRule[], kind: OutputKind) => {
    rules.forEach((rule, index) => {
      normaliseList(rule.patterns).forEach((p, pattern) => {
        trie.add(p, { kind, index, pattern });
      });
    });
  };
  addContext(lexicon.benign, OutputKind.Benign);
  addContext(lexicon.lawful, OutputKind.Lawful);
  addContext(lexicon.negation, OutputKind.Negation);
  addContext(lexicon.reporting, OutputKind.Reporting);
  addContext(lexicon.counterpartSpeakers, OutputKind.Speaker);
  return {
    version: lexicon.version,
    source: lexicon,
    trie,
    entries,
    benign: lexicon.benign,
    lawful: lexicon.lawful,
    negation: lexicon.negation,
    reporting: lexicon.reporting,
    speakers: lexicon.counterpartSpeakers,
    triggerPhrases: [...triggerPhrases],
  };
}
