import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import {
  type BehaviourGroup,
  GROUP_LABELS,
  normaliseSender,
  type RepeatObservation,
  repeatSignal,
  SIGNAL_CODES,
  sameDemandAsThread,
  sketchOf,
  triage,
  type TriageFlag,
  type TriageResult,
} from "../../domain/triage/index.ts";
import type { Sketch } from "../../domain/triage/repeat.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { type ImportInput, parseImport } from "./import.ts";
import { activeLexicon } from "./lexicon.ts";
import { triageInboxListPolicy, triageMessagePolicy, visibleInboxes } from "./policy.ts";
import * as repo from "./repo.ts";

/** A repeat signal (group 1) from this occurrence of the same demand by the same sender on. */
export const REPEAT_FROM = 3;
const WINDOW_MS = 365 * 86_400_000;

export const RANK: Record<TriageFlag, number> = { none: 0, review: 1, urgent: 2 };

const b64 = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

function fromB64(text: string): Uint32Array {
  const buf = Buffer.from(text, "base64");
  const copy = new Uint8Array(buf.length);
  copy.set(buf);
  return new Uint32Array(copy.buffer, 0, Math.floor(copy.length / 4));
}

/** "<shingles>" (stored before round 6) or "<shingles>|<topic>", each base64 of little-endian uint32. */
function encodeSketch(s: Sketch): string {
  return s.topic ? `${b64(s.hashes)}|${b64(s.topic)}` : b64(s.hashes);
}

function decodeSketch(stored: string, sampled: boolean): Sketch {
  const [shingles = "", topic] = stored.split("|");
  const hashes = fromB64(shingles);
  return { hashes, sampled, total: hashes.length, ...(topic !== undefined ? { topic: fromB64(topic) } : {}) };
}

interface Threading {
  observation: RepeatObservation;
  threadId: string | null;
  count: number | null;
  sketch: Sketch | null;
}

/** Near-duplicate threading of one message against its sender's stored messages (in the database). */
async function threadMessage(trx: Executor, senderKey: string | null, text: string, at: Date): Promise<Threading> {
  const none: Threading = {
    observation: { senderKey, threadId: null, count: 0, firstAt: null, lastAt: null, previousIds: [], similarity: 0, containment: 0, signal: false },
    threadId: null,
    count: null,
    sketch: null,
  };
  if (senderKey === null) return none;
  const sketch = sketchOf(text);
  if (sketch.total === 0) return none;
  // the person's other identifiers, through a counterpart record; locked in one order (no deadlock)
  const keys = await repo.linkedSenderKeys(trx, senderKey);
  let seq = 0;
  for (const key of keys) {
    const s = await repo.lockSender(trx, key);
    if (key === senderKey) seq = s;
  }
  let best: { threadId: string; score: number; similarity: number; containment: number } | null = null;
  const threads = new Map<string, Sketch[]>();
  const threadSender = new Map<string, string>();
  for (const other of await repo.senderSketches(trx, keys)) {
    if (!other.sketch || !other.thread_id) continue;
    if (Math.abs(at.getTime() - new Date(other.last_at).getTime()) > WINDOW_MS) continue;
    const list = threads.get(other.thread_id) ?? [];
    list.push(decodeSketch(other.sketch, other.sketch_sampled === true));
    threads.set(other.thread_id, list);
    threadSender.set(other.thread_id, other.sender_key);
  }
  const matching: string[] = [];
  for (const [threadId, sketches] of threads) {
    const c = sameDemandAsThread(sketch, sketches);
    if (c) matching.push(threadId);
    if (c && (!best || c.score > best.score)) best = { threadId, ...c };
  }
  if (best) {
    // the same demand also open under the person's other identifier: one thread from now on
    const into = best.threadId;
    const others = matching.filter((id) => id !== into && threadSender.get(id) !== threadSender.get(into));
    await repo.foldThreads(trx, into, others);
  }
  let threadId: string;
  let count: number;
  let firstAt: Date;
  let lastAt: Date;
  let previousIds: string[] = [];
  if (best) {
    threadId = best.threadId;
    previousIds = (await repo.threadMessages(trx, threadId)).map((m) => m.id).slice(-10);
    const t = await repo.bumpThread(trx, threadId, at);
    count = t.count;
    firstAt = new Date(t.first_at);
    lastAt = new Date(t.last_at);
  } else {
    threadId = randomUUID();
    await repo.newThread(trx, senderKey, seq + 1, threadId, at);
    count = 1;
    firstAt = at;
    lastAt = at;
  }
  return {
    observation: {
      senderKey,
      threadId,
      count,
      firstAt: firstAt.toISOString(),
      lastAt: lastAt.toISOString(),
      previousIds,
      similarity: best?.similarity ?? 0,
      containment: best?.containment ?? 0,
      signal: count >= REPEAT_FROM,
    },
    threadId,
    count,
    sketch,
  };
}

