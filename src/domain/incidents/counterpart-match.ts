/**
 * Matching a counterpart (相手方) against known ones: the same phone number in any format, the
 * same email, a similar name. The system only suggests; a person confirms.
 */
export interface CounterpartKeys {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
}

/** Digits only, full-width folded, +81 / 81 country code to a leading 0; null when too short to be a number. */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.normalize("NFKC").trim();
  const international = /^\+|^00/.test(s);
  let digits = s.replace(/\D/g, "");
  if (s.startsWith("00")) digits = digits.slice(2);
  if (international && digits.startsWith("81")) digits = `0${digits.slice(2)}`;
  else if (international) digits = `+${digits}`;
  const count = digits.replace(/\D/g, "").length;
  return count >= 6 && count <= 15 ? digits : null;
}

export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.normalize("NFKC").trim().toLowerCase();
  return s.includes("@") ? s : null;
}

const HONORIFICS = /(様|さま|さん|殿|氏)$/u;

/** Width and kana folded (katakana → hiragana), spaces and a trailing honorific removed, lower-case. */
export function normaliseName(raw: string | null | undefined): string {
  if (!raw) return "";
  const s = raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\u3000・.,、。]/gu, "")
    .replace(HONORIFICS, "");
  return s.replace(/[\u30a1-\u30f6]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** Sørensen–Dice coefficient over character bigrams (multiset), 0…1. */
export function nameSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const bx = bigrams(x);
  const counts = new Map<string, number>();
  for (const g of bx) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  const by = bigrams(y);
  for (const g of by) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (bx.length + by.length);
}

export const NAME_THRESHOLD = 0.6;

export type MatchReason = "phone" | "email" | "name";

export interface Suggestion {
  id: string;
  score: number;
  reasons: MatchReason[];
}

/** Known counterparts that may be the same person, best first. Phone or email equality scores 1; names score by similarity. */
export function suggestMatches(candidate: Omit<CounterpartKeys, "id"> & { id?: string }, known: readonly CounterpartKeys[]): Suggestion[] {
  const phone = normalisePhone(candidate.phone);
  const email = normaliseEmail(candidate.email);
  const out: Suggestion[] = [];
  for (const k of known) {
    if (candidate.id && k.id === candidate.id) continue;
    const reasons: MatchReason[] = [];
    let score = 0;
    if (phone && normalisePhone(k.phone) === phone) {
      reasons.push("phone");
      score = 1;
    }
    if (email && normaliseEmail(k.email) === email) {
      reasons.push("email");
      score = 1;
    }
    const sim = nameSimilarity(candidate.name, k.name);
    if (sim >= NAME_THRESHOLD) {
      reasons.push("name");
      score = Math.max(score, sim * 0.9);
    }
    if (reasons.length > 0) out.push({ id: k.id, score: Math.round(score * 100) / 100, reasons });
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
