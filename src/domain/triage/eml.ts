import { decodeBytes, type DecodeError, MAX_DECODE_BYTES } from "./decode.ts";

/** A raw e-mail message reduced to what triage needs. */
export interface ParsedEml {
  ok: true;
  from: string | null;
  /** The bare address from From:, lower-case. */
  fromAddress: string | null;
  subject: string | null;
  /** ISO-8601, or null when the Date header is missing or unreadable. */
  date: string | null;
  text: string;
  /** Which part supplied the text. */
  bodyType: "text/plain" | "text/html" | "none";
  warnings: string[];
}

interface Part {
  headers: Map<string, string>; // lower-case name → raw (byte string) value, unfolded
  body: string; // byte string (each char is one byte)
}

/** Bytes → "byte string": one char per byte (0–255), so raw 8-bit content is kept. */
function toByteString(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(i + 8192, bytes.length)));
  }
  return s;
}

function fromByteString(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

function decodeWithCharset(bytes: Uint8Array, charset: string | null): string {
  if (charset) {
    const label = charset.toLowerCase().replace(/^x-/, "").replace(/^(cp932|windows-31j|ms932|sjis)$/, "shift_jis");
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // unknown label: fall through to detection
    }
  }
  const detected = decodeBytes(bytes);
  return detected.ok ? detected.text : new TextDecoder("utf-8").decode(bytes);
}

function base64ToBytes(s: string): Uint8Array {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, "");
  const padded = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  const withPad = padded + "=".repeat((4 - (padded.length % 4)) % 4);
  try {
    return fromByteString(atob(withPad));
  } catch {
    return new Uint8Array(0);
  }
}

function quotedPrintableToBytes(s: string, header = false): Uint8Array {
  const src = header ? s.replace(/_/g, " ") : s.replace(/=\r?\n/g, "");
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const ch = src.charCodeAt(i);
    if (ch === 0x3d /* = */ && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      out.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(ch & 0xff);
  }
  return Uint8Array.from(out);
}

/** Decode an RFC 2047 header value (encoded-words), or raw 8-bit / ISO-2022-JP text. */
export function decodeHeaderValue(raw: string): string {
  const encodedWord = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  // Whitespace between two adjacent encoded-words is not part of the text.
  const joined = raw.replace(/(\?=)\s+(?==\?)/g, "$1");
  let out = "";
  let last = 0;
  for (let m = encodedWord.exec(joined); m !== null; m = encodedWord.exec(joined)) {
    out += decodeRawHeaderText(joined.slice(last, m.index));
    const charset = (m[1] as string).replace(/\*.*$/, "");
    const bytes = (m[2] as string).toUpperCase() === "B" ? base64ToBytes(m[3] as string) : quotedPrintableToBytes(m[3] as string, true);
    out += decodeWithCharset(bytes, charset);
    last = m.index + m[0].length;
  }
  out += decodeRawHeaderText(joined.slice(last));
  return out.trim();
}

function decodeRawHeaderText(s: string): string {
  if (s === "") return s;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts an ISO-2022-JP escape sequence in raw headers
  if (/[\x80-\xff\x1b]/.test(s)) return decodeWithCharset(fromByteString(s), null);
  return s;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const lines = block.split(/\r?\n/);
  let name: string | null = null;
  let value = "";
  const flush = () => {
    if (name !== null && !headers.has(name)) headers.set(name, value.trim());
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line) && name !== null) {
      value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(":");
    if (colon <= 0) {
      name = null;
      continue;
    }
    name = line.slice(0, colon).trim().toLowerCase();
    value = line.slice(colon + 1);
  }
  flush();
  return headers;
}

function splitPart(raw: string): Part {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { headers: parseHeaders(raw), body: "" };
  return { headers: parseHeaders(raw.slice(0, m.index)), body: raw.slice(m.index + m[0].length) };
}

function contentType(part: Part): { type: string; params: Map<string, string> } {
  const raw = part.headers.get("content-type") ?? "text/plain";
  const [typePart, ...rest] = raw.split(";");
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1"));
  }
  return { type: (typePart ?? "text/plain").trim().toLowerCase(), params };
}

