import { decodeBytes, parseCsv, parseEml } from "../../domain/triage/index.ts";
import { AppError, invalid } from "../platform/http/errors.ts";

/** Longest message text accepted (characters). Longer texts are refused, not cut. */
export const MAX_TEXT_CHARS = 200_000;
/** Most messages one import may hold (a CSV row is one message). */
export const MAX_ITEMS = 2_000;

export type ImportSource = "paste" | "eml" | "txt" | "csv";

export interface ImportInput {
  departmentId?: string | undefined;
  source: ImportSource;
  /** Pasted text (source "paste"). */
  text?: string | undefined;
  /** File bytes, base64 (sources eml, txt, csv). */
  dataBase64?: string | undefined;
  fileName?: string | undefined;
  sender?: string | undefined;
  subject?: string | undefined;
  receivedAt?: string | undefined;
}

export interface ImportItem {
  text: string;
  sender: string | null;
  subject: string | null;
  receivedAt: Date | null;
}

export interface ParsedImport {
  items: ImportItem[];
  /** CSV rows without text (1-based row numbers, header included). */
  skippedRows: number[];
  encoding: string | null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** NUL characters removed and lone surrogates replaced, so the text can be stored on both engines. */
export function cleanText(text: string): string {
  return text.replaceAll(String.fromCharCode(0), "").replace(LONE_SURROGATE, "\uFFFD");
}

function looksBinaryText(text: string): boolean {
  const n = Math.min(text.length, 65_536);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b)) control++;
  }
  return control > n * 0.1;
}

/** A message text as it will be stored and triaged, or a clear error. */
export function checkText(raw: string, row?: number): string {
  if (looksBinaryText(raw)) throw invalid("triage_binary");
  const text = cleanText(raw);
  if (text.trim() === "") throw invalid(row === undefined ? "triage_empty" : "triage_empty_row", { row });
  if (text.length > MAX_TEXT_CHARS) throw invalid("triage_text_too_long", { max: MAX_TEXT_CHARS.toLocaleString("en-US"), row: row ?? "-" });
  return text;
}

function date(value: string | null | undefined, row?: number): Date | null {
  if (value === undefined || value === null || value.trim() === "") return null;
  let v = value
    .trim()
    .replace(/^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`);
  // a date or time without an offset is Japan time (the city's own clock)
  const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (local) v = `${local[1]}T${(local[2] ?? "00").padStart(2, "0")}:${local[3] ?? "00"}:${local[4] ?? "00"}+09:00`;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalid("triage_date_invalid", { row: row ?? "-" });
  return new Date(t);
}

function bytesOf(input: ImportInput): Uint8Array {
  const b64 = input.dataBase64 ?? "";
  if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) throw invalid("triage_file_unreadable");
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length === 0) throw invalid("triage_empty");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function decoded(bytes: Uint8Array): { text: string; encoding: string } {
  const d = decodeBytes(bytes);
  if (!d.ok) {
    if (d.code === "binary") throw invalid("triage_binary");
    if (d.code === "too_large") throw new AppError(413, "triage_file_too_large");
    throw invalid("triage_unknown_encoding");
  }
  return { text: d.text, encoding: d.encoding };
}

const HEADER: Record<string, "text" | "sender" | "receivedAt" | "subject"> = {
  text: "text",
  body: "text",
  message: "text",
  本文: "text",
  内容: "text",
  文面: "text",
  メッセージ: "text",
  ご意見: "text",
  sender: "sender",
  from: "sender",
  email: "sender",
  差出人: "sender",
  送信者: "sender",
  送信元: "sender",
  メールアドレス: "sender",
  氏名: "sender",
  電話番号: "sender",
  receivedat: "receivedAt",
  date: "receivedAt",
  received: "receivedAt",
  日時: "receivedAt",
  受信日時: "receivedAt",
  受付日時: "receivedAt",
  受付日: "receivedAt",
  日付: "receivedAt",
  subject: "subject",
  件名: "subject",
  題名: "subject",
};

/**
 * CSV: a header row naming the columns (本文/text, 差出人/sender, 受信日時/date, 件名/subject, in
 * Japanese or English) is recognised; without one, the columns are text, sender, date.
 */
function csvItems(text: string): { items: ImportItem[]; skippedRows: number[] } {
  const rows = parseCsv(text);
  const first = rows[0] ?? [];
  const named = first.map(
    (h) =>
      HEADER[
        h
          .normalize("NFKC")
          .trim()
          .toLowerCase()
          .replace(/[\s_-]/g, "")
      ],
  );
  const hasHeader = named.some((n) => n !== undefined);
  const col = (kind: "text" | "sender" | "receivedAt" | "subject", fallback: number) => (hasHeader ? named.indexOf(kind) : fallback);
  const textCol = col("text", 0);
  if (hasHeader && textCol < 0) throw invalid("triage_csv_no_text");
  const senderCol = col("sender", 1);
  const dateCol = col("receivedAt", 2);
  const subjectCol = col("subject", -1);
  const items: ImportItem[] = [];
  const skippedRows: number[] = [];
  rows.forEach((row, i) => {
    if (hasHeader && i === 0) return;
    const rowNo = i + 1;
    if (row.every((cell) => cell.trim() === "")) return; // blank line
    const body = row[textCol] ?? "";
    if (body.trim() === "") {
      skippedRows.push(rowNo);
      return;
    }
    const cell = (c: number) => (c >= 0 && (row[c] ?? "").trim() !== "" ? (row[c] as string).trim() : null);
    items.push({ text: checkText(body, rowNo), sender: cell(senderCol), subject: cell(subjectCol), receivedAt: date(cell(dateCol), rowNo) });
  });
  return { items, skippedRows };
}

/** Reads an import request into messages; throws a clear AppError for anything unreadable. */
export function parseImport(input: ImportInput): ParsedImport {
  const sender = input.sender?.trim() || null;
  const subject = input.subject?.trim() || null;
  switch (input.source) {
    case "paste": {
      const text = checkText(input.text ?? "");
      return { items: [{ text, sender, subject, receivedAt: date(input.receivedAt) }], skippedRows: [], encoding: null };
    }
    case "txt": {
      const { text, encoding } = decoded(bytesOf(input));
      return { items: [{ text: checkText(text), sender, subject, receivedAt: date(input.receivedAt) }], skippedRows: [], encoding };
    }
    case "eml": {
      const bytes = bytesOf(input);
      const mail = parseEml(bytes);
      if (!mail.ok) {
        if (mail.code === "too_large") throw new AppError(413, "triage_file_too_large");
        if (mail.code === "binary") throw invalid("triage_binary");
        throw invalid("triage_not_eml");
      }
      return {
        items: [
          {
            text: checkText(mail.text),
            sender: sender ?? mail.fromAddress ?? mail.from,
            subject: subject ?? mail.subject,
            receivedAt: mail.date ? new Date(mail.date) : date(input.receivedAt),
          },
        ],
        skippedRows: [],
        encoding: null,
      };
    }
    case "csv": {
      const { text, encoding } = decoded(bytesOf(input));
      const { items, skippedRows } = csvItems(text);
      if (items.length === 0) throw invalid("triage_csv_no_rows");
      if (items.length > MAX_ITEMS) throw invalid("triage_too_many", { max: MAX_ITEMS });
      return { items, skippedRows, encoding };
    }
  }
}
