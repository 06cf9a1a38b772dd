/**
 * Receipt codes (受付番号) for anonymous consultations: 20 characters in 4 groups of 5 from an
 * alphabet without look-alikes (no 0/O, 1/I/L), about 99 bits of entropy. Shown once; the server
 * keeps only a hash of the first group (to find the row) and a slow hash of the whole code.
 */
export const RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const RECEIPT_GROUPS = 4;
export const RECEIPT_GROUP_LENGTH = 5;
const LENGTH = RECEIPT_GROUPS * RECEIPT_GROUP_LENGTH;

/** Builds a code from a source of random bytes, with rejection sampling so every character is equally likely. */
export function generateReceiptCode(randomBytes: (n: number) => Uint8Array): string {
  const limit = 256 - (256 % RECEIPT_ALPHABET.length);
  let chars = "";
  while (chars.length < LENGTH) {
    for (const b of randomBytes(32)) {
      if (b >= limit) continue;
      chars += RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length];
      if (chars.length === LENGTH) break;
    }
  }
  return formatReceiptCode(chars);
}

export function formatReceiptCode(chars: string): string {
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += RECEIPT_GROUP_LENGTH) groups.push(chars.slice(i, i + RECEIPT_GROUP_LENGTH));
  return groups.join("-");
}

/**
 * What the person typed → the canonical code, or null when it cannot be one. Accepts lower case,
 * spaces, hyphens and full-width characters (typed on a Japanese IME).
 */
export function normaliseReceiptCode(input: string): string | null {
  const chars = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐-―ー_]/g, "");
  if (chars.length !== LENGTH) return null;
  for (const ch of chars) if (!RECEIPT_ALPHABET.includes(ch)) return null;
  return formatReceiptCode(chars);
}

/** The part used to find the row (its hash is stored); the rest is only ever checked against the slow hash. */
export function receiptLookupPart(code: string): string {
  return code.slice(0, RECEIPT_GROUP_LENGTH);
}
