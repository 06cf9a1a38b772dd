import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import { nameSimilarity, normaliseEmail, normaliseName, normalisePhone, suggestMatches } from "../../domain/incidents/counterpart-match.ts";
import { repeatContactLine } from "../../domain/incidents/repeat-line.ts";
import { bigramsOf } from "../../domain/incidents/search.ts";
import * as audit from "../audit/service.ts";
import { loadFor } from "../incidents/service.ts";
import * as incidentRepo from "../incidents/repo.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { counterpartPolicy, incidentPolicy } from "../incidents/policy.ts";
import * as repo from "./repo.ts";

interface CounterpartInput {
  type: string;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

const clean = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

function values(input: CounterpartInput): repo.CounterpartValues {
  const name = clean(input.name);
  const phone = clean(input.phone);
  const email = clean(input.email);
  return {
    type: input.type,
    name,
    nameNormalised: name ? normaliseName(name) || null : null,
    phone,
    phoneNormalised: normalisePhone(phone),
    email,
    emailNormalised: normaliseEmail(email),
  };
}

async function loadVisible(db: Executor, actor: Actor | null, id: string) {
  if (!actor) throw new AppError(401, "unauthenticated");
  const c = await repo.findCounterpart(db, id);
  const visible = !!c && (actor.roles.has("central") || (await repo.isVisible(db, actor, id)));
  counterpartPolicy.authorize(actor, "read", { visible }, { resourceId: id, hide: true });
  return c as incidentRepo.CounterpartRow;
}

/**
 * The counterpart an incident gets on create or edit: an existing one the actor can see (a person
 * confirmed the match), or a new record from the details given — or the current one, updated.
 */
export async function resolveForIncident(trx: Executor, actor: Actor, input: CounterpartInput | undefined, existingId: string | undefined, now: Date, currentId: string | null = null): Promise<string | null> {
  if (existingId) {
    const c = await repo.findCounterpart(trx, existingId);
    if (!c || c.merged_into || !(actor.roles.has("central") || (await repo.isVisible(trx, actor, existingId)))) throw invalid("counterpart_not_found");
    return existingId;
  }
  if (!input) return currentId;
  if (currentId) {
    await repo.updateCounterpart(trx, currentId, values(input), now);
    return currentId;
  }
  const id = randomUUID();
  await repo.insertCounterpart(trx, id, values(input), actor.userId, now);
  return id;
}

/** Known counterparts that may be this incident's, scored with the reason; the user confirms one. */
export async function suggestionsFor(db: Executor, ctx: RequestContext, incidentId: string) {
  const { row } = await loadFor(db, ctx.actor, incidentId, "read");
  const actor = ctx.actor as Actor;
  if (!row.counterpart_id) return { suggestions: [] };
  const me = (await repo.findCounterpart(db, row.counterpart_id)) as incidentRepo.CounterpartRow;
  const pool = await repo.candidates(db, actor, { phone: me.phone_normalised, email: me.email_normalised, nameBigrams: bigramsOf(me.name_normalised ?? "") }, me.id);
  const scored = suggestMatches({ id: me.id, name: me.name, phone: me.phone, email: me.email }, pool);
  const byId = new Map(pool.map((p) => [p.id, p]));
  const out = [];
  for (const s of scored.slice(0, 20)) {
    const c = byId.get(s.id) as incidentRepo.CounterpartRow;
    const incidents = await repo.incidentsOf(db, c.id);
    out.push({
      counterpartId: c.id,
      score: s.score,
      reasons: s.reasons,
      type: c.type,
      name: c.name,
      nameSimilarity: Math.round(nameSimilarity(me.name, c.name) * 100) / 100,
      contacts: incidents.length,
      lastContactAt: (incidents.at(-1)?.started_at ?? incidents.at(-1)?.created_at ?? null)?.toISOString() ?? null,
    });
  }
  return { suggestions: out };
}

/** A person confirms that the incident's counterpart is a known one: the incident links to it; a counterpart left with no incident is removed. */
export async function confirmLink(db: Kysely<Database>, ctx: RequestContext, incidentId: string, counterpartId: string) {
  await db.transaction().execute(async (trx) => {
    const { row } = await loadFor(trx, ctx.actor, incidentId, "link_counterpart", { lock: true });
    const actor = ctx.actor as Actor;
    if (row.counterpart_id === counterpartId) return;
    await resolveForIncident(trx, actor, undefined, counterpartId, new Date());
    const previous = row.counterpart_id;
    await repo.setIncidentCounterpart(trx, incidentId, counterpartId);
    if (previous) await repo.deleteCounterpart(trx, previous);
    await incidentRepo.appendEvent(trx, incidentId, { kind: "counterpart_linked", at: new Date(), actorId: actor.userId, data: { counterpartId, previous } });
    await audit.record(trx, ctx, { action: "incident.link_counterpart", resourceType: "incident", resourceId: incidentId, details: { counterpartId, previous } });
  });
}

/** Central detaches an incident from its counterpart (a wrong link). */
export async function unlink(db: Kysely<Database>, ctx: RequestContext, incidentId: string, reason: string) {
  await db.transaction().execute(async (trx) => {
    const { row, access } = await loadFor(trx, ctx.actor, incidentId, "read", { lock: true });
    incidentPolicy.authorize(ctx.actor, "unlink_counterpart", access, { resourceId: incidentId });
    if (!row.counterpart_id) throw invalid("counterpart_not_found");
    await repo.setIncidentCounterpart(trx, incidentId, null);
    await incidentRepo.appendEvent(trx, incidentId, { kind: "counterpart_unlinked", at: new Date(), actorId: ctx.actor?.userId ?? null, reason, data: { counterpartId: row.counterpart_id } });
    await audit.record(trx, ctx, { action: "incident.unlink_counterpart", resourceType: "incident", resourceId: incidentId, details: { counterpartId: row.counterpart_id, reason } });
  });
}

/** Central merges two counterpart records of the same person: every incident of the source moves to the target. */
export async function merge(db: Kysely<Database>, ctx: RequestContext, targetId: string, sourceId: string, reason: string) {
  counterpartPolicy.authorize(ctx.actor, "merge", { visible: true }, { resourceId: targetId });
  if (targetId === sourceId) throw invalid("counterpart_merge_self");
  return db.transaction().execute(async (trx) => {
    const target = await repo.findCounterpart(trx, targetId);
    const source = await repo.findCounterpart(trx, sourceId);
    if (!target || !source || target.merged_into || source.merged_into) throw new AppError(404, "counterpart_not_found");
    const now = new Date();
    const moved = await repo.moveIncidents(trx, sourceId, targetId);
    await repo.updateCounterpart(
      trx,
      targetId,
      {
        ...(!target.name && source.name ? { name: source.name, nameNormalised: source.name_normalised } : {}),
        ...(!target.phone && source.phone ? { phone: source.phone, phoneNormalised: source.phone_normalised } : {}),
        ...(!target.email && source.email ? { email: source.email, emailNormalised: source.email_normalised } : {}),
      },
      now,
    );
    await repo.markMerged(trx, sourceId, targetId, now);
    await repo.recordMerge(trx, { id: randomUUID(), sourceId, targetId, incidentIds: moved, actorId: (ctx.actor as Actor).userId, at: now, reason });
    for (const i of moved) await incidentRepo.appendEvent(trx, i, { kind: "counterpart_merged", at: now, actorId: ctx.actor?.userId ?? null, reason, data: { from: sourceId, to: targetId } });
    await audit.record(trx, ctx, { action: "counterpart.merge", resourceType: "counterpart", resourceId: targetId, details: { sourceId, incidents: moved, reason } });
    return { counterpartId: targetId, movedIncidents: moved.length };
  });
}

/**
 * A counterpart with its contact history: dates, number of contacts, the answer given each time,
 * and the ready-made line with the real dates. Visible to whoever can see one of its incidents;
 * incidents of other departments appear as date, channel, department and answer only.
 */
export async function history(db: Executor, ctx: RequestContext, counterpartId: string, opts: { excludeIncidentId?: string | undefined } = {}) {
  const c = await loadVisible(db, ctx.actor, counterpartId);
  const incidents = await repo.incidentsOf(db, counterpartId);
  const visible = await repo.visibleIncidentIds(
    db,
    ctx.actor as Actor,
    incidents.map((i) => i.id),
  );
  const en = ctx.locale === "en";
  const contacts = incidents.map((i) => ({
    incidentId: visible.has(i.id) ? i.id : null,
    number: visible.has(i.id) ? i.number : null,
    at: (i.started_at ?? i.created_at).toISOString(),
    channel: i.channel,
    department: en ? i.name_en : i.name_ja,
    answerGiven: i.answers_given,
    outcome: i.outcome,
  }));
  const earlier = incidents.filter((i) => i.id !== opts.excludeIncidentId).map((i) => i.started_at ?? i.created_at);
  await audit.record(db, ctx, { action: "counterpart.read", resourceType: "counterpart", resourceId: counterpartId, details: { contacts: contacts.length } });
  return {
    counterpart: { id: c.id, type: c.type, name: c.name, phone: c.phone, email: c.email },
    contactCount: contacts.length,
    contacts,
    readyLine: repeatContactLine(earlier),
  };
}
