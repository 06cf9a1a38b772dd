import type { BehaviourGroup, Severity, SignalCode } from "./codes.ts";

/**
 * The lexicon is versioned data. Patterns are literal phrases written in ordinary Japanese
 * (any mix of kanji, katakana, hiragana, full/half width); they are normalised the same way as
 * messages. A pattern may contain alternation groups: 殺(す|してやる) → 殺す, 殺してやる.
 */
export interface NearCondition {
  /** One of these phrases must occur in the same sentence, within the window. */
  any: string[];
  /** Characters before the match start to search (normalised text). Default 0. */
  before?: number;
  /** Characters after the match end to search (normalised text). Default 0. */
  after?: number;
  /**
   * Search the window across sentence ends too (default: the match's own sentence only), for a
   * topic named in the previous sentence: 担当者の自宅？その気になれば突き止められる.
   */
  acrossSentences?: boolean;
}

export interface LexiconEntry {
  /** Stable id; shown as the `rule` of a signal, e.g. "kill.explicit". */
  id: string;
  group: BehaviourGroup;
  code: SignalCode;
  severity: Severity;
  patterns: string[];
  /** Plain-Japanese explanation shown with the evidence. */
  explanationJa: string;
  /** Short English explanation shown when the screen is in English (falls back to explanationJa). */
  explanationEn?: string;
  /** Require a non-kana (or a particle) just before and after: for short words such as しね, ばか. */
  wordBoundary?: boolean;
  /**
   * Allow a match where a mask hides half of a two-character pattern (〇ね for しね). Other
   * entries need at least two visible characters, so 〇す does not match every "?す" word.
   */
  maskableShort?: boolean;
  /** The match must be followed by one of these; "$" means end of sentence or text. */
  followedBy?: string[];
  /** Drop the match if immediately followed by one of these. */
  notFollowedBy?: string[];
  /** Drop the match if immediately preceded by one of these. */
  notPrecededBy?: string[];
  /** Every condition must hold. */
  requireNear?: NearCondition[];
  /** Drop the match if any of these holds. */
  exceptNear?: NearCondition[];
  /** Dropped when a lawful action (弁護士, 情報公開請求 …) is mentioned in the same sentence. */
  lawfulSuppressible?: boolean;
  /** Negation after the match (つもりはない …) drops it. Default true. */
  negatable?: boolean;
  /** Quotation / reported speech (「…」と言われた) drops it. Default true. */
  reportable?: boolean;
}

/** Context rules: phrases whose presence changes how trigger matches are read. */
export interface ContextRule {
  id: string;
  patterns: string[];
  explanationJa: string;
}

export interface Lexicon {
  /** Version of the data, e.g. "2026.12.1"; recorded with every triage result. */
  version: string;
  entries: LexiconEntry[];
  /** Benign senses: a trigger overlapping one of these is not a signal (殺菌, 燃えるごみ …). */
  benign: ContextRule[];
  /** Lawful actions: never threats; suppress `lawfulSuppressible` entries in the same sentence. */
  lawful: ContextRule[];
  /** Negation phrases read just after a trigger (殺すつもりはない). */
  negation: ContextRule[];
  /** Reporting phrases read just after a trigger or a closing quote (と言われた, などの). */
  reporting: ContextRule[];
  /** Words naming the counterpart as the speaker in a staff record (相手方は「…」と怒鳴った). */
  counterpartSpeakers: ContextRule[];
}
