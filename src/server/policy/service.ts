import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { DEFAULT_POLICY_PACK } from "../../domain/policy/default-pack.ts";
import { type PolicyPack, type PolicySection, acknowledgementRates, diffPacks, emptySections, normalisePack } from "../../domain/policy/pack.ts";
import { markdownToSafeHtml } from "../../domain/public-notice/markdown.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { contentHash } from "../public-notice/service.ts";
import { policyPolicy } from "./policy.ts";
import * as repo from "./repo.ts";

const packOf = (raw: unknown): PolicyPack => normalisePack(Array.isArray(raw) ? (raw as PolicySection[]) : [], []);
const withHtml = (pack: PolicyPack) => pack.map((s) => ({ ...s, html: markdownToSafeHtml(s.markdown) }));

async function latestOrFail(db: Executor) {
  const row = await repo.latestVersion(db);
  if (!row) throw new AppError(404, "not_found");
  return row;
}

function versionView(row: NonNullable<Awaited<ReturnType<typeof repo.version>>>) {
  return { version: row.version, note: row.note, publishedAt: row.published_at.toISOString(), sections: withHtml(packOf(row.sections)) };
}

/** The published policy as the signed-in person reads it, with whether they acknowledged it. */
export async function current(db: Executor, ctx: RequestContext) {
  const actor = policyPolicy.authorize(ctx.actor, "read", null);
  const row = await latestOrFail(db);
  const ack = await repo.acknowledgement(db, actor.userId, row.version);
  return { ...versionView(row), acknowledgedAt: ack?.acknowledged_at.toISOString() ?? null };
}

export async function listVersions(db: Executor, ctx: RequestContext) {
  policyPolicy.authorize(ctx.actor, "read", null);
  return (await repo.versions(db)).map((r) => ({ version: r.version, note: r.note, publishedAt: r.published_at.toISOString(), publishedBy: r.published_by_name ?? null }));
}

export async function getVersion(db: Executor, ctx: RequestContext, v: number) {
  policyPolicy.authorize(ctx.actor, "read", null);
  const row = await repo.version(db, v);
  if (!row) throw new AppError(404, "not_found");
  return versionView(row);
}

/** What changed in version `v` against the one before it (or against `from`). */
export async function diff(db: Executor, ctx: RequestContext, v: number, from?: number) {
  policyPolicy.authorize(ctx.actor, "read", null);
  const after = await repo.version(db, v);
  const before = await repo.version(db, from ?? v - 1);
  if (!after || (from !== undefined && !before)) throw new AppError(404, "not_found");
  return { from: before?.version ?? null, to: v, sections: diffPacks(before ? packOf(before.sections) : [], packOf(after.sections)) };
}

