import type { Actor } from "../../domain/accounts/roles.ts";
import { definePolicy } from "../platform/authz.ts";

/** What the live-assist policy needs to know about one session. */
export interface SessionAccess {
  userId: string;
  departmentId: string;
  /** A visit's second staff member (訪問は二人で). */
  companionId?: string | null;
}

const supervises = (a: Actor, s: SessionAccess) => a.roles.has("supervisor") && a.supervisedDepartmentIds.has(s.departmentId);

/**
 * Live sessions are the responding staff member's; the supervisors of the department (with its
 * parents) and central see them and decide steps that wait for approval. A supervisor never
 * approves a step of their own session. Admin, auditor and desk see nothing (404).
 */
export const liveSessionPolicy = definePolicy<SessionAccess, "read" | "act" | "decide" | "acknowledge" | "check_in">("live_session", {
  read: (a, s) => (a.roles.has("staff") && (a.userId === s.userId || a.userId === s.companionId)) || supervises(a, s) || a.roles.has("central"),
  check_in: (a, s) => a.roles.has("staff") && (a.userId === s.userId || a.userId === s.companionId),
  act: (a, s) => a.roles.has("staff") && a.userId === s.userId,
  decide: (a, s) => a.userId !== s.userId && (supervises(a, s) || a.roles.has("central")),
  acknowledge: (a, s) => a.userId !== s.userId && (supervises(a, s) || a.roles.has("central")),
});

/** Starting a session (staff, in their own department or one they supervise), the alert inbox and the stream. */
export const liveCollectionPolicy = definePolicy<{ departmentId: string | null } | null, "start" | "inbox" | "stream" | "read_scripts" | "colleagues">("live_session", {
  colleagues: (a) => a.roles.has("staff"),
  start: (a, t) => a.roles.has("staff") && !!t?.departmentId && (t.departmentId === a.departmentId || a.supervisedDepartmentIds.has(t.departmentId)),
  inbox: (a) => a.roles.has("supervisor") || a.roles.has("central"),
  stream: (a) => a.roles.has("staff") || a.roles.has("supervisor") || a.roles.has("central"),
  read_scripts: (a) => a.roles.has("staff") || a.roles.has("supervisor") || a.roles.has("central"),
});

/** Thresholds, approval steps and the script library: central sets them. */
export const liveSettingsPolicy = definePolicy<null, "read" | "manage">("live_settings", {
  read: (a) => a.roles.has("central"),
  manage: (a) => a.roles.has("central"),
});
