import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { BEHAVIOUR_CODES, CHANNEL_LABELS, COUNTERPART_TYPE_LABELS, isBehaviourCode } from "../../domain/incidents/codes.ts";
import { STATUS_LABELS } from "../../domain/incidents/lifecycle.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { invalid } from "../platform/http/errors.ts";
import { analyticsPolicy } from "./policy.ts";
import { PERIOD, type Scope, where } from "./repo.ts";
import { type PeriodQuery, resolveScope } from "./service.ts";

/**
 * The filtered incident list as CSV (UTF-8 with BOM, for Excel) or XLSX, streamed in keyset
 * batches so memory stays flat at a million rows. Personal data — the counterpart's name and
 * contacts and verbatim quotes — is left out unless the user asks for it and may have it.
 */
export const EXPORT_COLUMNS = {
  number: { ja: "事案番号", en: "Number", personal: false },
  date: { ja: "発生日時", en: "Date and time", personal: false },
  department: { ja: "所属", en: "Department", personal: false },
  channel: { ja: "受付方法", en: "Channel", personal: false },
  codes: { ja: "行為類型", en: "Behaviour", personal: false },
  status: { ja: "状態", en: "Status", personal: false },
  outcome: { ja: "判断", en: "Judgement", personal: false },
  police: { ja: "警察対応", en: "Police", personal: false },
  minutes: { ja: "対応時間(分)", en: "Duration (minutes)", personal: false },
  staff: { ja: "対応職員数", en: "Staff", personal: false },
  staff_hours: { ja: "職員時間(時間)", en: "Staff-hours", personal: false },
  counterpart_type: { ja: "相手方の区分", en: "Counterpart type", personal: false },
  summary: { ja: "概要", en: "Summary", personal: false },
  counterpart_name: { ja: "相手方の氏名", en: "Counterpart name", personal: true },
  counterpart_contact: { ja: "相手方の連絡先", en: "Counterpart contact", personal: true },
  quotes: { ja: "発言(原文)", en: "Verbatim quotes", personal: true },
} as const;
export type ExportColumn = keyof typeof EXPORT_COLUMNS;
export const DEFAULT_COLUMNS: ExportColumn[] = ["number", "date", "department", "channel", "codes", "status", "outcome", "police", "minutes", "staff", "staff_hours", "counterpart_type"];
const PERSONAL = (Object.keys(EXPORT_COLUMNS) as ExportColumn[]).filter((c) => EXPORT_COLUMNS[c].personal);

const OUTCOME: Record<string, { ja: string; en: string }> = {
  harassment: { ja: "カスハラと判断", en: "Harassment" },
  not_harassment: { ja: "カスハラに当たらない", en: "Not harassment" },
  pending: { ja: "判断保留", en: "Pending" },
};

export interface ExportRequest extends PeriodQuery {
  columns?: string[] | undefined;
  personal?: boolean | undefined;
}

export interface ExportRow {
  id: string;
  k: string;
  number: string;
  at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  name_ja: string;
  name_en: string;
  channel: string;
  status: string;
  outcome: string | null;
  police: string | null;
  summary: string;
  cp_type: string | null;
  cp_name: string | null;
  cp_phone: string | null;
  cp_email: string | null;
  codes: string | null;
  staff: number;
  quotes: string | null;
}

const BATCH = 2000;

