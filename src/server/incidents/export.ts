import type { Actor } from "../../domain/accounts/roles.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { loadFor } from "./service.ts";
import { renderIncidentPdf } from "./pdf.ts";
import { fullView } from "./view.ts";

/**
 * The PDF of one incident: the same authorization as reading it (hidden → 404), and the export is
 * audited like a read (it is one: the whole record leaves the system on paper).
 */
export async function incidentPdf(db: Executor, ctx: RequestContext, id: string): Promise<{ number: string; pdf: Buffer }> {
  const { row } = await loadFor(db, ctx.actor, id, "read");
  const actor = ctx.actor as Actor;
  const view = await fullView(db, row, "ja");
  const dept = await db.selectFrom("departments").select("name_ja").where("id", "=", row.department_id).executeTakeFirst();
  const supervisor = row.supervisor_id ? await db.selectFrom("users").select("display_name").where("id", "=", row.supervisor_id).executeTakeFirst() : undefined;
  const printedAt = new Date();
  const pdf = await renderIncidentPdf({
    incident: view,
    departmentName: dept?.name_ja ?? "",
    supervisorName: supervisor?.display_name ?? null,
    printedBy: actor.displayName,
    printedAt,
  });
  await audit.record(db, ctx, { action: "incident.export_pdf", resourceType: "incident", resourceId: id, details: { number: row.number, bytes: pdf.length } });
  return { number: row.number, pdf };
}

/**
 * Who can be named on the record as responding staff or supervisor: active users of the incident's
 * department who hold the staff or supervisor role, and supervisors whose grant covers it. Only
 * for those who may edit the incident.
 */
export async function staffCandidates(db: Executor, ctx: RequestContext, id: string) {
  const { row } = await loadFor(db, ctx.actor, id, "update");
  const rows = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.display_name", "user_roles.role"])
    .where("users.active", "=", true)
    .where((eb) =>
      eb.or([
        eb.and([eb("users.department_id", "=", row.department_id), eb("user_roles.role", "in", ["staff", "supervisor"])]),
        eb.and([eb("user_roles.role", "=", "supervisor"), eb("user_roles.department_id", "=", row.department_id)]),
      ]),
    )
    .orderBy("users.display_name")
    .execute();
  const byId = new Map<string, { id: string; displayName: string; roles: string[] }>();
  for (const r of rows) {
    const u = byId.get(r.id) ?? { id: r.id, displayName: r.display_name, roles: [] };
    if (!u.roles.includes(r.role)) u.roles.push(r.role);
    byId.set(r.id, u);
  }
  return { users: [...byId.values()] };
}
