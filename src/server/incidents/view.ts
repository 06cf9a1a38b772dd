import { groupsOf } from "../../domain/incidents/codes.ts";
import { repeatContactLine } from "../../domain/incidents/repeat-line.ts";
import { STATUS_LABELS, type Status } from "../../domain/incidents/lifecycle.ts";
import type { Executor } from "../platform/context.ts";
import * as counterpartRepo from "../counterparts/repo.ts";
import * as repo from "./repo.ts";

/** The shapes the API returns for incidents. */
export interface IncidentSummaryView {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  channel: string;
  departmentId: string;
  createdBy: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMinutes: number | null;
  summary: string;
  codes: string[];
  groups: number[];
  /** Complaint received and judged harassment stay distinct: null until judged. */
  outcome: string | null;
  counterpartId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function summaryView(r: repo.IncidentRow, codes: string[], locale: "ja" | "en"): IncidentSummaryView {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status]?.[locale] ?? r.status,
    channel: r.channel,
    departmentId: r.department_id,
    createdBy: r.created_by,
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
    durationMinutes: r.started_at && r.ended_at ? Math.round((r.ended_at.getTime() - r.started_at.getTime()) / 60_000) : null,
    summary: r.summary,
    codes,
    groups: groupsOf(codes),
    outcome: r.outcome,
    counterpartId: r.counterpart_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

export async function summaries(db: Executor, rows: repo.IncidentRow[], locale: "ja" | "en") {
  const codes = await repo.codesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    summaryView(
      r,
      codes.filter((c) => c.incident_id === r.id).map((c) => c.code),
      locale,
    ),
  );
}

export async function fullView(db: Executor, r: repo.IncidentRow, locale: "ja" | "en") {
  const [codes, staff, quotes, events] = await Promise.all([repo.codesOf(db, [r.id]), repo.staffOf(db, [r.id]), repo.quotesOf(db, r.id), repo.eventsOf(db, r.id)]);
  const counterpart = r.counterpart_id ? await counterpartRepo.findCounterpart(db, r.counterpart_id) : undefined;
  // Earlier contacts of the same counterpart (any department): when, how, and the answer given, with the ready-made line.
  const earlier = counterpart ? (await counterpartRepo.incidentsOf(db, counterpart.id)).filter((i) => i.id !== r.id) : [];
  return {
    ...summaryView(
      r,
      codes.map((c) => c.code),
      locale,
    ),
    place: r.place,
    supervisorId: r.supervisor_id,
    personsCount: r.persons_count,
    narrative: r.narrative,
    demand: r.demand,
    answersGiven: r.answers_given,
    ladderSteps: r.ladder_steps,
    police: r.police,
    harm: r.harm,
    personalData: r.personal_data,
    ownErrorContributed: r.own_error_contributed,
    centralReportAt: iso(r.central_report_at),
    retentionClass: r.retention_class,
    legalHold: r.legal_hold,
    judgement: r.judgement,
    judgedBy: r.judged_by,
    judgedAt: iso(r.judged_at),
    judgementProposal: r.judgement_proposal,
    crossedAt: iso(r.crossed_at),
    staff: staff.map((s) => ({ userId: s.user_id, role: s.role, displayName: s.display_name })),
    quotes: quotes.map((q) => ({ id: q.id, text: q.text, speaker: q.speaker, isAct: q.is_act, at: iso(q.at), offsetSeconds: q.offset_seconds })),
    counterpart: counterpart ? { id: counterpart.id, type: counterpart.type, name: counterpart.name, phone: counterpart.phone, email: counterpart.email } : null,
    earlierContacts: earlier.map((i) => ({ at: (i.started_at ?? i.created_at).toISOString(), channel: i.channel, answerGiven: i.answers_given })),
    repeatContactLine: repeatContactLine(earlier.map((i) => i.started_at ?? i.created_at)),
    timeline: events.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      at: e.at.toISOString(),
      actorId: e.actor_id,
      actorName: e.display_name,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      reason: e.reason,
      data: e.data,
    })),
  };
}

export type IncidentView = Awaited<ReturnType<typeof fullView>>;
