import { z } from "@hono/zod-openapi";
import { CHANNELS, COUNTERPART_TYPES, GROUPS, LADDER_STEPS, RETENTION_CLASSES, STAFF_ROLES } from "../../domain/incidents/codes.ts";
import { ANSWERS } from "../../domain/incidents/judgement.ts";
import { STATUSES } from "../../domain/incidents/lifecycle.ts";

/** Request and response shapes of the incident routes. */
const when = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);

export const CounterpartBody = z
  .strictObject({
    type: z.enum(COUNTERPART_TYPES).default("unknown"),
    name: text(200).nullable().optional(),
    phone: text(40).nullable().optional(),
    email: text(254).nullable().optional(),
  })
  .openapi("CounterpartInput");

const QuoteBody = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  speaker: z.enum(["counterpart", "staff", "other"]).optional(),
  isAct: z.boolean().optional().openapi({ description: "An act (banging the desk, throwing) rather than words" }),
  at: when.nullable().optional(),
  offsetSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86400)
    .nullable()
    .optional(),
});

const LadderStepBody = z.strictObject({
  step: z.enum(LADDER_STEPS),
  at: when.nullable().optional(),
  count: z.number().int().min(1).max(20).optional(),
  approver: text(100).nullable().optional(),
  words: text(1000).nullable().optional(),
});

const fields = {
  departmentId: z.uuid().optional(),
  place: text(200).nullable().optional(),
  startedAt: when.nullable().optional(),
  endedAt: when.nullable().optional(),
  summary: text(2000).optional().openapi({ description: "What happened, in a few words (the quick form)" }),
  narrative: text(20000).optional(),
  demand: text(5000).optional(),
  answersGiven: text(5000).optional(),
  quotes: z.array(QuoteBody).max(200).optional(),
  groups: z
    .array(z.union(GROUPS.map((g) => z.literal(g)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<5>]))
    .max(5)
    .optional(),
  codes: z.array(z.string().max(64)).max(50).optional(),
  staff: z
    .array(z.strictObject({ userId: z.uuid(), role: z.enum(STAFF_ROLES) }))
    .max(20)
    .optional(),
  supervisorId: z.uuid().nullable().optional(),
  counterpart: CounterpartBody.optional(),
  counterpartId: z.uuid().optional().openapi({ description: "Link to a known counterpart (after confirming a suggestion)" }),
  personsCount: z.number().int().min(1).max(1000).nullable().optional(),
  ladderSteps: z.array(LadderStepBody).max(50).optional(),
  police: z
    .strictObject({
      contacted: z.boolean(),
      at: when.nullable().optional(),
      station: text(200).nullable().optional(),
      reference: text(100).nullable().optional(),
      notes: text(2000).nullable().optional(),
    })
    .optional(),
  harm: z.strictObject({ harmed: z.boolean(), description: text(2000).nullable().optional(), care: text(2000).nullable().optional() }).optional(),
  personalData: z.strictObject({ demanded: z.boolean(), exposed: z.boolean(), details: text(2000).nullable().optional() }).optional(),
  ownErrorContributed: z.boolean().nullable().optional(),
  centralReportAt: when.nullable().optional(),
  retentionClass: z.enum(RETENTION_CLASSES).optional(),
  legalHold: z.boolean().optional(),
};

export const CreateIncidentBody = z.strictObject({ channel: z.enum(CHANNELS), report: z.boolean().optional(), ...fields }).openapi("CreateIncident");
export const UpdateIncidentBody = z
  .strictObject({
    version: z.number().int().min(1).openapi({ description: "The version you edited; a stale one gets 409" }),
    channel: z.enum(CHANNELS).optional(),
    ...fields,
  })
  .openapi("UpdateIncident");

