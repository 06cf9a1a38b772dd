/**
 * Text normalisation for matching, with a position map back to the original text.
 *
 * Steps, per code point of the original:
 *  - NFKC (full-width ASCII → ASCII, half-width katakana → katakana, composing ｶﾞ → ガ),
 *  - ASCII lower-case, katakana → hiragana (so 殺す / ころす / コロス / ｺﾛｽ meet),
 *  - masking separators and spacing are removed (殺.す, 殺 す, 殺・す, 殺-す, zero-width …),
 *  - elongation marks are removed (こーろーす → ころす), except after katakana where they are part
 *    of the word (カード, ルール),
 *  - replacement masks (〇 ○ ● × * …) become the single MASK character, which the matcher may
 *    treat as one hidden character (〇ね) or as a separator (殺*す),
 *  - lone surrogates and control characters other than newline become nothing.
 *
 * Offsets in the original text are JavaScript string indices (UTF-16 code units), so
 * `original.slice(start, end)` returns the evidence.
 */
export const MASK = "\u25CB"; // ○

export interface NormalisedText {
  original: string;
  /** Normalised text used for matching. */
  text: string;
  /** starts[i] is the original offset where normalised character i comes from. */
  starts: Int32Array;
  /** ends[i] is the original offset just after the source of normalised character i. */
  ends: Int32Array;
}

const REMOVED = new Set<number>(
  [
    " ", "\t", "\r", "\f", "\v", ".", "・", "_", "-", "‐", "‑", "‒", "–", "—", "―", "−", "~", "〜",
    "/", "\\", "|", "^", "`", "'", "′", "゛", "゜", "\u00AD",
  ].map((c) => c.codePointAt(0) as number),
);

const MASKS = new Set<number>(
  ["〇", "○", "◯", "●", "◎", "×", "✕", "✖", "☓", "╳", "*", "□", "■", "◇", "◆", "△", "▲", "▽", "▼", "♡", "♥", "☆", "★", "〓", "※", "♠", "♣", "♦", "♤", "♧", "♢", "◉"].map(
    (c) => c.codePointAt(0) as number,
  ),
);

function isRemovedCodePoint(cp: number): boolean {
  if (REMOVED.has(cp)) return true;
  if (cp < 0x20 && cp !== 0x0a) return true; // control characters except newline
  if (cp >= 0x7f && cp <= 0x9f) return true;
  if (cp >= 0x0300 && cp <= 0x036f) return true; // combining diacritics (zalgo)
  if (cp >= 0x200b && cp <= 0x200f) return true; // zero-width, directional marks
  if (cp >= 0x2028 && cp <= 0x202e) return true;
  if (cp >= 0x2060 && cp <= 0x2064) return true;
  if (cp === 0xfeff) return true;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return true; // variation selectors
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogates
  return false;
}

function isVoicingMark(cp: number): boolean {
  return cp === 0x3099 || cp === 0x309a || cp === 0xff9e || cp === 0xff9f || cp === 0x309b || cp === 0x309c;
}

const cache = new Map<number, string>();

/** Normalise one code point (without composition with neighbours). */
function foldCodePoint(cp: number): string {
  const cached = cache.get(cp);
  if (cached !== undefined) return cached;
  let out = "";
  const nfkc = String.fromCodePoint(cp).normalize("NFKC");
  for (const ch of nfkc) {
    let c = ch.codePointAt(0) as number;
    if (isRemovedCodePoint(c)) continue;
    if (MASKS.has(c)) {
      out += MASK;
      continue;
    }
    if (c >= 0x41 && c <= 0x5a) c += 0x20; // A-Z → a-z
    else if (c >= 0x30a1 && c <= 0x30f6) c -= 0x60; // katakana → hiragana
    out += String.fromCodePoint(c);
  }
  if (cache.size < 20000) cache.set(cp, out);
  return out;
}

/** Compose a kana with a following (half-width or combining) voicing mark, if that yields one character. */
function composeVoiced(base: number, mark: number): string | null {
  const markChar = mark === 0xff9e || mark === 0x309b ? "\u3099" : "\u309A";
  const baseChar = String.fromCodePoint(base).normalize("NFKC");
  const composed = (baseChar + markChar).normalize("NFC");
  if ([...composed].length !== 1) return null;
  return foldCodePoint(composed.codePointAt(0) as number);
}

export function normalise(original: string): NormalisedText {
  const n = original.length;
  const starts = new Int32Array(n + 4);
  const ends = new Int32Array(n + 4);
  let cap = n + 4;
  let startsBuf = starts;
  let endsBuf = ends;
  const parts: string[] = [];
  let outLen = 0;

  const push = (s: string, from: number, to: number) => {
    for (let k = 0; k < s.length; k++) {
      if (outLen >= cap) {
        cap = cap * 2 + 16;
        const ns = new Int32Array(cap);
        ns.set(startsBuf);
        startsBuf = ns;
        const ne = new Int32Array(cap);
        ne.set(endsBuf);
        endsBuf = ne;
      }
      startsBuf[outLen] = from;
      endsBuf[outLen] = to;
      outLen++;
    }
    parts.push(s);
  };

  let i = 0;
  while (i < n) {
    const cp = original.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    // Fast path for plain ASCII letters/digits/punctuation that survive unchanged.
    if (cp < 0x80) {
      if (isRemovedCodePoint(cp)) {
        i += 1;
        continue;
      }
      if (MASKS.has(cp)) push(MASK, i, i + 1);
      else push(cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 0x20) : original[i] as string, i, i + 1);
      i += 1;
      continue;
    }
    if (cp === 0x30fc || cp === 0xff70) {
      // Long-vowel mark: part of katakana words (カード), a masking/elongation trick elsewhere (殺ーす).
      const prev = i > 0 ? original.charCodeAt(i - 1) : 0;
      const afterKatakana = (prev >= 0x30a1 && prev <= 0x30fa) || (prev >= 0xff66 && prev <= 0xff9f) || prev === 0x30fc || prev === 0xff70;
      if (afterKatakana) push("ー", i, i + 1);
      i += 1;
      continue;
    }
    const next = i + width < n ? (original.codePointAt(i + width) as number) : -1;
    if (next >= 0 && isVoicingMark(next)) {
      const composed = composeVoiced(cp, next);
      if (composed !== null) {
        push(composed, i, i + width + 1);
        i += width + 1;
        continue;
      }
    }
    const folded = foldCodePoint(cp);
    if (folded.length > 0) push(folded, i, i + width);
    i += width;
  }
  return {
    original,
    text: parts.join(""),
    starts: startsBuf.subarray(0, outLen),
    ends: endsBuf.subarray(0, outLen),
  };
}

/** Normalise a lexicon pattern (no position map needed). */
export function normalisePattern(pattern: string): string {
  return normalise(pattern).text;
}

/** Map a span [a, b) of the normalised text back to the original text. */
export function toOriginalSpan(norm: NormalisedText, a: number, b: number): { start: number; end: number } {
  if (norm.starts.length === 0) return { start: 0, end: 0 };
  const s = norm.starts[Math.min(a, norm.starts.length - 1)] as number;
  const e = norm.ends[Math.max(Math.min(b - 1, norm.ends.length - 1), 0)] as number;
  return { start: s, end: Math.max(e, s) };
}

export function isHiragana(code: number): boolean {
  return code >= 0x3041 && code <= 0x309f;
}

/** Sentence boundaries in normalised text. */
export function isSentenceEnd(code: number): boolean {
  return code === 0x3002 /* 。 */ || code === 0x21 /* ! */ || code === 0x3f /* ? */ || code === 0x0a || code === 0xff61;
}
