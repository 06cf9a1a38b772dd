/**
 * Japanese full-text search without a tokenizer: text is normalised (NFKC, lower-case), split into
 * runs of letters and digits, and indexed as the set of character bigrams of each run. A query term
 * matches when the record holds all of its bigrams (a GIN-indexed array containment) and, to drop
 * false positives, the normalised text contains the term itself.
 */
const RUN = /[\p{L}\p{N}\p{M}]+/gu;

/** NFKC, lower-case, whitespace collapsed to one space. */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

function runBigrams(run: string, out: Set<string>) {
  const chars = [...run];
  for (let i = 0; i < chars.length - 1; i++) out.add(`${chars[i]}${chars[i + 1]}`);
}

/** The distinct bigrams of every run in the texts, sorted (what the index stores). */
export function bigramsOf(...texts: Array<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const m of normaliseText(t).matchAll(RUN)) runBigrams(m[0], out);
  }
  return [...out].sort();
}

export interface QueryTerm {
  /** The normalised term the text must contain. */
  text: string;
  /** Bigrams the index must contain (empty for a one-character term: substring check only). */
  bigrams: string[];
}

/** Whitespace-separated terms, all of which must match. */
export function queryTerms(q: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const raw of normaliseText(q).split(" ")) {
    if (!raw) continue;
    if (terms.some((t) => t.text === raw)) continue;
    terms.push({ text: raw, bigrams: bigramsOf(raw) });
  }
  return terms.slice(0, 8);
}

/** The text the substring check runs against. */
export function searchText(...texts: Array<string | null | undefined>): string {
  return texts
    .filter((t): t is string => !!t)
    .map(normaliseText)
    .join("\n");
}

/** Pure reference for tests: does the text match every term? */
export function matchesQuery(text: string, q: string): boolean {
  const norm = searchText(text);
  const index = new Set(bigramsOf(text));
  return queryTerms(q).every((t) => t.bigrams.every((b) => index.has(b)) && norm.includes(t.text));
}