function decodeBody(part: Part, charset: string | null): string {
  const cte = (part.headers.get("content-transfer-encoding") ?? "7bit").trim().toLowerCase();
  let bytes: Uint8Array;
  if (cte === "base64") bytes = base64ToBytes(part.body);
  else if (cte === "quoted-printable") bytes = quotedPrintableToBytes(part.body);
  else bytes = fromByteString(part.body);
  return decodeWithCharset(bytes, charset).replace(/\r\n/g, "\n");
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&amp;/g, "&")
    .trim();
}

function findText(part: Part, depth: number, warnings: string[]): { text: string; type: "text/plain" | "text/html" } | null {
  const { type, params } = contentType(part);
  const disposition = (part.headers.get("content-disposition") ?? "").toLowerCase();
  if (disposition.startsWith("attachment")) return null;
  if (type.startsWith("multipart/")) {
    if (depth > 10) {
      warnings.push("multipart nesting too deep");
      return null;
    }
    const boundary = params.get("boundary");
    if (!boundary) {
      warnings.push("multipart without boundary");
      return null;
    }
    const delimiter = `--${boundary}`;
    const chunks = part.body.split(delimiter).slice(1);
    const parts: Part[] = [];
    for (const chunk of chunks) {
      if (chunk.startsWith("--")) break; // closing delimiter
      parts.push(splitPart(chunk.replace(/^[ \t]*\r?\n/, "")));
    }
    const found = parts.map((p) => findText(p, depth + 1, warnings)).filter((x): x is NonNullable<typeof x> => x !== null);
    const plain = found.filter((f) => f.type === "text/plain");
    if (type === "multipart/alternative") return plain[0] ?? found[0] ?? null;
    if (plain.length > 0) return { text: plain.map((p) => p.text).join("\n"), type: "text/plain" };
    return found[0] ?? null;
  }
  if (type === "text/plain" || type === "text") return { text: decodeBody(part, params.get("charset") ?? null), type: "text/plain" };
  if (type === "text/html") return { text: htmlToText(decodeBody(part, params.get("charset") ?? null)), type: "text/html" };
  return null;
}

/** Parse a raw .eml message. Never throws; returns an error when the data is not an e-mail. */
export function parseEml(input: Uint8Array | string): ParsedEml | DecodeError {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  if (bytes.length > MAX_DECODE_BYTES) {
    return { ok: false, code: "too_large", messageJa: "メールが大きすぎます(25MBまで)", messageEn: "e-mail too large (25 MB maximum)" };
  }
  const raw = toByteString(bytes);
  const top = splitPart(raw);
  if (!top.headers.has("from") && !top.headers.has("subject") && !top.headers.has("content-type") && !top.headers.has("date")) {
    return { ok: false, code: "not_eml", messageJa: "メール形式(.eml)として読めません(ヘッダーがありません)", messageEn: "not an e-mail message (no headers)" };
  }
  const warnings: string[] = [];
  const from = top.headers.has("from") ? decodeHeaderValue(top.headers.get("from") as string) : null;
  const address = from ? (/<([^<>@\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /[^\s<>"]+@[^\s<>"]+/.exec(from)?.[0] ?? null) : null;
  const subject = top.headers.has("subject") ? decodeHeaderValue(top.headers.get("subject") as string) : null;
  const dateRaw = top.headers.get("date");
  let date: string | null = null;
  if (dateRaw) {
    const t = Date.parse(dateRaw.replace(/\s*\([^)]*\)\s*$/, ""));
    if (Number.isNaN(t)) warnings.push(`unreadable Date header: ${dateRaw}`);
    else date = new Date(t).toISOString();
  }
  let found: ReturnType<typeof findText> = null;
  try {
    found = findText(top, 0, warnings);
  } catch (err) {
    warnings.push(`body could not be decoded: ${(err as Error).message}`);
  }
  return {
    ok: true,
    from,
    fromAddress: address ? address.toLowerCase() : null,
    subject,
    date,
    text: found?.text.trim() ?? "",
    bodyType: found?.type ?? "none",
    warnings,
  };
}