/** Keyset-paginated rows of the scope in period order; one batch in memory at a time. */
export async function* exportBatches(db: Executor, s: Scope, personal: boolean): AsyncGenerator<ExportRow[]> {
  let after: { k: string; id: string } | null = null;
  for (;;) {
    const cursor = after ? sql`AND (${PERIOD}, i.id) > (${after.k}::timestamptz, ${after.id}::uuid)` : sql``;
    const quotes = personal ? sql`(SELECT string_agg(q.text, ' / ' ORDER BY q.position) FROM incident_quotes q WHERE q.incident_id = i.id)` : sql`NULL`;
    const r = await sql<ExportRow>`
      SELECT i.id, ${PERIOD}::text AS k, i.number, ${PERIOD} AS at, i.started_at, i.ended_at, d.name_ja, d.name_en, i.channel, i.status, i.outcome,
             i.police->>'contacted' AS police, i.summary, cp.type AS cp_type,
             ${personal ? sql`cp.name` : sql`NULL`} AS cp_name, ${personal ? sql`cp.phone` : sql`NULL`} AS cp_phone, ${personal ? sql`cp.email` : sql`NULL`} AS cp_email,
             (SELECT string_agg(c.code, ' ' ORDER BY c.code) FROM incident_codes c WHERE c.incident_id = i.id) AS codes,
             (SELECT count(DISTINCT st.user_id)::int FROM incident_staff st WHERE st.incident_id = i.id) AS staff,
             ${quotes} AS quotes
      FROM incidents i JOIN departments d ON d.id = i.department_id LEFT JOIN counterparts cp ON cp.id = i.counterpart_id
      WHERE ${where(s)} ${cursor}
      ORDER BY ${PERIOD}, i.id LIMIT ${BATCH}`.execute(db);
    if (r.rows.length === 0) return;
    yield r.rows;
    const last = r.rows[r.rows.length - 1] as ExportRow;
    after = { k: last.k, id: last.id };
    if (r.rows.length < BATCH) return;
  }
}

function jst(d: Date): string {
  const j = new Date(new Date(d).getTime() + 9 * 3600_000);
  return j.toISOString().slice(0, 16).replace("T", " ");
}

function cell(row: ExportRow, col: ExportColumn, en: boolean): string | number {
  const L = (l: { ja: string; en: string } | undefined, fallback: string) => (l ? (en ? l.en : l.ja) : fallback);
  const minutes = row.started_at && row.ended_at ? Math.max(0, Math.round((new Date(row.ended_at).getTime() - new Date(row.started_at).getTime()) / 60_000)) : null;
  switch (col) {
    case "number":
      return row.number;
    case "date":
      return jst(row.at);
    case "department":
      return en ? row.name_en : row.name_ja;
    case "channel":
      return L(CHANNEL_LABELS[row.channel as keyof typeof CHANNEL_LABELS], row.channel);
    case "codes":
      return (row.codes ?? "")
        .split(" ")
        .filter(Boolean)
        .map((c) => (isBehaviourCode(c) ? L(BEHAVIOUR_CODES[c], c) : c))
        .join(en ? "; " : "、");
    case "status":
      return L(STATUS_LABELS[row.status as keyof typeof STATUS_LABELS], row.status);
    case "outcome":
      return row.outcome ? L(OUTCOME[row.outcome], row.outcome) : en ? "Not judged" : "未判断";
    case "police":
      return row.police === "true" ? (en ? "Yes" : "あり") : en ? "No" : "なし";
    case "minutes":
      return minutes ?? "";
    case "staff":
      return row.staff;
    case "staff_hours":
      return minutes === null ? "" : Math.round(((minutes * Math.max(1, row.staff)) / 60) * 100) / 100;
    case "counterpart_type":
      return row.cp_type ? L(COUNTERPART_TYPE_LABELS[row.cp_type as keyof typeof COUNTERPART_TYPE_LABELS], row.cp_type) : "";
    case "summary":
      return row.summary;
    case "counterpart_name":
      return row.cp_name ?? "";
    case "counterpart_contact":
      return [row.cp_phone, row.cp_email].filter(Boolean).join(" / ");
    case "quotes":
      return row.quotes ?? "";
  }
}

export interface PreparedExport {
  scope: Scope;
  columns: ExportColumn[];
  personal: boolean;
  fiscalYear: number;
  en: boolean;
}

