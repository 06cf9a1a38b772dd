import { randomUUID } from "node:crypto";
import {
  type CompiledLexicon,
  compileLexicon,
  DEFAULT_LEXICON,
  extendLexicon,
  type Lexicon,
  type LexiconEntry,
  previewLexiconChange,
  testEntry,
  validateLexicon,
} from "../../domain/triage/index.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { triageLexiconPolicy, visibleInboxes } from "./policy.ts";
import * as repo from "./repo.ts";

/**
 * The lexicon is versioned data: the shipped default plus central's saved change (entries added
 * or replaced, entries removed, extra benign and lawful phrases). Each save is a new row; the
 * newest row is the active version for every server process. Compiled lexicons are cached by
 * version string only (derived data, never state another process needs).
 */
export interface LexiconChange {
  entries: LexiconEntry[];
  removeEntryIds: string[];
  benign: Lexicon["benign"];
  lawful: Lexicon["lawful"];
}

export const EMPTY_CHANGE: LexiconChange = { entries: [], removeEntryIds: [], benign: [], lawful: [] };

const compiled = new Map<string, CompiledLexicon>();

export interface ActiveLexicon {
  version: string;
  change: LexiconChange;
  lexicon: Lexicon;
  compiled: CompiledLexicon;
}

function build(version: string, change: LexiconChange): Lexicon {
  return extendLexicon(DEFAULT_LEXICON, { version, ...change });
}

export async function activeLexicon(db: Executor): Promise<ActiveLexicon> {
  const row = await repo.latestLexicon(db);
  // Central's change is kept across releases: saved on an older default, it is carried onto the
  // shipped one (entries added or replaced by id), under a version naming the new default.
  const version = !row
    ? DEFAULT_LEXICON.version
    : row.base_version === DEFAULT_LEXICON.version
      ? row.version
      : `${DEFAULT_LEXICON.version}${row.version.slice(row.base_version.length)}`;
  const change = row ? (row.change as LexiconChange) : EMPTY_CHANGE;
  const lexicon = build(version, change);
  let c = compiled.get(version);
  if (!c) {
    c = compileLexicon(lexicon);
    if (compiled.size > 20) compiled.clear();
    compiled.set(version, c);
  }
  return { version, change, lexicon, compiled: c };
}

export async function getLexicon(db: Executor, ctx: RequestContext) {
  triageLexiconPolicy.authorize(ctx.actor, "read", null);
  const active = await activeLexicon(db);
  const history = await repo.lexiconHistory(db);
  return {
    version: active.version,
    baseVersion: DEFAULT_LEXICON.version,
    change: active.change,
    customEntryIds: active.change.entries.map((e) => e.id),
    entries: active.lexicon.entries,
    benign: active.lexicon.benign,
    lawful: active.lexicon.lawful,
    history: history.map((h) => ({ version: h.version, note: h.note, createdAt: h.created_at.toISOString(), createdBy: h.created_by_name })),
    canEdit: triageLexiconPolicy.can(ctx.actor, "save", null),
  };
}

function normaliseChange(c: Partial<LexiconChange>): LexiconChange {
  return { entries: c.entries ?? [], removeEntryIds: c.removeEntryIds ?? [], benign: c.benign ?? [], lawful: c.lawful ?? [] };
}

/** Merge the active change with a proposed one (entries replace by id). */
function merged(active: LexiconChange, proposed: LexiconChange): LexiconChange {
  const byId = new Map(active.entries.map((e) => [e.id, e]));
  for (const e of proposed.entries) byId.set(e.id, e);
  const removed = new Set([...active.removeEntryIds, ...proposed.removeEntryIds]);
  for (const e of proposed.entries) removed.delete(e.id);
  const rules = (a: Lexicon["benign"], b: Lexicon["benign"]) => [...new Map([...a, ...b].map((r) => [r.id, r])).values()];
  return {
    entries: [...byId.values()],
    removeEntryIds: [...removed],
    benign: rules(active.benign, proposed.benign),
    lawful: rules(active.lawful, proposed.lawful),
  };
}

function problemsError(problems: { path: string; messageJa: string; messageEn: string }[], locale: string): AppError {
  const detail = problems
    .slice(0, 5)
    .map((p) => `${p.path}: ${locale === "en" ? p.messageEn : p.messageJa}`)
    .join(" / ");
  return invalid("triage_lexicon_invalid", { detail });
}