const AxisBody = z.strictObject({ answer: z.enum(ANSWERS), reason: text(5000) });
export const JudgementBody = z
  .strictObject({
    demandLegitimate: AxisBody.openapi({ description: "① Is the demand legitimate? yes = legitimate" }),
    meansAppropriate: AxisBody.openapi({ description: "② Are the means and manner socially acceptable? yes = acceptable" }),
    environmentHarmed: AxisBody.openapi({ description: "③ Is the staff's working environment harmed? yes = harmed" }),
    exclusions: z.strictObject({ sincereComplaint: z.boolean(), reasonableAccommodation: z.boolean(), reason: text(5000).default("") }),
    crossedAt: when.nullable().default(null),
  })
  .openapi("Judgement");

export const TransitionBody = z.strictObject({ to: z.enum(STATUSES), reason: text(2000).nullable().optional() }).openapi("Transition");

export const ListQuery = z.object({
  from: when.optional(),
  to: when.optional(),
  channel: z.enum(CHANNELS).optional(),
  group: z.coerce.number().int().min(1).max(5).optional(),
  code: z.string().max(64).optional(),
  departmentId: z.uuid().optional(),
  status: z.enum(STATUSES).optional(),
  outcome: z.enum(["harassment", "not_harassment", "pending", "none"]).optional().openapi({ description: "none = not judged yet" }),
  counterpartId: z.uuid().optional(),
  q: z.string().max(200).optional().openapi({ description: "Full-text search over summary, narrative, demand and quotes (2-character words work)" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const IncidentSummarySchema = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    channel: z.string(),
    departmentId: z.string(),
    createdBy: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    durationMinutes: z.number().nullable(),
    summary: z.string(),
    codes: z.array(z.string()),
    groups: z.array(z.number()),
    outcome: z.string().nullable(),
    counterpartId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .openapi("IncidentSummary");

export const IncidentSchema = IncidentSummarySchema.extend({
  place: z.string().nullable(),
  supervisorId: z.string().nullable(),
  personsCount: z.number().nullable(),
  narrative: z.string(),
  demand: z.string(),
  answersGiven: z.string(),
  ladderSteps: z.any(),
  police: z.any(),
  harm: z.any(),
  personalData: z.any(),
  ownErrorContributed: z.boolean().nullable(),
  centralReportAt: z.string().nullable(),
  retentionClass: z.string(),
  legalHold: z.boolean(),
  judgement: z.any(),
  judgedBy: z.string().nullable(),
  judgedAt: z.string().nullable(),
  judgementProposal: z.any(),
  crossedAt: z.string().nullable(),
  staff: z.array(z.object({ userId: z.string(), role: z.string(), displayName: z.string() })),
  quotes: z.array(
    z.object({ id: z.string(), text: z.string(), speaker: z.string(), isAct: z.boolean(), at: z.string().nullable(), offsetSeconds: z.number().nullable() }),
  ),
  counterpart: z
    .object({ id: z.string(), type: z.string(), name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() })
    .nullable(),
  earlierContacts: z
    .array(z.object({ at: z.string(), channel: z.string(), answerGiven: z.string() }))
    .openapi({ description: "Earlier contacts of the same counterpart, oldest first" }),
  repeatContactLine: z
    .string()
    .nullable()
    .openapi({ description: "「○月○日にも同じご用件でご連絡をいただいており、回答は変わりません」 with the dates of the earlier contacts" }),
  allowedTransitions: z.array(z.enum(STATUSES)).openapi({ description: "The status changes the caller may make now (POST /incidents/{id}/transitions)" }),
  can: z
    .object({
      update: z.boolean(),
      judge: z.boolean(),
      proposeJudgement: z.boolean(),
      linkCounterpart: z.boolean(),
      unlinkCounterpart: z.boolean(),
      mergeCounterpart: z.boolean(),
      setRetention: z.boolean(),
    })
    .openapi({ description: "What else the caller may do with this incident now" }),
  timeline: z.array(
    z.object({
      seq: z.number(),
      kind: z.string(),
      at: z.string(),
      actorId: z.string().nullable(),
      actorName: z.string().nullable(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      reason: z.string().nullable(),
      data: z.any(),
    }),
  ),
}).openapi("Incident");