export async function importMessages(db: Kysely<Database>, ctx: RequestContext, input: ImportInput) {
  const actor = ctx.actor;
  if (!actor) throw new AppError(401, "unauthenticated");
  const departmentId = input.departmentId ?? actor.departmentId;
  if (!departmentId) throw invalid("triage_department_required");
  triageMessagePolicy.authorize(actor, "import", { departmentId });
  const parsed = parseImport(input);
  const lexicon = await activeLexicon(db);
  const ids = await db.transaction().execute(async (trx) => {
    if (!(await repo.departmentExists(trx, departmentId))) throw invalid("department_not_found");
    const now = new Date();
    const out: string[] = [];
    for (const item of parsed.items) {
      const id = randomUUID();
      const senderKey = normaliseSender(item.sender);
      const at = item.receivedAt ?? now;
      const threading = await threadMessage(trx, senderKey, item.text, at);
      const extra = threading.observation.signal ? [repeatSignal(item.text, threading.observation)] : undefined;
      const result = triage(item.text, { lexicon: lexicon.compiled, ...(extra ? { extraSignals: extra } : {}) });
      await trx
        .insertInto("triage_messages")
        .values({
          id,
          department_id: departmentId,
          source: input.source,
          file_name: input.fileName?.slice(0, 200) ?? null,
          encoding: parsed.encoding,
          subject: item.subject?.slice(0, 500) ?? null,
          sender: item.sender?.slice(0, 320) ?? null,
          sender_key: senderKey,
          received_at: item.receivedAt,
          text: item.text,
          flag: result.flag,
          groups: repo.json(result.groups),
          result: repo.json(result),
          lexicon_version: result.lexiconVersion,
          effective_flag: result.flag,
          effective_groups: repo.json(result.groups),
          flag_rank: RANK[result.flag],
          thread_id: threading.threadId,
          thread_count: threading.count,
          sketch: threading.sketch ? encodeSketch(threading.sketch) : null,
          sketch_sampled: threading.sketch ? threading.sketch.sampled : null,
          imported_by: actor.userId,
          imported_at: now,
        })
        .execute();
      out.push(id);
    }
    await audit.record(trx, ctx, {
      action: "triage_message.import",
      resourceType: "triage_message",
      details: {
        departmentId,
        source: input.source,
        count: out.length,
        ids: out.slice(0, 200),
        skippedRows: parsed.skippedRows.slice(0, 50),
        lexiconVersion: lexicon.version,
      },
    });
    return out;
  });
  const rows = await Promise.all(ids.map((id) => repo.findMessage(db, id)));
  return {
    messages: rows.filter((r): r is NonNullable<typeof r> => !!r).map((r) => summary({ ...r, excerpt: r.text.slice(0, 120) })),
    skippedRows: parsed.skippedRows,
    encoding: parsed.encoding,
  };
}

type SummaryRow = Awaited<ReturnType<typeof repo.listMessages>>["rows"][number];

function summary(r: SummaryRow) {
  return {
    id: r.id,
    departmentId: r.department_id,
    source: r.source,
    fileName: r.file_name,
    subject: r.subject,
    sender: r.sender,
    receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
    importedAt: new Date(r.imported_at).toISOString(),
    excerpt: r.excerpt,
    flag: r.effective_flag as TriageFlag,
    groups: r.effective_groups as number[],
    engineFlag: r.flag as TriageFlag,
    engineGroups: r.groups as number[],
    overridden: r.overridden,
    thread: r.thread_id ? { id: r.thread_id, count: r.thread_count ?? 1 } : null,
    incidentId: r.incident_id,
  };
}

export async function listMessages(
  db: Executor,
  ctx: RequestContext,
  q: { departmentId?: string | undefined; flag?: string | undefined },
  limit: number,
  offset: number,
) {
  const actor = triageInboxListPolicy.authorize(ctx.actor, "list", null);
  const { total, rows } = await repo.listMessages(db, { inboxes: visibleInboxes(actor), ...q }, limit, offset);
  await audit.record(db, ctx, {
    action: "triage_message.list",
    resourceType: "triage_message",
    details: { ids: rows.map((r) => r.id), flag: q.flag ?? null, departmentId: q.departmentId ?? null },
  });
  return { total, messages: rows.map(summary) };
}

