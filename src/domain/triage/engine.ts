import { type BehaviourGroup, type Severity, type SignalCode, SIGNAL_CODES } from "./codes.ts";
import type { CompiledEntry, CompiledLexicon } from "./compile.ts";
import { atWordBoundary, buildContext, isEndOfSentence, PositionSet, phraseNear, type TextContext } from "./context.ts";
import { defaultCompiledLexicon } from "./lexicon.ts";
import { defaultModel } from "./default-model.ts";
import { modelSignals, type TriageModel } from "./model.ts";
import { OutputKind, type RawHit } from "./matcher.ts";
import { MASK, normalise, type NormalisedText, normalisePattern, toOriginalSpan } from "./normalise.ts";

export type TriageFlag = "none" | "review" | "urgent";

export interface TriageSignal {
  group: BehaviourGroup;
  code: SignalCode;
  /** Offsets into the original text (JavaScript string indices). */
  start: number;
  end: number;
  /** original.slice(start, end) */
  text: string;
  /** Id of the rule that fired. */
  rule: string;
  severity: Severity;
  labelJa: string;
  explanationJa: string;
  /** English explanation, when the rule has one (older stored results and custom rules may not). */
  explanationEn?: string;
  /** True when part of the match was hidden by a mask character (〇ね). */
  masked: boolean;
}

export type SuppressionReason = "benign_sense" | "negation" | "reported_speech" | "lawful_action" | "learned_model";

/** A trigger that matched but was not counted, with the reason (shown to explain a "none"). */
export interface SuppressedMatch {
  code: SignalCode;
  start: number;
  end: number;
  text: string;
  rule: string;
  reason: SuppressionReason;
  /** Id of the context rule that suppressed it. */
  by: string;
}

export interface TriageResult {
  flag: TriageFlag;
  groups: BehaviourGroup[];
  signals: TriageSignal[];
  suppressed: SuppressedMatch[];
  lexiconVersion: string;
  /** Version of the learned model that ran next to the rules (null: rules only; absent in results stored before round 6). */
  modelVersion?: string | null;
  /** True when the text exceeded maxChars and only its beginning was analysed. */
  truncated: boolean;
}

export interface TriageOptions {
  lexicon?: CompiledLexicon;
  /** Longest text analysed (JavaScript string length). Default 2,000,000. */
  maxChars?: number;
  /** Extra signals computed elsewhere (e.g. the repeat tracker), merged into the result. */
  extraSignals?: TriageSignal[];
  /** The learned model next to the rules; default the shipped one, null for rules only. */
  model?: TriageModel | null;
}

const DEFAULT_MAX_CHARS = 2_000_000;
/** At most this many signals are returned per message (the earliest ones). */
export const MAX_SIGNALS = 500;

/**
 * Triage one written contact. Pure and deterministic; never throws for any string input.
 * Non-string input is treated as empty text.
 */
export function triage(text: string, options: TriageOptions = {}): TriageResult {
  const lexicon = options.lexicon ?? defaultCompiledLexicon();
  const input = typeof text === "string" ? text : "";
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const truncated = input.length > maxChars;
  const analysed = truncated ? input.slice(0, maxChars) : input;
  const norm = normalise(analysed);
  const { signals, suppressed, hidden, lawfulAt } = findSignals(norm, lexicon);
  if (options.extraSignals) signals.push(...options.extraSignals);
  const model = options.model === undefined ? defaultModel() : options.model;
  if (model) {
    const rules = {
      groups: new Set<number>(signals.map((s) => s.group)),
      urgent: signals.some((s) => s.severity === "urgent"),
      any: signals.length > 0,
      reviewOnlyLexicon: signals.every((s) => s.severity === "review" && s.code !== "repeated_demand"),
      lawfulAt,
    };
    const added = modelSignals(model, norm, rules, maskSuppressed(norm, hidden));
    if (added.veto) {
      // the rules' review signals are held back, and shown as such (never a threat or a repeat)
      const by = `model.legit@${model.version}`;
      for (const s of signals) suppressed.push({ code: s.code, start: s.start, end: s.end, text: s.text, rule: s.rule, reason: "learned_model", by });
      signals.length = 0;
    } else signals.push(...added.signals);
  }
  return { ...summarise(signals, suppressed, lexicon.version, truncated), modelVersion: model ? model.version : null };
}