/**
 * The test box: what the proposed change would do to the stored messages the actor may see
 * (the newest 1,000), and to an optional sample text. Nothing is saved. Reading the stored
 * messages' text is audited.
 */
export async function previewLexicon(db: Executor, ctx: RequestContext, proposed: Partial<LexiconChange>, sampleText: string | undefined) {
  triageLexiconPolicy.authorize(ctx.actor, "preview", null);
  const active = await activeLexicon(db);
  const candidate = build(`${active.version}+preview`, merged(active.change, normaliseChange(proposed)));
  const problems = validateLexicon(candidate);
  if (problems.length > 0) throw problemsError(problems, ctx.locale);
  const samples = await repo.recentTexts(db, visibleInboxes(ctx.actor as NonNullable<typeof ctx.actor>), 1000);
  const preview = previewLexiconChange(active.lexicon, candidate, samples);
  await audit.record(db, ctx, {
    action: "triage_lexicon.preview",
    resourceType: "triage_lexicon",
    details: { baseVersion: active.version, samples: samples.length, changed: preview.counts.changed, ids: preview.changes.slice(0, 100).map((c) => c.id) },
  });
  const sample = sampleText && sampleText.trim() !== "" && proposed.entries?.[0] ? testEntry(proposed.entries[0], sampleText, active.lexicon) : null;
  return {
    baseVersion: active.version,
    counts: preview.counts,
    changes: preview.changes.slice(0, 100).map((c) => ({ ...c, text: c.text.length > 400 ? `${c.text.slice(0, 400)}…` : c.text })),
    sample: sample?.result ? { flag: sample.result.flag, groups: sample.result.groups, signals: sample.result.signals } : null,
  };
}

/**
 * Reviewers' overrides as labelled examples, one JSON line each in the evaluation set's format
 * ({id, text, sender?, receivedAt?, labels: {flag, groups}, kind: "override"}), so they can be
 * reviewed and added to a future development part. Audited (message texts are read).
 */
export async function exportLabelledExamples(db: Executor, ctx: RequestContext): Promise<string> {
  triageLexiconPolicy.authorize(ctx.actor, "export_examples", null);
  const rows = await repo.overriddenMessages(db, 10_000);
  await audit.record(db, ctx, {
    action: "triage_message.export_examples",
    resourceType: "triage_message",
    details: { count: rows.length, ids: rows.slice(0, 200).map((r) => r.id) },
  });
  return rows
    .map((r) =>
      JSON.stringify({
        id: r.id,
        text: r.text,
        ...(r.sender ? { sender: r.sender } : {}),
        ...(r.received_at ? { receivedAt: new Date(r.received_at).toISOString() } : {}),
        labels: { flag: r.effective_flag, groups: r.effective_groups },
        kind: "override",
        engine: { flag: r.flag, groups: r.groups, lexiconVersion: r.lexicon_version },
      }),
    )
    .map((l) => `${l}\n`)
    .join("");
}

/** Save a new lexicon version (central). `basedOn` must be the active version (else 409). */
export async function saveLexicon(db: Executor, ctx: RequestContext, input: { basedOn: string; note: string; change: Partial<LexiconChange> }) {
  const actor = triageLexiconPolicy.authorize(ctx.actor, "save", null);
  if (input.note.trim() === "") throw invalid("reason_required");
  const active = await activeLexicon(db);
  if (input.basedOn !== active.version) throw new AppError(409, "triage_lexicon_conflict", { version: active.version });
  const change = merged(active.change, normaliseChange(input.change));
  const count = await repo.lexiconCount(db);
  const version = `${DEFAULT_LEXICON.version}+c${count + 1}`;
  const candidate = build(version, change);
  const problems = validateLexicon(candidate);
  if (problems.length > 0) throw problemsError(problems, ctx.locale);
  try {
    await repo.insertLexicon(db, {
      id: randomUUID(),
      version,
      baseVersion: DEFAULT_LEXICON.version,
      change,
      note: input.note.trim(),
      createdBy: actor.userId,
      audit: async (trx) => {
        await audit.record(trx, ctx, {
          action: "triage_lexicon.save",
          resourceType: "triage_lexicon",
          resourceId: null,
          details: {
            version,
            basedOn: input.basedOn,
            entryIds: normaliseChange(input.change).entries.map((e) => e.id),
            removed: normaliseChange(input.change).removeEntryIds,
          },
        });
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw new AppError(409, "triage_lexicon_conflict", { version: (await activeLexicon(db)).version });
    throw err;
  }
  return getLexicon(db, ctx);
}
