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