const HIDDEN = "\uFFFD";
const PLACEHOLDER = new RegExp(`${MASK}{2,}`, "g");
const OPEN_QUOTES = "「『“\"";
const CLOSE_QUOTES = "」』”\"";

/**
 * A clause that ends in a denial of intent (〜するつもりはありません, 〜がほしいわけじゃない,
 * 〜とは言いません): the writer says they will not do it, so the model does not read it, whether
 * or not a rule fired inside it (a negated statement is never a signal). Up to 60 characters back
 * to the start of the sentence.
 */
const NEGATED_CLAUSE =
  /[^。！？!?\n]{1,60}?(?:つもりは(?:ない|ありません|ございません|毛頭|まったく|全く|一切)|つもりなど|つもりなんて|気は(?:ない|ありません|さらさら)|(?:わけ|訳)(?:では|じゃ)(?:ない|ありません|ございません)|(?:とは|なんて|などとは)(?:言わない|言いません|言っていない|言ってない|言ってません|言っていません|申しません|思っていない|思っていません|思ってない|思ってません|思わない|思いません))/g;

/**
 * The normalised text the learned model reads: what the rules recognised as someone else's words,
 * a negated statement, a benign sense, a lawful action or an entry's exception is hidden (replaced
 * by a character no n-gram contains), so the model does not flag what the rules deliberately let
 * pass, and placeholders (○○さん). Reported speech hides the whole quotation around the trigger.
 * Same length as norm.text.
 */
export function maskSuppressed(norm: NormalisedText, hidden: FoundSignals["hidden"]): string {
  const text = norm.text;
  // A run of two or more mask characters is a placeholder (○○さん, ○○課), not a hidden letter.
  const placeholders = text.includes(MASK + MASK);
  const denials = [...text.matchAll(NEGATED_CLAUSE)];
  if (hidden.length === 0 && !placeholders && denials.length === 0) return text;
  const chars = text.split("");
  if (placeholders) {
    for (const m of text.matchAll(PLACEHOLDER)) for (let i = m.index; i < m.index + m[0].length; i++) chars[i] = HIDDEN;
  }
  for (const m of denials) for (let i = m.index; i < m.index + m[0].length; i++) chars[i] = HIDDEN;
  for (const [start, end, reason] of hidden) {
    let a = start;
    let b = end;
    if (reason === "reported_speech") {
      const open = Math.max(...[...OPEN_QUOTES].map((q) => text.lastIndexOf(q, a)));
      const closes = [...CLOSE_QUOTES].map((q) => text.indexOf(q, b)).filter((i) => i >= 0);
      const close = closes.length > 0 ? Math.min(...closes) : -1;
      const line = text.lastIndexOf("\n", a);
      if (open > line && close >= 0 && !text.slice(b, close).includes("\n")) {
        a = open;
        b = close + 1;
      }
    }
    for (let i = a; i < b && i < chars.length; i++) chars[i] = HIDDEN;
  }
  return chars.join("");
}

/** The model's input for a text, as the engine computes it (for training and evaluation). */
export function modelInput(text: string, lexicon: CompiledLexicon = defaultCompiledLexicon()): string {
  const norm = normalise(text);
  return maskSuppressed(norm, findSignals(norm, lexicon).hidden);
}

export function summarise(signals: TriageSignal[], suppressed: SuppressedMatch[], lexiconVersion: string, truncated = false): TriageResult {
  signals.sort((a, b) => a.start - b.start || b.end - a.end || a.group - b.group);
  let flag: TriageFlag = "none";
  const groups = new Set<BehaviourGroup>();
  for (const s of signals) {
    groups.add(s.group);
    if (s.severity === "urgent") flag = "urgent";
    else if (flag === "none") flag = "review";
  }
  return {
    flag,
    groups: [...groups].sort((a, b) => a - b),
    signals,
    suppressed,
    lexiconVersion,
    truncated,
  };
}