/** Loads a message the actor may act on; one outside their inboxes is 404 whatever the action. */
export async function loadFor(db: Executor, actor: Actor | null, id: string, action: "read" | "override" | "create_incident", opts: { lock?: boolean } = {}) {
  if (!actor) throw new AppError(401, "unauthenticated");
  const row = await repo.findMessage(db, id, opts);
  if (!row) throw new AppError(404, "not_found", {}, { action: `triage_message.${action}`, resourceType: "triage_message", resourceId: id });
  const access = { departmentId: row.department_id };
  triageMessagePolicy.authorize(actor, "read", access, { resourceId: id, hide: true });
  if (action !== "read") triageMessagePolicy.authorize(actor, action, access, { resourceId: id });
  return row;
}

function codeLabels() {
  return Object.fromEntries(Object.entries(SIGNAL_CODES).map(([k, v]) => [k, { ja: v.labelJa, en: v.labelEn }]));
}

/** One message with its full text, the engine's result, overrides and thread; every read is audited. */
export async function getMessage(db: Executor, ctx: RequestContext, id: string, opts: { audit?: boolean } = {}) {
  const row = await loadFor(db, ctx.actor, id, "read");
  const actor = ctx.actor as Actor;
  if (opts.audit !== false)
    await audit.record(db, ctx, {
      action: "triage_message.read",
      resourceType: "triage_message",
      resourceId: id,
      details: { departmentId: row.department_id },
    });
  const overrides = await repo.overridesOf(db, id);
  let thread = null;
  if (row.thread_id) {
    const t = await repo.threadOf(db, row.thread_id);
    const inboxes = visibleInboxes(actor);
    const msgs = await repo.threadMessages(db, row.thread_id);
    if (t) {
      thread = {
        id: t.id,
        count: t.count,
        position: row.thread_count ?? 1,
        firstAt: new Date(t.first_at).toISOString(),
        lastAt: new Date(t.last_at).toISOString(),
        repeatFrom: REPEAT_FROM,
        // other messages of the thread: their ids only where the actor may open them
        messages: msgs.map((m) => ({
          id: inboxes === "all" || inboxes.includes(m.department_id) ? m.id : null,
          position: m.thread_count ?? 0,
          at: new Date(m.received_at ?? m.imported_at).toISOString(),
        })),
      };
    }
  }
  const result = row.result as TriageResult;
  return {
    ...summary({ ...row, excerpt: row.text.slice(0, 120) }),
    text: row.text,
    encoding: row.encoding,
    lexiconVersion: row.lexicon_version,
    modelVersion: result.modelVersion ?? null,
    signals: result.signals,
    suppressed: result.suppressed,
    truncated: result.truncated,
    overrides: overrides.map((o) => ({
      id: o.id,
      flag: o.flag,
      groups: o.groups,
      previousFlag: o.previous_flag,
      previousGroups: o.previous_groups,
      reason: o.reason,
      at: new Date(o.created_at).toISOString(),
      by: o.by_name,
    })),
    thread,
    canOverride: triageMessagePolicy.can(actor, "override", { departmentId: row.department_id }),
    labels: { groups: GROUP_LABELS, codes: codeLabels() },
  };
}

/** A reviewer's override: the engine's result stays as it was; the effective result changes; reason mandatory. */
export async function overrideMessage(db: Kysely<Database>, ctx: RequestContext, id: string, input: { flag: TriageFlag; groups: number[]; reason: string }) {
  const reason = input.reason.trim();
  if (reason === "") throw invalid("reason_required");
  const groups = [...new Set(input.groups)].sort((a, b) => a - b) as BehaviourGroup[];
  if (input.flag === "none" && groups.length > 0) throw invalid("triage_override_inconsistent");
  if (input.flag !== "none" && groups.length === 0) throw invalid("triage_override_inconsistent");
  await db.transaction().execute(async (trx) => {
    const row = await loadFor(trx, ctx.actor, id, "override", { lock: true });
    const actor = ctx.actor as Actor;
    const now = new Date();
    await trx
      .insertInto("triage_overrides")
      .values({
        id: randomUUID(),
        message_id: id,
        flag: input.flag,
        groups: repo.json(groups),
        previous_flag: row.effective_flag,
        previous_groups: repo.json(row.effective_groups),
        reason,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    await trx
      .updateTable("triage_messages")
      .set({ effective_flag: input.flag, effective_groups: repo.json(groups), flag_rank: RANK[input.flag], overridden: true })
      .where("id", "=", id)
      .execute();
    await audit.record(trx, ctx, {
      action: "triage_message.override",
      resourceType: "triage_message",
      resourceId: id,
      details: {
        from: { flag: row.effective_flag, groups: row.effective_groups },
        to: { flag: input.flag, groups },
        engine: { flag: row.flag, groups: row.groups },
      },
    });
  });
  return getMessage(db, ctx, id, { audit: false });
}
