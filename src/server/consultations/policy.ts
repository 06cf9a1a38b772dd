import { definePolicy } from "../platform/authz.ts";

/**
 * Need-to-know: only the consultation desk reads consultations. The consulting staff member reads
 * their own named consultation; an anonymous one is reached only with its receipt code (no
 * policy: whoever holds the code is the consulting person). Supervisors, central administration,
 * system administrators and auditors have no rule here, so they are refused everything.
 * Statistics (counts with small counts suppressed) are for the desk and central administration.
 */
export interface ConsultationResource {
  anonymous: boolean;
  staffUserId: string | null;
}

const isOwner = (userId: string, c: ConsultationResource | null) => c !== null && !c.anonymous && c.staffUserId === userId;

export const consultationPolicy = definePolicy<
  ConsultationResource | null,
  "list" | "create" | "read" | "reply" | "update" | "note" | "consent" | "list_own" | "statistics"
>("consultation", {
  list: (a) => a.roles.has("desk"),
  create: (a) => a.roles.has("staff"),
  list_own: (a) => a.roles.has("staff"),
  read: (a, c) => a.roles.has("desk") || isOwner(a.userId, c),
  reply: (a, c) => a.roles.has("desk") || isOwner(a.userId, c),
  update: (a) => a.roles.has("desk"),
  note: (a) => a.roles.has("desk"),
  // Only the consulting staff member gives or withdraws consent, never the desk on their behalf.
  consent: (a, c) => isOwner(a.userId, c),
  statistics: (a) => a.roles.has("desk") || a.roles.has("central"),
});
