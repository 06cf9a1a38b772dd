/**
 * Test helpers: legacy Japanese encoders built from Node's own decoders (Node has no
 * Shift_JIS / ISO-2022-JP encoder), so fixtures are real bytes in those encodings.
 */
let sjisTable: Map<string, number[]> | null = null;
let eucTable: Map<string, number[]> | null = null;

function buildTable(label: string, leads: number[], trails: number[]): Map<string, number[]> {
  const table = new Map<string, number[]>();
  const d = new TextDecoder(label, { fatal: true });
  for (const a of leads) {
    for (const b of trails) {
      try {
        const ch = d.decode(Uint8Array.of(a, b));
        if ([...ch].length === 1 && !table.has(ch)) table.set(ch, [a, b]);
      } catch {
        // not a valid pair
      }
    }
  }
  return table;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function encodeWith(table: Map<string, number[]>, text: string, oneByte: (cp: number) => number | null): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const single = oneByte(cp);
    if (single !== null) {
      out.push(single);
      continue;
    }
    const bytes = table.get(ch);
    if (!bytes) throw new Error(`cannot encode ${ch}`);
    out.push(...bytes);
  }
  return out;
}

export function encodeShiftJis(text: string): Uint8Array {
  sjisTable ??= buildTable("shift_jis", [...range(0x81, 0x9f), ...range(0xe0, 0xef)], range(0x40, 0xfc).filter((b) => b !== 0x7f));
  return Uint8Array.from(encodeWith(sjisTable, text, (cp) => (cp < 0x80 ? cp : cp >= 0xff61 && cp <= 0xff9f ? cp - 0xff61 + 0xa1 : null)));
}

export function encodeIso2022Jp(text: string): Uint8Array {
  eucTable ??= buildTable("euc-jp", range(0xa1, 0xfe), range(0xa1, 0xfe));
  const out: number[] = [];
  let inJis = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) {
      if (inJis) out.push(0x1b, 0x28, 0x42);
      inJis = false;
      out.push(cp);
      continue;
    }
    const bytes = eucTable.get(ch);
    if (!bytes) throw new Error(`cannot encode ${ch}`);
    if (!inJis) out.push(0x1b, 0x24, 0x42);
    inJis = true;
    out.push((bytes[0] as number) - 0x80, (bytes[1] as number) - 0x80);
  }
  if (inJis) out.push(0x1b, 0x28, 0x42);
  return Uint8Array.from(out);
}

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Bytes to a string with one char per byte (for assembling raw e-mails). */
export function byteString(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export function fromByteString(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}
