import { isHiragana, isSentenceEnd } from "./normalise.ts";

/** Per-message positional context: sentences, quotes, and sorted phrase positions. */
export interface TextContext {
  text: string;
  /** Sentence number of every normalised character. */
  sentence: Int32Array;
  /** For a character inside quotes: index of the innermost closing quote; otherwise -1. */
  quoteClose: Int32Array;
  /** Opening quote index matching quoteClose (same layout). */
  quoteOpen: Int32Array;
}

const OPEN_TO_CLOSE = new Map<number, number>([
  [0x300c, 0x300d], // 「」
  [0x300e, 0x300f], // 『』
  [0x201c, 0x201d], // “”
  [0x3010, 0x3011], // 【】 is not a quote; kept out below
  [0xff62, 0xff63], // ｢｣ (NFKC maps these to 「」 anyway)
]);
OPEN_TO_CLOSE.delete(0x3010);

export function buildContext(text: string): TextContext {
  const n = text.length;
  const sentence = new Int32Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    sentence[i] = s;
    if (isSentenceEnd(text.charCodeAt(i))) s++;
  }
  const quoteClose = new Int32Array(n).fill(-1);
  const quoteOpen = new Int32Array(n).fill(-1);
  // Stack of open quotes; a quote spanning more than 400 chars or never closed is ignored.
  const stack: { pos: number; close: number }[] = [];
  let straightOpen = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const close = OPEN_TO_CLOSE.get(c);
    if (close !== undefined) {
      if (stack.length < 16) stack.push({ pos: i, close });
      continue;
    }
    if (c === 0x22) {
      if (straightOpen < 0) straightOpen = i;
      else {
        fillQuote(quoteOpen, quoteClose, straightOpen, i);
        straightOpen = -1;
      }
      continue;
    }
    for (let k = stack.length - 1; k >= 0; k--) {
      const top = stack[k] as { pos: number; close: number };
      if (top.close === c) {
        fillQuote(quoteOpen, quoteClose, top.pos, i);
        stack.length = k;
        break;
      }
    }
  }
  return { text, sentence, quoteClose, quoteOpen };
}

function fillQuote(open: Int32Array, close: Int32Array, a: number, b: number): void {
  if (b - a > 400) return;
  for (let i = a + 1; i < b; i++) {
    // Inner quotes were filled first (they close first); keep the innermost.
    if (close[i] === -1) {
      close[i] = b;
      open[i] = a;
    }
  }
}

/** Sorted list of positions with a binary search for "any position in [lo, hi]". */
export class PositionSet {
  private readonly positions: number[] = [];
  private sorted = true;

  add(p: number): void {
    const last = this.positions[this.positions.length - 1];
    if (last !== undefined && p < last) this.sorted = false;
    this.positions.push(p);
  }

  /** First position in [lo, hi], or -1. */
  firstIn(lo: number, hi: number): number {
    if (!this.sorted) {
      this.positions.sort((a, b) => a - b);
      this.sorted = true;
    }
    const arr = this.positions;
    let a = 0;
    let b = arr.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if ((arr[m] as number) < lo) a = m + 1;
      else b = m;
    }
    const v = arr[a];
    return v !== undefined && v <= hi ? v : -1;
  }

  get size(): number {
    return this.positions.length;
  }
}

const PARTICLES_BEFORE = new Set([..."をはがもらっにでとへやよねぞ"].map((c) => c.charCodeAt(0)));
const ALLOWED_AFTER = new Set([..."ぞよやぜわねぇぁっかさな"].map((c) => c.charCodeAt(0)));

/** Word boundary for short kana words: not glued to other kana (except particles). */
export function atWordBoundary(text: string, start: number, end: number, checkAfter: boolean): boolean {
  if (start > 0) {
    const p = text.charCodeAt(start - 1);
    if (isHiragana(p) && !PARTICLES_BEFORE.has(p)) return false;
  }
  if (checkAfter && end < text.length) {
    const q = text.charCodeAt(end);
    if (isHiragana(q) && !ALLOWED_AFTER.has(q)) return false;
  }
  return true;
}

/** Whether any phrase occurs in text[lo, hi), clipped to the sentence of `anchor` unless `acrossSentences`. */
export function phraseNear(
  ctx: TextContext,
  anchorStart: number,
  anchorEnd: number,
  phrases: string[],
  before: number,
  after: number,
  acrossSentences = false,
): boolean {
  const { text, sentence } = ctx;
  const sStart = sentence[anchorStart] as number;
  const sEnd = sentence[Math.max(anchorEnd - 1, anchorStart)] as number;
  let lo = Math.max(0, anchorStart - before);
  let hi = Math.min(text.length, anchorEnd + after);
  if (!acrossSentences) {
    while (lo < anchorStart && (sentence[lo] as number) < sStart) lo++;
    while (hi > anchorEnd && (sentence[hi - 1] as number) > sEnd) hi--;
  }
  if (hi <= lo) return false;
  const window = text.slice(lo, hi);
  const matchSelf = before > 0 || after > 0 ? window : "";
  for (const p of phrases) if (matchSelf.includes(p)) return true;
  return false;
}

export function isEndOfSentence(text: string, pos: number): boolean {
  if (pos >= text.length) return true;
  const c = text.charCodeAt(pos);
  return isSentenceEnd(c) || c === 0x3001 /* 、 */ || c === 0x2c || c === 0x300d || c === 0x300f || c === 0x29 || c === 0xff09;
}
