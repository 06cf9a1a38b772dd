import type { Actor } from "../../domain/accounts/roles.ts";
import { definePolicy } from "../platform/authz.ts";
import { type IncidentAccess, relationOf } from "../incidents/policy.ts";

/**
 * Letters to a counterpart. Issuing one is the organisation's decision: the supervisor of the
 * incident's department or central. Whoever may read the incident may read its letters.
 * Templates: central edits them; supervisors and central read them.
 */
const decides = (a: Actor, inc: IncidentAccess) => {
  const r = relationOf(a, inc);
  return r.supervises || r.central;
};
const sees = (a: Actor, inc: IncidentAccess) => {
  const r = relationOf(a, inc);
  return r.involved || r.supervises || r.central;
};

export const letterPolicy = definePolicy<IncidentAccess, "issue" | "read">("letter", {
  issue: decides,
  read: sees,
});

export const letterTemplatePolicy = definePolicy<null, "read" | "edit">("letter_template", {
  read: (a) => a.roles.has("central") || a.roles.has("supervisor"),
  edit: (a) => a.roles.has("central"),
});

/** The counterpart's postal address: anyone who may record incidents and can see the counterpart. */
export const counterpartAddressPolicy = definePolicy<{ visible: boolean }, "update">("counterpart", {
  update: (a, c) => c.visible && (a.roles.has("staff") || a.roles.has("supervisor") || a.roles.has("central")),
});