/** Checks the request, writes the audit row (before the first byte), and returns what to stream. */
export async function prepareExport(db: Executor, ctx: RequestContext, req: ExportRequest, format: "csv" | "xlsx"): Promise<PreparedExport> {
  const resolved = await resolveScope(db, ctx, req, "export");
  const wanted = req.columns && req.columns.length > 0 ? req.columns : DEFAULT_COLUMNS;
  const unknown = wanted.filter((c) => !Object.hasOwn(EXPORT_COLUMNS, c));
  if (unknown.length > 0) throw invalid("export_columns_invalid", { columns: unknown.join(", ") });
  let columns = [...new Set(wanted)] as ExportColumn[];
  const personal = req.personal === true;
  if (personal) analyticsPolicy.authorize(ctx.actor, "export_personal", { departmentId: req.departmentId ?? null });
  else columns = columns.filter((c) => !PERSONAL.includes(c));
  await audit.record(db, ctx, {
    action: "analytics.export",
    resourceType: "incident",
    details: { format, fiscalYear: resolved.period.fiscalYear, month: resolved.period.month, departmentId: req.departmentId ?? null, columns, personal },
  });
  return { scope: resolved.scope, columns, personal, fiscalYear: resolved.period.fiscalYear, en: ctx.locale === "en" };
}

export function streamCsv(db: Executor, p: PreparedExport): Readable {
  return csvFromBatches(exportBatches(db, p.scope, p.personal), p);
}

/** The CSV writer over any source of row batches (the database's, or a benchmark's). */
export function csvFromBatches(source: AsyncIterable<ExportRow[]>, p: PreparedExport): Readable {
  const csv = stringify({ bom: true, header: true, columns: p.columns.map((c) => (p.en ? EXPORT_COLUMNS[c].en : EXPORT_COLUMNS[c].ja)), record_delimiter: "\r\n" });
  (async () => {
    try {
      for await (const rows of source) {
        for (const row of rows) {
          if (!csv.write(p.columns.map((c) => cell(row, c, p.en)))) await new Promise((res) => csv.once("drain", res));
        }
      }
      csv.end();
    } catch (err) {
      csv.destroy(err as Error);
    }
  })();
  return csv;
}

type EntryStream = NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } };

/**
 * exceljs's worksheet stream (its StreamBuf) writes the sheet XML into the zip entry's PassThrough
 * without honouring write()'s return value, so whenever rows are produced faster than deflate
 * compresses them the XML piles up there: memory grew with the row count (+199 MB RSS at 300k rows
 * in a bare loop, flat at about +55 MB with this wait). After each batch we wait until that entry
 * stream has drained. The entry stream is exceljs/archiver internals (`worksheet.stream.pipes[0]`,
 * a readable-stream PassThrough); if a version changes that shape we simply do not wait.
 */
async function sheetDrained(ws: ExcelJS.Worksheet): Promise<void> {
  const entry = (ws as unknown as { stream?: { pipes?: EntryStream[] } }).stream?.pipes?.[0];
  if (entry?._writableState?.needDrain) await once(entry, "drain");
}

/**
 * XLSX through exceljs's streaming writer: rows are committed as they are written, no shared-strings
 * table, and between batches we wait for both the zip entry (see sheetDrained) and the output stream
 * to drain, so memory stays flat however many rows there are.
 */
export function streamXlsx(db: Executor, p: PreparedExport): Readable {
  return xlsxFromBatches(exportBatches(db, p.scope, p.personal), p);
}

/** The XLSX writer over any source of row batches (the database's, or a benchmark's). */
export function xlsxFromBatches(source: AsyncIterable<ExportRow[]>, p: PreparedExport): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  wb.creator = "Mamoru";
  const ws = wb.addWorksheet(p.en ? "Incidents" : "事案一覧", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = p.columns.map((c) => ({ header: p.en ? EXPORT_COLUMNS[c].en : EXPORT_COLUMNS[c].ja, key: c, width: c === "summary" || c === "quotes" ? 60 : c === "codes" ? 40 : 16 }));
  const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
  (async () => {
    try {
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      for await (const rows of source) {
        for (const row of rows) ws.addRow(p.columns.map((c) => cell(row, c, p.en))).commit();
        // Let the sheet's zip entry and the output drain before reading the next batch.
        await Promise.race([sheetDrained(ws), closed]);
        if (out.writableNeedDrain) await Promise.race([once(out, "drain"), closed]);
        if (out.destroyed) return; // the client went away: stop reading
      }
      ws.commit();
      await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
