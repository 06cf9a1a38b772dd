/**
 * Pure decoding helpers for text that reaches triage as bytes: plain text / CSV in UTF-8,
 * UTF-16 or Shift_JIS (also EUC-JP, ISO-2022-JP), and raw e-mail (.eml) with RFC 2047 headers,
 * base64 / quoted-printable bodies and multipart/alternative. No I/O; Node's TextDecoder with
 * full ICU supplies the legacy Japanese encodings.
 */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "shift_jis" | "euc-jp" | "iso-2022-jp";

export interface DecodeError {
  ok: false;
  code: "binary" | "unknown_encoding" | "too_large" | "not_eml";
  messageJa: string;
  messageEn: string;
}

export interface DecodedText {
  ok: true;
  text: string;
  encoding: TextEncodingName;
}

export const MAX_DECODE_BYTES = 25 * 1024 * 1024;

function decoder(label: string, fatal: boolean): TextDecoder | null {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return null; // label not supported by this runtime
  }
}

function tryDecode(bytes: Uint8Array, label: string): string | null {
  const d = decoder(label, true);
  if (!d) return null;
  try {
    return d.decode(bytes);
  } catch {
    return null;
  }
}

function japaneseScore(text: string): number {
  let jp = 0;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) jp++;
    else if ((c >= 0x80 && c < 0x3000) || (c >= 0xe000 && c <= 0xf8ff)) odd++;
  }
  return jp - 2 * odd;
}

function hasIso2022Escape(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0x1b && ((bytes[i + 1] === 0x24 && (bytes[i + 2] === 0x42 || bytes[i + 2] === 0x40)) || (bytes[i + 1] === 0x28 && bytes[i + 2] === 0x4a))) {
      return true;
    }
  }
  return false;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > n * 0.02;
}

/** Detect the encoding of bytes and decode them; never throws. */
export function decodeBytes(bytes: Uint8Array): DecodedText | DecodeError {
  if (bytes.length > MAX_DECODE_BYTES) {
    return { ok: false, code: "too_large", messageJa: "ファイルが大きすぎます(25MBまで)", messageEn: "file too large (25 MB maximum)" };
  }
  if (bytes.length === 0) return { ok: true, text: "", encoding: "utf-8" };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const t = tryDecode(bytes.subarray(3), "utf-8");
    if (t !== null) return { ok: true, text: t, encoding: "utf-8" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const t = tryDecode(bytes.subarray(2), "utf-16le");
    if (t !== null) return { ok: true, text: t, encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const t = tryDecode(bytes.subarray(2), "utf-16be");
    if (t !== null) return { ok: true, text: t, encoding: "utf-16be" };
  }
  if (looksBinary(bytes)) {
    return {
      ok: false,
      code: "binary",
      messageJa: "テキストではないデータ(バイナリ)のため読み込めません",
      messageEn: "the data is binary, not text",
    };
  }
  if (hasIso2022Escape(bytes)) {
    const t = tryDecode(bytes, "iso-2022-jp");
    if (t !== null) return { ok: true, text: t, encoding: "iso-2022-jp" };
  }
  const utf8 = tryDecode(bytes, "utf-8");
  if (utf8 !== null) return { ok: true, text: utf8, encoding: "utf-8" };
  const candidates: { text: string; encoding: TextEncodingName }[] = [];
  const sjis = tryDecode(bytes, "shift_jis");
  if (sjis !== null) candidates.push({ text: sjis, encoding: "shift_jis" });
  const euc = tryDecode(bytes, "euc-jp");
  if (euc !== null) candidates.push({ text: euc, encoding: "euc-jp" });
  if (candidates.length === 0) {
    return {
      ok: false,
      code: "unknown_encoding",
      messageJa: "文字コードを判別できません(UTF-8・Shift_JIS・EUC-JP・ISO-2022-JPのいずれでもありません)",
      messageEn: "unknown text encoding (not UTF-8, Shift_JIS, EUC-JP or ISO-2022-JP)",
    };
  }
  candidates.sort((a, b) => japaneseScore(b.text) - japaneseScore(a.text));
  const best = candidates[0] as { text: string; encoding: TextEncodingName };
  return { ok: true, text: best.text, encoding: best.encoding };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < t.length) {
    const ch = t[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (t[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && t[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function decodeCsv(bytes: Uint8Array): { ok: true; encoding: TextEncodingName; rows: string[][] } | DecodeError {
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return decoded;
  return { ok: true, encoding: decoded.encoding, rows: parseCsv(decoded.text) };
}

export { parseEml, type ParsedEml } from "./eml.ts";
