import { createHash, randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { formatWarekiDate, japanDate } from "../../domain/analytics/wareki.ts";
import { DEFAULT_TEMPLATES, LETTER_KINDS, LETTER_LABELS, type LetterKind, conductLines, fillLetter, unknownPlaceholders } from "../../domain/documents/letters.ts";
import { type RestrictionKind, describeRestriction, inForce } from "../../domain/documents/restrictions.ts";
import { BEHAVIOUR_CODES, isBehaviourCode } from "../../domain/incidents/codes.ts";
import * as audit from "../audit/service.ts";
import * as counterpartRepo from "../counterparts/repo.ts";
import * as incidentRepo from "../incidents/repo.ts";
import { loadFor } from "../incidents/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { organisationOf } from "./organisation.ts";
import { counterpartAddressPolicy, letterPolicy, letterTemplatePolicy } from "./policy.ts";
import { renderLetter } from "./render.ts";

const today = () => {
  const d = japanDate(new Date());
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
};

// ───────────── templates ─────────────

async function templateOf(db: Executor, kind: LetterKind) {
  const row = await db.selectFrom("letter_templates").selectAll().where("kind", "=", kind).executeTakeFirst();
  return row ? { kind, title: row.title, body: row.body, version: row.version, edited: true } : { kind, ...DEFAULT_TEMPLATES[kind], version: 0, edited: false };
}

export async function listTemplates(db: Executor, ctx: RequestContext) {
  letterTemplatePolicy.authorize(ctx.actor, "read", null);
  return { templates: await Promise.all(LETTER_KINDS.map(async (k) => ({ ...(await templateOf(db, k)), label: LETTER_LABELS[k] }))) };
}

export async function saveTemplate(db: Kysely<Database>, ctx: RequestContext, kind: LetterKind, input: { title: string; body: string }) {
  const actor = letterTemplatePolicy.authorize(ctx.actor, "edit", null);
  const unknown = unknownPlaceholders(`${input.title}\n${input.body}`);
  if (unknown.length > 0) throw invalid("letter_template_placeholder_unknown", { placeholders: unknown.join(", ") });
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx
      .insertInto("letter_templates")
      .values({ kind, title: input.title, body: input.body, version: 1, updated_by: actor.userId, updated_at: now })
      .onConflict((oc) => oc.column("kind").doUpdateSet((eb) => ({ title: input.title, body: input.body, version: eb("letter_templates.version", "+", 1), updated_by: actor.userId, updated_at: now })))
      .execute();
    await audit.record(trx, ctx, { action: "letter_template.update", resourceType: "letter_template", resourceId: kind, details: { length: input.body.length } });
  });
  return { ...(await templateOf(db, kind)), label: LETTER_LABELS[kind] };
}

// ───────────── counterpart address ─────────────

export async function setAddress(db: Kysely<Database>, ctx: RequestContext, counterpartId: string, input: { postalCode?: string | null | undefined; postalAddress: string | null }) {
  if (!ctx.actor) throw new AppError(401, "unauthenticated");
  const actor = ctx.actor;
  const c = await counterpartRepo.findCounterpart(db, counterpartId);
  const visible = !!c && (actor.roles.has("central") || (await counterpartRepo.isVisible(db, actor, counterpartId)));
  counterpartAddressPolicy.authorize(actor, "update", { visible }, { resourceId: counterpartId, hide: true });
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("counterparts")
      .set({ postal_code: input.postalCode?.trim() || null, postal_address: input.postalAddress?.trim() || null, updated_at: new Date() })
      .where("id", "=", counterpartId)
      .execute();
    // Which fields changed, never their content (personal data stays out of the audit trail).
    await audit.record(trx, ctx, { action: "counterpart.address", resourceType: "counterpart", resourceId: counterpartId, details: { hasAddress: !!input.postalAddress?.trim() } });
  });
  return { id: counterpartId, hasAddress: !!input.postalAddress?.trim() };
}

// ───────────── letters ─────────────

const view = (r: { id: string; incident_id: string; kind: string; title: string; addressee_name: string; sha256: string; issued_at: Date; issued_by_name?: string | null }) => ({
  id: r.id,
  incidentId: r.incident_id,
  kind: r.kind,
  label: LETTER_LABELS[r.kind as LetterKind],
  title: r.title,
  addressee: r.addressee_name,
  sha256: r.sha256,
  issuedAt: new Date(r.issued_at).toISOString(),
  issuedBy: r.issued_by_name ?? null,
  pdfUrl: `/api/letters/${r.id}/pdf`,
});

