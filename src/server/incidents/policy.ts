import type { Actor } from "../../domain/accounts/roles.ts";
import type { Relation } from "../../domain/incidents/lifecycle.ts";
import { definePolicy } from "../platform/authz.ts";

/** What the incident policy needs to know about one incident. */
export interface IncidentAccess {
  createdBy: string;
  departmentId: string;
  staffIds: readonly string[];
  status: string;
}

/**
 * Visibility: staff see incidents they created or responded to; supervisors those of the
 * departments they supervise (with sub-departments); central everything. Admin, auditor and desk
 * see no case content. Invisible incidents answer 404, never 403.
 */
export function relationOf(actor: Actor, inc: IncidentAccess): Relation {
  return {
    involved: actor.roles.has("staff") && (inc.createdBy === actor.userId || inc.staffIds.includes(actor.userId)),
    supervises: actor.roles.has("supervisor") && actor.supervisedDepartmentIds.has(inc.departmentId),
    central: actor.roles.has("central"),
  };
}

const sees = (a: Actor, inc: IncidentAccess) => {
  const r = relationOf(a, inc);
  return r.involved || r.supervises || r.central;
};
const judges = (a: Actor, inc: IncidentAccess) => {
  const r = relationOf(a, inc);
  return r.supervises || r.central;
};

/** May record and list incidents at all. */
export const recordsIncidents = (a: Actor) => a.roles.has("staff") || a.roles.has("supervisor") || a.roles.has("central");

export const incidentPolicy = definePolicy<
  IncidentAccess,
  "read" | "update" | "judge" | "propose_judgement" | "set_retention" | "link_counterpart" | "unlink_counterpart"
>("incident", {
  read: sees,
  update: (a, inc) => sees(a, inc) && inc.status !== "closed",
  judge: judges,
  propose_judgement: (a, inc) => relationOf(a, inc).involved,
  set_retention: judges,
  link_counterpart: (a, inc) => sees(a, inc) && inc.status !== "closed",
  unlink_counterpart: (a) => a.roles.has("central"),
});

/** Creating and listing have no record yet: decided by role and, for the department, by scope. */
export const incidentCollectionPolicy = definePolicy<{ departmentId: string | null } | null, "create" | "list">("incident", {
  create: (a, target) => {
    if (!recordsIncidents(a) || !target?.departmentId) return false;
    return a.roles.has("central") || a.supervisedDepartmentIds.has(target.departmentId) || (a.roles.has("staff") && a.departmentId === target.departmentId);
  },
  list: recordsIncidents,
});

export const counterpartPolicy = definePolicy<{ visible: boolean }, "read" | "merge">("counterpart", {
  read: (a, c) => c.visible && recordsIncidents(a),
  merge: (a) => a.roles.has("central"),
});

export const reportingPolicy = definePolicy<null, "manage_rules" | "read_queue" | "acknowledge">("report_rule", {
  manage_rules: (a) => a.roles.has("central"),
  read_queue: (a) => a.roles.has("central"),
  acknowledge: (a) => a.roles.has("central"),
});
