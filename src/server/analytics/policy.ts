import type { Actor } from "../../domain/accounts/roles.ts";
import { definePolicy } from "../platform/authz.ts";

/**
 * Analytics, exports and reports: central sees the whole organisation; a supervisor sees the
 * departments they supervise (with sub-departments) — the same scope the incident policy gives
 * them. `departmentId` is the department filter asked for (null = everything in scope).
 * Personal data (counterpart names, contacts, verbatim quotes) in an export: central only, and
 * only when asked for.
 */
export interface AnalyticsTarget {
  departmentId: string | null;
}

const inScope = (a: Actor, t: AnalyticsTarget) => {
  if (a.roles.has("central")) return true;
  if (!a.roles.has("supervisor") || a.supervisedDepartmentIds.size === 0) return false;
  return t.departmentId === null || a.supervisedDepartmentIds.has(t.departmentId);
};

export const analyticsPolicy = definePolicy<AnalyticsTarget, "view_dashboard" | "export" | "export_personal" | "report">("analytics", {
  view_dashboard: inScope,
  export: inScope,
  report: inScope,
  export_personal: (a) => a.roles.has("central"),
});

/** Department ids the actor's analytics cover: null = all (central). */
export function scopeOf(a: Actor): ReadonlySet<string> | null {
  return a.roles.has("central") ? null : a.supervisedDepartmentIds;
}
