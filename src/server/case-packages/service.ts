import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import * as audit from "../audit/service.ts";
import { loadFor } from "../incidents/service.ts";
import { organisationOf } from "../letters/organisation.ts";
import type { Keyring } from "../platform/crypto.ts";
import type { RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, conflict } from "../platform/http/errors.ts";
import { buildPackage } from "./build.ts";
import type { EvidenceSource } from "./evidence-source.ts";
import { signingKey } from "./keys.ts";
import { casePackagePolicy, signingKeyPolicy } from "./policy.ts";

export interface Deps {
  db: Kysely<Database>;
  ring: Keyring;
  evidence: EvidenceSource;
}

type Row = { id: string; incident_id: string; purpose: string; reason: string; requested_by: string; requested_at: Date; approved_by: string | null; approved_at: Date | null };
const view = (r: Row) => ({
  id: r.id,
  incidentId: r.incident_id,
  purpose: r.purpose,
  reason: r.reason,
  requestedAt: new Date(r.requested_at).toISOString(),
  approved: r.approved_at !== null,
  approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
  downloadUrl: `/api/case-packages/${r.id}/download`,
});

export async function request(d: Deps, ctx: RequestContext, incidentId: string, input: { purpose: "police" | "lawyer"; reason: string }) {
  return d.db.transaction().execute(async (trx) => {
    const { access } = await loadFor(trx, ctx.actor, incidentId, "read");
    const actor = casePackagePolicy.authorize(ctx.actor, "request", { ...access, requestedBy: null, approved: false }, { resourceId: incidentId });
    const row: Row = { id: randomUUID(), incident_id: incidentId, purpose: input.purpose, reason: input.reason, requested_by: actor.userId, requested_at: new Date(), approved_by: null, approved_at: null };
    await trx.insertInto("case_packages").values(row).execute();
    await audit.record(trx, ctx, { action: "case_package.request", resourceType: "case_package", resourceId: row.id, details: { incidentId, purpose: input.purpose } });
    return view(row);
  });
}

async function load(d: Deps, ctx: RequestContext, id: string, opts: { lock?: boolean } = {}) {
  if (!ctx.actor) throw new AppError(401, "unauthenticated");
  let q = d.db.selectFrom("case_packages").selectAll().where("id", "=", id);
  if (opts.lock) q = q.forUpdate();
  const row = (await q.executeTakeFirst()) as Row | undefined;
  if (!row) throw new AppError(404, "not_found");
  const { access } = await loadFor(d.db, ctx.actor, row.incident_id, "read");
  return { row, access: { ...access, requestedBy: row.requested_by, approved: row.approved_at !== null } };
}

export async function listForIncident(d: Deps, ctx: RequestContext, incidentId: string) {
  const { access } = await loadFor(d.db, ctx.actor, incidentId, "read");
  casePackagePolicy.authorize(ctx.actor, "list", { ...access, requestedBy: null, approved: false }, { resourceId: incidentId, hide: true });
  const rows = (await d.db.selectFrom("case_packages").selectAll().where("incident_id", "=", incidentId).orderBy("requested_at").execute()) as Row[];
  return { packages: rows.map(view) };
}

export async function approve(d: Deps, ctx: RequestContext, id: string) {
  const { row, access } = await load(d, ctx, id);
  const actor = casePackagePolicy.authorize(ctx.actor, "approve", access, { resourceId: id });
  return d.db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("case_packages").set({ approved_by: actor.userId, approved_at: new Date() }).where("id", "=", id).where("approved_at", "is", null).returningAll().executeTakeFirst();
    if (!updated) throw conflict("package_already_approved");
    await audit.record(trx, ctx, { action: "case_package.approve", resourceType: "case_package", resourceId: id, details: { incidentId: row.incident_id } });
    return view(updated as Row);
  });
}

/** Builds and streams the ZIP; refused before the first byte if not approved or an evidence file fails its hash check. */
export async function download(d: Deps, ctx: RequestContext, id: string) {
  const { row, access } = await load(d, ctx, id);
  casePackagePolicy.authorize(ctx.actor, "download", access, { resourceId: id, hide: !access.approved && ctx.actor?.userId !== row.requested_by && !ctx.actor?.roles.has("central") });
  if (!row.approved_by) throw conflict("package_not_approved");
  const names = await d.db.selectFrom("users").select(["id", "username"]).where("id", "in", [row.requested_by, row.approved_by]).execute();
  const name = (uid: string) => names.find((n) => n.id === uid)?.username ?? uid;
  const org = await organisationOf(d.db);
  const key = await signingKey(d.db, d.ring);
  try {
    const built = await buildPackage(d.db, row.incident_id, { packageId: id, purpose: row.purpose, organisation: org.name, requestedBy: name(row.requested_by), approvedBy: name(row.approved_by) }, d.evidence, key);
    await audit.record(d.db, ctx, { action: "case_package.download", resourceType: "case_package", resourceId: id, details: { incidentId: row.incident_id, files: built.manifest.files.map((f) => ({ path: f.path, sha256: f.sha256 })) } });
    return built;
  } catch (err) {
    if (err instanceof AppError && err.code === "package_evidence_hash_mismatch") {
      await audit.record(d.db, ctx, { action: "case_package.download", resourceType: "case_package", resourceId: id, outcome: "failure", details: { incidentId: row.incident_id, reason: err.code, file: err.params.file } });
    }
    throw err;
  }
}

export async function publicKey(d: Deps, ctx: RequestContext) {
  signingKeyPolicy.authorize(ctx.actor, "export", null);
  const key = await signingKey(d.db, d.ring);
  await audit.record(d.db, ctx, { action: "signing_key.export", resourceType: "signing_key", resourceId: key.keyId });
  return key;
}