interface Positions {
  lawful: PositionSet;
  lawfulRule: Map<number, number>;
  negation: PositionSet;
  negationRule: Map<number, number>;
  reporting: PositionSet;
  reportingRule: Map<number, number>;
  speaker: PositionSet;
  benign: { start: number; end: number; index: number }[];
}

export interface FoundSignals {
  signals: TriageSignal[];
  suppressed: SuppressedMatch[];
  /**
   * Spans of the normalised text the rules deliberately let pass — benign senses, suppressed
   * triggers (whole quotation for reported speech) and triggers excluded by an entry's exceptions —
   * which the learned model must not read either (see maskSuppressed).
   */
  hidden: Array<[number, number, SuppressionReason | "exception"]>;
  /** Positions (normalised text) where a lawful action is named. */
  lawfulAt: number[];
}

export function findSignals(norm: NormalisedText, lexicon: CompiledLexicon): FoundSignals {
  const hits = lexicon.trie.scan(norm.text);
  const signals: TriageSignal[] = [];
  const suppressed: SuppressedMatch[] = [];
  const hidden: FoundSignals["hidden"] = [];
  const lawfulAt: number[] = [];
  if (hits.length === 0) return { signals, suppressed, hidden, lawfulAt };

  const pos: Positions = {
    lawful: new PositionSet(),
    lawfulRule: new Map(),
    negation: new PositionSet(),
    negationRule: new Map(),
    reporting: new PositionSet(),
    reportingRule: new Map(),
    speaker: new PositionSet(),
    benign: [],
  };
  const entryHits: RawHit[] = [];
  for (const h of hits) {
    switch (h.out.kind) {
      case OutputKind.Entry:
        entryHits.push(h);
        break;
      case OutputKind.Benign:
        if (h.masked === 0) pos.benign.push({ start: h.start, end: h.end, index: h.out.index });
        break;
      case OutputKind.Lawful:
        lawfulAt.push(h.start);
        pos.lawful.add(h.start);
        pos.lawfulRule.set(h.start, h.out.index);
        break;
      case OutputKind.Negation:
        pos.negation.add(h.start);
        pos.negationRule.set(h.start, h.out.index);
        break;
      case OutputKind.Reporting:
        pos.reporting.add(h.start);
        pos.reportingRule.set(h.start, h.out.index);
        break;
      case OutputKind.Speaker:
        pos.speaker.add(h.start);
        break;
    }
  }
  for (const b of pos.benign) hidden.push([b.start, b.end, "benign_sense"]);
  if (entryHits.length === 0) return { signals, suppressed, hidden, lawfulAt };
  const ctx = buildContext(norm.text);

  // Keep one hit per (entry, start, end).
  const seen = new Set<string>();
  const accepted: { hit: RawHit; entry: CompiledEntry }[] = [];
  for (const hit of entryHits) {
    const key = `${hit.out.index}:${hit.start}:${hit.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = lexicon.entries[hit.out.index] as CompiledEntry;
    const conditions = passesEntryConditions(ctx, entry, hit);
    if (conditions !== "ok") {
      if (conditions === "excepted") hidden.push([hit.start, hit.end, "exception"]);
      else {
        // not a signal for the rules, but if it stands in a negated, quoted or lawful context the
        // model must not read it either (殺すつもりはない)
        const context = suppression(ctx, lexicon, entry, hit, pos);
        if (context) hidden.push([hit.start, hit.end, context.reason]);
      }
      continue;
    }
    const reason = suppression(ctx, lexicon, entry, hit, pos);
    if (reason) {
      hidden.push([hit.start, hit.end, reason.reason]);
      if (suppressed.length >= MAX_SIGNALS) continue;
      const span = toOriginalSpan(norm, hit.start, hit.end);
      suppressed.push({
        code: entry.source.code,
        start: span.start,
        end: span.end,
        text: norm.original.slice(span.start, span.end),
        rule: entry.source.id,
        reason: reason.reason,
        by: reason.by,
      });
      continue;
    }
    accepted.push({ hit, entry });
  }

  // Merge overlapping hits of the same code into one span (the first rule names it).
  accepted.sort((a, b) => a.hit.start - b.hit.start || b.hit.end - a.hit.end);
  const kept: { start: number; end: number; masked: number; entry: CompiledEntry }[] = [];
  const lastByCode = new Map<SignalCode, { start: number; end: number; masked: number; entry: CompiledEntry }>();
  for (const { hit, entry } of accepted) {
    const code = entry.source.code;
    const last = lastByCode.get(code);
    if (last && hit.start <= last.end) {
      last.end = Math.max(last.end, hit.end);
      last.masked += hit.masked;
      continue;
    }
    const item = { start: hit.start, end: hit.end, masked: hit.masked, entry };
    kept.push(item);
    lastByCode.set(code, item);
  }
  for (const { entry, ...hit } of kept.slice(0, MAX_SIGNALS)) {
    const span = toOriginalSpan(norm, hit.start, hit.end);
    const src = entry.source;
    signals.push({
      group: src.group,
      code: src.code,
      start: span.start,
      end: span.end,
      text: norm.original.slice(span.start, span.end),
      rule: src.id,
      severity: src.severity,
      labelJa: SIGNAL_CODES[src.code].labelJa,
      explanationJa: src.explanationJa,
      ...(src.explanationEn ? { explanationEn: src.explanationEn } : {}),
      masked: hit.masked > 0,
    });
  }
  return { signals, suppressed, hidden, lawfulAt };
}

/** "ok", "unmet" (a required condition is missing) or "excepted" (an exception of the entry applies). */
function passesEntryConditions(ctx: TextContext, entry: CompiledEntry, hit: RawHit): "ok" | "unmet" | "excepted" {
  const text = ctx.text;
  const src = entry.source;
  if (hit.masked > 0) {
    const visible = (entry.patterns[hit.out.pattern]?.length ?? 0) - hit.masked;
    if (visible < 2 && !src.maskableShort) return "unmet";
  }
  if (src.wordBoundary && !atWordBoundary(text, hit.start, hit.end, entry.followedBy.length === 0)) return "unmet";
  if (entry.followedBy.length > 0) {
    let ok = false;
    for (const f of entry.followedBy) {
      if (f === "$" ? isEndOfSentence(text, hit.end) : text.startsWith(f, hit.end)) {
        ok = true;
        break;
      }
    }
    if (!ok) return "unmet";
  }
  for (const f of entry.notFollowedBy) if (text.startsWith(f, hit.end)) return "excepted";
  for (const p of entry.notPrecededBy) {
    if (hit.start >= p.length && text.startsWith(p, hit.start - p.length)) return "excepted";
  }
  for (const near of entry.requireNear) {
    if (!phraseNear(ctx, hit.start, hit.end, near.any, near.before, near.after, near.acrossSentences)) return "unmet";
  }
  for (const near of entry.exceptNear) {
    if (phraseNear(ctx, hit.start, hit.end, near.any, near.before, near.after, near.acrossSentences)) return "excepted";
  }
  return "ok";
}

const NEGATION_WINDOW = 10;
const REPORT_AFTER_QUOTE = 3;
const REPORT_AFTER_TRIGGER = 3;
const SPEAKER_WINDOW = 40;
/** After 「…」と, a reporting verb may come a few words later (「死ね」とチャットで何度も送られてきた). */
const REPORT_AFTER_QUOTE_WIDE = 16;
/**
 * Reporting verbs and channel words read after 「…」と. Written in ordinary Japanese and normalised
 * like lexicon patterns (katakana folded to hiragana, ASCII lower-cased), because they are
 * compared with the normalised text: 「…」とメッセージが来た, 「…」とLINEで送られてきた.
 */
const REPORT_VERBS = normaliseAll([
  "言われ", "言い放", "言って", "言わ", "わめ", "喚", "叫", "怒鳴", "どな", "罵", "ののし", "送られ", "送ってき", "書かれ", "書き込まれ",
  "投稿され", "ふざけ", "脅さ", "すごま", "凄ま", "つぶや", "呟", "吐き捨て", "繰り返され", "メッセージが", "メールが", "LINEが", "DMが",
  "コメントが", "書き込みが", "手紙が", "はがきが", "電話が", "留守電", "留守番電話", "が来", "がき", "が届", "届い", "届き", "が入って",
  "が入り", "残され", "吹き込", "書き込ま", "と来", "ツイートしてい", "ポストしてい", "投稿してい", "書き込んでい", "書いてあ", "載って", "貼られ", "受け取", "読み上げ",
  // round 9: a crowd's or a passer-by's words (「…」とか物騒なヤジを飛ばしてる客)
  "ヤジ", "野次", "騒い", "騒ぎ", "口にして",
]);
/** A resident narrating what a third person said (…と怒鳴っていました) rather than a staff record (…と怒鳴った). */
const POLITE_NARRATION = normaliseAll(["ました", "ています", "ていて", "ているの", "でした", "のを見", "のが聞こえ", "られて"]);

function normaliseAll(words: string[]): string[] {
  return [...new Set(words.map(normalisePattern).filter((w) => w.length > 0))];
}

function suppression(
  ctx: TextContext,
  lexicon: CompiledLexicon,
  entry: CompiledEntry,
  hit: RawHit,
  pos: Positions,
): { reason: SuppressionReason; by: string } | null {
  const src = entry.source;
  for (const b of pos.benign) {
    if (b.start < hit.end && hit.start < b.end) {
      return { reason: "benign_sense", by: lexicon.benign[b.index]?.id ?? "benign" };
    }
  }
  const sentence = ctx.sentence;
  const sentenceOf = sentence[hit.start] as number;
  const sameSentence = (p: number) => p >= 0 && p < ctx.text.length && sentence[p] === sentenceOf;

  if (src.negatable !== false) {
    const p = pos.negation.firstIn(hit.end, hit.end + NEGATION_WINDOW);
    if (p >= 0 && sameSentence(p)) {
      return { reason: "negation", by: lexicon.negation[pos.negationRule.get(p) ?? 0]?.id ?? "negation" };
    }
    if (listedThenDenied(ctx, hit.end)) return { reason: "negation", by: "context.listed_then_denied" };
  }
  const title = titleOfWork(ctx, hit);
  if (title) return { reason: "benign_sense", by: "context.title_of_work" };
  if (src.reportable !== false) {
    const reportedBy = reportedSpeech(ctx, hit, pos);
    if (reportedBy !== null) {
      return { reason: "reported_speech", by: lexicon.reporting[reportedBy]?.id ?? "reporting" };
    }
  }
  if (src.lawfulSuppressible) {
    const { lo, hi } = sentenceBounds(ctx, hit.start);
    const p = pos.lawful.firstIn(lo, hi);
    if (p >= 0) return { reason: "lawful_action", by: lexicon.lawful[pos.lawfulRule.get(p) ?? 0]?.id ?? "lawful" };
  }
  return null;
}

/**
 * 「晒すとか拡散とか、そういうことをする気はありません」「慰謝料とか、そういうのは一切求めていません」:
 * a trigger listed with とか and then denied as a whole (そういう… + a negative) in the same sentence.
 */
const LISTED_THEN_DENIED =
  /^(?:[^。!?\n]{0,14}?とか[^。!?\n]{0,16}?そういう[^。!?\n]{0,24}?(?:ない|ません|ず|無い|毛頭|一切)|[^。!?\n]{0,6}?とかは[^。!?\n]{0,10}?(?:言わない|言いません|しない|しません|いたしません))/;

function listedThenDenied(ctx: TextContext, end: number): boolean {
  return LISTED_THEN_DENIED.test(ctx.text.slice(end, end + 70));
}

/** Words that name a work (film, play, book, game …) right before or after its quoted title. */
const WORK_BEFORE = normaliseAll(["映画", "演劇", "舞台", "芝居", "劇", "小説", "ドラマ", "番組", "ゲーム", "曲", "歌", "本", "絵本", "作品", "漫画", "マンガ", "アニメ", "上映会", "公演", "展覧会", "落語", "講演"]);
const WORK_AFTER = normaliseAll([
  "というタイトル", "ってタイトル", "というタイトル", "という題", "って題", "という名前の", "という映画", "って映画", "という演劇", "って演劇", "という劇",
  "という舞台", "という芝居", "という本", "って本", "という小説", "という曲", "って曲", "という歌", "って歌", "というゲーム", "ってゲーム", "という作品",
  "という番組", "という漫画", "というアニメ", "の上映", "の上演", "の公演", "の展示", "の放送", "って動画", "という動画", "って配信",
  "という配信", "って番組", "って漫画", "って小説", "ってアニメ", "って歌詞", "という歌詞",
]);

/** A trigger inside the quoted title of a work (『市役所を燃やせ』の上映会, 「ぶっ殺すほど笑える」ってタイトルの演劇). */
function titleOfWork(ctx: TextContext, hit: RawHit): boolean {
  const close = ctx.quoteClose[hit.start] as number;
  if (close < 0 || hit.end > close + 1) return false;
  const open = ctx.quoteOpen[hit.start] as number;
  const text = ctx.text;
  const after = text.slice(close + 1, close + 12);
  if (WORK_AFTER.some((w) => after.startsWith(w))) return true;
  const before = text.slice(Math.max(0, open - 8), open);
  return WORK_BEFORE.some((w) => before.endsWith(w) || before.endsWith(`${w}の`) || before.endsWith(`${w}、`));
}

function sentenceBounds(ctx: TextContext, at: number): { lo: number; hi: number } {
  const s = ctx.sentence[at] as number;
  let lo = at;
  while (lo > 0 && ctx.sentence[lo - 1] === s && at - lo < 300) lo--;
  let hi = at;
  while (hi < ctx.text.length - 1 && ctx.sentence[hi + 1] === s && hi - at < 300) hi++;
  return { lo, hi };
}

/** Returns the reporting rule index when the hit is someone else's words being reported. */
function reportedSpeech(ctx: TextContext, hit: RawHit, pos: Positions): number | null {
  const close = ctx.quoteClose[hit.start] as number;
  let anchorStart = hit.start;
  let reportAt = -1;
  if (close >= 0 && hit.end <= close) {
    reportAt = pos.reporting.firstIn(close + 1, close + 1 + REPORT_AFTER_QUOTE);
    anchorStart = ctx.quoteOpen[hit.start] as number;
    if (reportAt < 0) reportAt = reportingVerbAfterQuote(ctx, close);
  }
  if (reportAt < 0) {
    reportAt = pos.reporting.firstIn(hit.end, hit.end + REPORT_AFTER_TRIGGER);
    anchorStart = hit.start;
  }
  if (reportAt < 0) return null;
  // A staff record quoting the counterpart (相手方は「殺すぞ」と怒鳴った) stays a signal.
  const speaker = pos.speaker.firstIn(Math.max(0, anchorStart - SPEAKER_WINDOW), anchorStart);
  if (speaker >= 0 && !politeNarration(ctx, reportAt)) return null;
  return pos.reportingRule.get(reportAt) ?? 0;
}

/** Position of a reporting verb in 「…」と<a few words><verb> (same sentence), or -1. */
function reportingVerbAfterQuote(ctx: TextContext, close: number): number {
  const text = ctx.text;
  const at = close + 1;
  if (!(text.startsWith("と", at) || text.startsWith("って", at))) return -1;
  const sentence = ctx.sentence[close] as number;
  let hi = Math.min(text.length, at + REPORT_AFTER_QUOTE_WIDE);
  while (hi > at && (ctx.sentence[hi - 1] as number) > sentence) hi--;
  const window = text.slice(at, hi);
  let best = -1;
  for (const v of REPORT_VERBS) {
    const i = window.indexOf(v);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best < 0 ? -1 : at + best;
}

function politeNarration(ctx: TextContext, reportAt: number): boolean {
  const sentence = ctx.sentence[reportAt] as number;
  let hi = Math.min(ctx.text.length, reportAt + 24);
  while (hi > reportAt && (ctx.sentence[hi - 1] as number) > sentence) hi--;
  const window = ctx.text.slice(reportAt, hi);
  return POLITE_NARRATION.some((p) => window.includes(p));
}
