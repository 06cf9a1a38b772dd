import type { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { START_CURSOR, type ChainProblem, checkHead, checkRow } from "../../domain/audit/chain.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { auditPolicy } from "./policy.ts";
import * as repo from "./repo.ts";

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null | undefined;
  outcome?: "success" | "denied" | "failure";
  /** Identifiers and facts only — never passwords, tokens, or personal data of residents or staff. */
  details?: Record<string, unknown>;
}

/** Writes one audit row in the given transaction (or its own, when given the database). */
export async function record(db: Executor, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await repo.appendRow(db, {
    at: new Date(),
    actorId: ctx.actor?.userId ?? null,
    actorUsername: ctx.actor?.username ?? null,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    ip: ctx.ip,
    requestId: ctx.requestId,
    outcome: entry.outcome ?? "success",
    details: entry.details ?? {},
  });
}

export interface AuditRowView {
  seq: string;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  requestId: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

function view(r: Parameters<typeof repo.toStored>[0]): AuditRowView {
  const { prevHash: _prev, hash: _hash, ...row } = repo.toStored(r);
  return row;
}

export async function list(db: Executor, ctx: RequestContext, filter: repo.AuditFilter, limit: number) {
  auditPolicy.authorize(ctx.actor, "read", null);
  const rows = await repo.filtered(db, filter).limit(limit + 1).execute();
  const page = rows.slice(0, limit).map(view);
  await record(db, ctx, { action: "audit.read", resourceType: "audit", details: { filter: describeFilter(filter), rows: page.length } });
  return { rows: page, nextBeforeSeq: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null };
}

function describeFilter(f: repo.AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined) out[k] = v instanceof Date ? v.toISOString() : String(v);
  return out;
}

const TOKYO = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** CSV in UTF-8 with a BOM so Excel opens Japanese correctly; streamed in batches, constant memory. */
export async function exportCsv(db: Executor, ctx: RequestContext, filter: repo.AuditFilter, locale: "ja" | "en"): Promise<Readable> {
  auditPolicy.authorize(ctx.actor, "export", null);
  await record(db, ctx, { action: "audit.export", resourceType: "audit", details: { filter: describeFilter(filter) } });
  const header =
    locale === "ja"
      ? ["番号", "日時(日本時間)", "操作者", "操作", "対象の種類", "対象ID", "結果", "接続元", "リクエストID", "詳細"]
      : ["Seq", "Time (JST)", "Actor", "Action", "Resource type", "Resource ID", "Outcome", "From", "Request ID", "Details"];
  const csv = stringify({ bom: true, header: true, columns: header, record_delimiter: "\r\n" });
  (async () => {
    let before: string | undefined = filter.beforeSeq;
    try {
      for (;;) {
        const rows = await repo.filtered(db, { ...filter, beforeSeq: before }).limit(2000).execute();
        for (const r of rows) {
          const ok = csv.write([
            String(r.seq),
            TOKYO.format(r.at),
            r.actor_username ?? "",
            r.action,
            r.resource_type,
            r.resource_id ?? "",
            r.outcome,
            r.ip ?? "",
            r.request_id ?? "",
            JSON.stringify(r.details),
          ]);
          if (!ok) await new Promise((res) => csv.once("drain", res));
        }
        if (rows.length < 2000) break;
        before = String(rows[rows.length - 1]?.seq);
      }
      csv.end();
    } catch (err) {
      csv.destroy(err as Error);
    }
  })();
  return csv;
}

export type VerifyResult = { ok: true; rows: number; headSeq: string | null } | { ok: false; rows: number; problem: ChainProblem };

/** Walks the whole chain; reports the first row that was edited, inserted or deleted. */
export async function verifyChain(db: Executor): Promise<VerifyResult> {
  let cursor = START_CURSOR;
  let rows = 0;
  for await (const r of repo.rowsInOrder(db)) {
    const res = checkRow(cursor, repo.toStored(r));
    if (!res.ok) return { ok: false, rows, problem: res.problem };
    cursor = res.cursor;
    rows++;
  }
  const h = await repo.head(db);
  const problem = checkHead(cursor, h ? { seq: String(h.seq), hash: h.hash } : null);
  if (problem) return { ok: false, rows, problem };
  return { ok: true, rows, headSeq: h ? String(h.seq) : null };
}

export function describeProblem(p: ChainProblem, locale: "ja" | "en"): string {
  const ja = locale === "ja";
  switch (p.kind) {
    case "edited":
      return ja ? `番号 ${p.seq} の行が改ざんされています(内容が記録時と一致しません)` : `row ${p.seq} was edited (its content no longer matches its hash)`;
    case "inserted_or_reordered":
      return ja ? `番号 ${p.seq} の行が挿入または並べ替えられています(直前の行とつながりません)` : `row ${p.seq} was inserted or reordered (it does not chain to the row before)`;
    case "deleted_before":
      return ja ? `番号 ${p.expectedSeq} から ${p.seq} の直前までの行が削除されています` : `rows from ${p.expectedSeq} up to before ${p.seq} were deleted`;
    case "tail_deleted":
      return ja ? `番号 ${p.lastSeq} より後の行(最大 ${p.headSeq} まで)が削除されています` : `rows after ${p.lastSeq} (up to ${p.headSeq}) were deleted`;
    case "head_mismatch":
      return ja ? `最終行 ${p.lastSeq} が記録された末尾と一致しません` : `the last row ${p.lastSeq} does not match the recorded chain head`;
  }
}