async function readDraft(db: Executor, opts: { lock?: boolean } = {}) {
  const row = await repo.draft(db, opts);
  const latest = await repo.latestVersion(db);
  const sections = row ? normalisePack(packOf(row.sections), DEFAULT_POLICY_PACK) : latest ? packOf(latest.sections) : DEFAULT_POLICY_PACK;
  return {
    sections,
    baseVersion: row?.base_version ?? latest?.version ?? null,
    latestVersion: latest?.version ?? null,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

export async function getDraft(db: Executor, ctx: RequestContext) {
  policyPolicy.authorize(ctx.actor, "edit", null);
  const d = await readDraft(db);
  const latest = await repo.latestVersion(db);
  const changed = latest ? diffPacks(packOf(latest.sections), d.sections).filter((s) => s.change === "changed").map((s) => s.id) : d.sections.map((s) => s.id);
  return { ...d, sections: withHtml(d.sections), emptySections: emptySections(d.sections), changedSections: changed };
}

/** Saves central's work in progress. Empty sections may be saved; only publishing refuses them. */
export async function saveDraft(db: Kysely<Database>, ctx: RequestContext, sections: PolicySection[]) {
  const actor = policyPolicy.authorize(ctx.actor, "edit", null);
  await db.transaction().execute(async (trx) => {
    const before = await readDraft(trx, { lock: true });
    const next = normalisePack(sections, before.sections);
    await repo.saveDraft(trx, { sections: next, baseVersion: before.baseVersion, at: new Date(), userId: actor.userId });
    await audit.record(trx, ctx, {
      action: "policy.draft.save",
      resourceType: "policy",
      resourceId: "draft",
      details: { beforeHash: contentHash(before.sections), afterHash: contentHash(next), sections: sections.map((s) => s.id) },
    });
  });
  return getDraft(db, ctx);
}

export function preview(ctx: RequestContext, markdown: string) {
  policyPolicy.authorize(ctx.actor, "edit", null);
  return { html: markdownToSafeHtml(markdown) };
}

/** Publishes the draft as the next version. Any empty section refuses the whole publication. */
export async function publish(db: Kysely<Database>, ctx: RequestContext, note: string) {
  const actor = policyPolicy.authorize(ctx.actor, "publish", null);
  const published = await db.transaction().execute(async (trx) => {
    const d = await readDraft(trx, { lock: true });
    const empty = emptySections(d.sections);
    if (empty.length > 0) throw invalid("policy_section_empty", { sections: empty.map((id) => d.sections.find((s) => s.id === id)?.title || id).join("、") });
    const latest = await repo.latestVersion(trx);
    if (latest && diffPacks(packOf(latest.sections), d.sections).every((s) => s.change === "unchanged")) throw invalid("policy_unchanged");
    const v = (latest?.version ?? 0) + 1;
    const at = new Date();
    if (!(await repo.insertVersion(trx, { version: v, sections: d.sections, note, at, userId: actor.userId }))) throw new AppError(409, "policy_version_conflict");
    await repo.saveDraft(trx, { sections: d.sections, baseVersion: v, at, userId: actor.userId });
    await audit.record(trx, ctx, { action: "policy.publish", resourceType: "policy", resourceId: String(v), details: { version: v, hash: contentHash(d.sections), previous: latest?.version ?? null } });
    return v;
  });
  return getVersion(db, ctx, published);
}

/** Whether the signed-in person still has to acknowledge the current version, and whether they put it off in this session. */
export async function pending(db: Executor, ctx: RequestContext, sessionIdHash: string | null) {
  const actor = policyPolicy.authorize(ctx.actor, "acknowledge", null);
  const latest = await repo.latestVersion(db);
  if (!latest) return { pending: null };
  if (await repo.acknowledgement(db, actor.userId, latest.version)) return { pending: null };
  const postponed = sessionIdHash ? await repo.postponed(db, actor.userId, latest.version, sessionIdHash) : false;
  const remindedAt = await repo.unreadReminder(db, actor.userId, latest.version);
  // A reminder from central brings a postponed prompt back at once.
  return { pending: { version: latest.version, publishedAt: latest.published_at.toISOString(), note: latest.note, postponed: postponed && !remindedAt, remindedAt: remindedAt?.toISOString() ?? null } };
}

export async function acknowledge(db: Kysely<Database>, ctx: RequestContext, v: number) {
  const actor = policyPolicy.authorize(ctx.actor, "acknowledge", null);
  return db.transaction().execute(async (trx) => {
    const row = await repo.version(trx, v);
    if (!row) throw new AppError(404, "not_found");
    const latest = await latestOrFail(trx);
    if (latest.version !== v) throw invalid("policy_not_current", { version: latest.version });
    const at = new Date();
    const created = await repo.acknowledge(trx, actor.userId, v, at);
    await repo.markRemindersRead(trx, actor.userId, at);
    if (created) await audit.record(trx, ctx, { action: "policy.acknowledge", resourceType: "policy", resourceId: String(v), details: { version: v } });
    const ack = await repo.acknowledgement(trx, actor.userId, v);
    return { version: v, acknowledgedAt: (ack?.acknowledged_at ?? at).toISOString() };
  });
}

/** Puts the prompt off for this session only: it comes back at the next sign-in. */
export async function postpone(db: Kysely<Database>, ctx: RequestContext, v: number, sessionIdHash: string | null) {
  const actor = policyPolicy.authorize(ctx.actor, "acknowledge", null);
  const latest = await latestOrFail(db);
  if (latest.version !== v) throw invalid("policy_not_current", { version: latest.version });
  if (sessionIdHash) {
    await db.transaction().execute(async (trx) => {
      await repo.postpone(trx, actor.userId, v, sessionIdHash, new Date());
      await repo.markRemindersRead(trx, actor.userId, new Date());
      await audit.record(trx, ctx, { action: "policy.acknowledge.postpone", resourceType: "policy", resourceId: String(v), details: { version: v } });
    });
  }
  return { ok: true as const };
}

export async function rates(db: Executor, ctx: RequestContext, v?: number) {
  policyPolicy.authorize(ctx.actor, "read_rates", null);
  const row = v === undefined ? await latestOrFail(db) : await repo.version(db, v);
  if (!row) throw new AppError(404, "not_found");
  const raw = await repo.ratesByDepartment(db, row.version);
  const names = new Map(raw.map((r) => [r.departmentId, { nameJa: r.nameJa, nameEn: r.nameEn }]));
  const computed = acknowledgementRates(raw);
  return {
    version: row.version,
    total: computed.total,
    departments: computed.departments.map((d) => ({ ...d, nameJa: names.get(d.departmentId)?.nameJa ?? null, nameEn: names.get(d.departmentId)?.nameEn ?? null })),
  };
}

/** An in-app notification to everyone (or one department's people) who has not acknowledged the current version. */
export async function remind(db: Kysely<Database>, ctx: RequestContext, departmentId: string | null) {
  policyPolicy.authorize(ctx.actor, "remind", null);
  return db.transaction().execute(async (trx) => {
    const latest = await latestOrFail(trx);
    const users = await repo.outstandingUsers(trx, latest.version, departmentId);
    await repo.notify(
      trx,
      users.map((u) => ({ id: randomUUID(), userId: u, data: { version: latest.version } })),
      new Date(),
    );
    await audit.record(trx, ctx, { action: "policy.remind", resourceType: "policy", resourceId: String(latest.version), details: { version: latest.version, departmentId, recipients: users.length } });
    return { version: latest.version, recipients: users.length };
  });
}