/** The text a letter of this kind would have for this incident (for the editor), without issuing it. */
async function compose(db: Executor, incidentId: string, kind: LetterKind, bodyOverride: string | undefined) {
  const inc = (await incidentRepo.findIncident(db, incidentId)) as incidentRepo.IncidentRow;
  if (!inc.counterpart_id) throw invalid("letter_no_counterpart");
  const cp = await counterpartRepo.findCounterpart(db, inc.counterpart_id);
  if (!cp?.postal_address) throw invalid("letter_no_address");
  const dept = await db.selectFrom("departments").select(["name_ja"]).where("id", "=", inc.department_id).executeTakeFirstOrThrow();
  const codes = (await incidentRepo.codesOf(db, [incidentId])).map((c) => c.code).filter(isBehaviourCode);
  const finer = codes.filter((c) => !c.startsWith("group"));
  const labels = (finer.length > 0 ? finer : codes).map((c) => BEHAVIOUR_CODES[c].ja);
  const org = await organisationOf(db);
  const template = await templateOf(db, kind);
  let restriction = "";
  if (kind === "restriction_notice") {
    const rows = await db
      .selectFrom("restrictions")
      .select(["kind", "scope", "time_limit_minutes", sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as("starts_on"), sql<string>`to_char(review_on, 'YYYY-MM-DD')`.as("review_on"), sql<string | null>`to_char(ends_on, 'YYYY-MM-DD')`.as("ends_on")])
      .where("counterpart_id", "=", cp.id)
      .orderBy("created_at")
      .execute();
    const active = rows.filter((r) => inForce({ startsOn: r.starts_on, reviewOn: r.review_on, endsOn: r.ends_on }, today()) || r.starts_on > today());
    if (active.length === 0) throw invalid("letter_restriction_missing");
    restriction = active
      .map((r) => {
        const [y, m, d] = String(r.starts_on).split("-").map(Number) as [number, number, number];
        return describeRestriction(r.kind as RestrictionKind, r.scope, r.time_limit_minutes, formatWarekiDate({ year: y, month: m, day: d }));
      })
      .join("\n");
  }
  const issue = japanDate(new Date());
  const contactLines = [[org.department, org.phone && `電話 ${org.phone}`].filter(Boolean).join(" "), org.address, org.hours].filter(Boolean) as string[];
  const values = {
    addressee: cp.name?.trim() || "お申し出いただいた方",
    issueDate: formatWarekiDate(issue),
    incidentDate: formatWarekiDate(japanDate(inc.started_at ?? inc.created_at)),
    department: dept.name_ja,
    conduct: conductLines(labels, inc.summary),
    organisation: org.name,
    contact: contactLines.join(" "),
    number: inc.number,
    restriction,
  };
  const source = bodyOverride ?? template.body;
  const unknown = unknownPlaceholders(source);
  if (unknown.length > 0) throw invalid("letter_template_placeholder_unknown", { placeholders: unknown.join(", ") });
  return {
    title: fillLetter(template.title, values),
    body: fillLetter(source, values),
    addressee: values.addressee,
    postalCode: cp.postal_code,
    postalAddress: cp.postal_address,
    issueDate: values.issueDate,
    organisation: org.name,
    contactLines,
  };
}

export async function preview(db: Kysely<Database>, ctx: RequestContext, incidentId: string, kind: LetterKind) {
  const { access } = await loadFor(db, ctx.actor, incidentId, "read");
  letterPolicy.authorize(ctx.actor, "issue", access, { resourceId: incidentId });
  const c = await compose(db, incidentId, kind, undefined);
  return { kind, title: c.title, body: c.body, addressee: c.addressee, template: (await templateOf(db, kind)).body };
}

/** Issues a letter: the PDF is made, stored with the incident, noted on its timeline and audited — all or nothing. */
export async function issue(db: Kysely<Database>, ctx: RequestContext, incidentId: string, input: { kind: LetterKind; body?: string | undefined }) {
  return db.transaction().execute(async (trx) => {
    const { access } = await loadFor(trx, ctx.actor, incidentId, "read", { lock: true });
    const actor = letterPolicy.authorize(ctx.actor, "issue", access, { resourceId: incidentId });
    const c = await compose(trx, incidentId, input.kind, input.body);
    const pdf = await renderLetter(c);
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    const id = randomUUID();
    const now = new Date();
    await trx
      .insertInto("letters")
      .values({ id, incident_id: incidentId, kind: input.kind, title: c.title, body: c.body, addressee_name: c.addressee, postal_code: c.postalCode, postal_address: c.postalAddress, pdf, sha256, issued_by: actor.userId, issued_at: now })
      .execute();
    await incidentRepo.appendEvent(trx, incidentId, { kind: "letter_issued", at: now, actorId: actor.userId, data: { letterId: id, letterKind: input.kind } });
    await audit.record(trx, ctx, { action: "letter.issue", resourceType: "letter", resourceId: id, details: { incidentId, kind: input.kind, sha256 } });
    return view({ id, incident_id: incidentId, kind: input.kind, title: c.title, addressee_name: c.addressee, sha256, issued_at: now, issued_by_name: actor.displayName });
  });
}

export async function listForIncident(db: Executor, ctx: RequestContext, incidentId: string) {
  const { access } = await loadFor(db, ctx.actor, incidentId, "read");
  letterPolicy.authorize(ctx.actor, "read", access, { resourceId: incidentId, hide: true });
  const rows = await db
    .selectFrom("letters")
    .leftJoin("users", "users.id", "letters.issued_by")
    .select(["letters.id", "letters.incident_id", "letters.kind", "letters.title", "letters.addressee_name", "letters.sha256", "letters.issued_at", "users.display_name as issued_by_name"])
    .where("letters.incident_id", "=", incidentId)
    .orderBy("letters.issued_at")
    .execute();
  return { letters: rows.map(view) };
}

/** The stored PDF of one letter; the read is audited. */
export async function pdfOf(db: Executor, ctx: RequestContext, letterId: string) {
  if (!ctx.actor) throw new AppError(401, "unauthenticated");
  const row = await db.selectFrom("letters").select(["id", "incident_id", "pdf", "kind"]).where("id", "=", letterId).executeTakeFirst();
  if (!row) throw new AppError(404, "not_found");
  const { access } = await loadFor(db, ctx.actor, row.incident_id, "read");
  letterPolicy.authorize(ctx.actor, "read", access, { resourceId: letterId, hide: true });
  await audit.record(db, ctx, { action: "letter.read", resourceType: "letter", resourceId: letterId, details: { incidentId: row.incident_id } });
  return { pdf: row.pdf, kind: row.kind };
}

/** Letters of an incident with their bytes (for the police/lawyer package). */
export async function lettersWithPdf(db: Executor, incidentId: string) {
  return db.selectFrom("letters").select(["id", "kind", "title", "pdf", "sha256", "issued_at"]).where("incident_id", "=", incidentId).orderBy("issued_at").execute();
}
