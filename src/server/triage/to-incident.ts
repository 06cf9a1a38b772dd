import type { Kysely } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import type { Group } from "../../domain/incidents/codes.ts";
import type { TriageResult } from "../../domain/triage/index.ts";
import * as audit from "../audit/service.ts";
import * as incidents from "../incidents/service.ts";
import type { RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError } from "../platform/http/errors.ts";
import { getMessage, loadFor } from "./service.ts";

export type WrittenChannel = "email" | "letter" | "online";

const NARRATIVE_MAX = 20_000;
const SUMMARY_MAX = 200;
const QUOTE_MAX = 2_000;

/** Summary, narrative and quoted words of the incident, prefilled from the message and its evidence. */
export function incidentDraftFrom(
  row: { subject: string | null; text: string; received_at: Date | string | null; source: string; file_name: string | null },
  result: TriageResult,
  locale: "ja" | "en",
) {
  const firstLine =
    row.text
      .trim()
      .split(/\r?\n/)
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  const head = (row.subject?.trim() || firstLine).slice(0, SUMMARY_MAX);
  const summary = locale === "en" ? `Written contact: ${head}` : `文書による連絡: ${head}`;
  const intro = locale === "en" ? "Full text of the message (imported through triage):" : "受信した連絡の全文(トリアージで取り込み):";
  const body = row.text.length > NARRATIVE_MAX - 200 ? `${row.text.slice(0, NARRATIVE_MAX - 200)}\n…(${locale === "en" ? "truncated" : "以下省略"})` : row.text;
  const narrative = `${intro}\n\n${body}`;
  const seen = new Set<string>();
  const quotes = result.signals
    .filter((s) => s.rule !== "repeat.near_duplicate")
    .map((s) => s.text.trim())
    .filter((t) => t !== "" && !seen.has(t) && seen.add(t))
    .slice(0, 50)
    .map((text) => ({ text: text.slice(0, QUOTE_MAX), speaker: "counterpart" as const, at: row.received_at ? new Date(row.received_at).toISOString() : null }));
  return { summary, narrative, quotes };
}

/**
 * "Create an incident from this message": calls the incident service (which checks that the
 * actor may record incidents for the message's department). The message's idempotency key makes
 * a repeated click return the same incident. The message then links to the incident.
 */
export async function createIncidentFromMessage(db: Kysely<Database>, ctx: RequestContext, id: string, input: { channel: WrittenChannel }) {
  const row = await loadFor(db, ctx.actor, id, "create_incident");
  const actor = ctx.actor as Actor;
  if (row.incident_id) return { incidentId: row.incident_id, created: false, message: await getMessage(db, ctx, id, { audit: false }) };
  const draft = incidentDraftFrom(row, row.result as TriageResult, ctx.locale === "en" ? "en" : "ja");
  const groups = (row.effective_groups as number[]).filter((g): g is Group => g >= 1 && g <= 5);
  const { incident } = await incidents.createIncident(
    db,
    ctx,
    {
      channel: input.channel,
      departmentId: row.department_id,
      startedAt: row.received_at ? new Date(row.received_at).toISOString() : null,
      summary: draft.summary,
      narrative: draft.narrative,
      quotes: draft.quotes,
      groups,
    },
    `triage-${id}`,
  );
  const incidentId = (incident as { id: string }).id;
  await db.transaction().execute(async (trx) => {
    const locked = await loadFor(trx, actor, id, "create_incident", { lock: true });
    if (locked.incident_id && locked.incident_id !== incidentId) throw new AppError(409, "triage_incident_exists");
    await trx.updateTable("triage_messages").set({ incident_id: incidentId }).where("id", "=", id).execute();
    await audit.record(trx, ctx, {
      action: "triage_message.create_incident",
      resourceType: "triage_message",
      resourceId: id,
      details: { incidentId, channel: input.channel },
    });
  });
  return { incidentId, created: true, message: await getMessage(db, ctx, id, { audit: false }) };
}
