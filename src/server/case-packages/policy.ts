import { definePolicy } from "../platform/authz.ts";
import { type IncidentAccess, relationOf } from "../incidents/policy.ts";

/**
 * Police/lawyer packages. The department's supervisor or central may ask for one; only central
 * approves; once approved, the one who asked and central may download it. Every step is audited.
 */
export interface PackageAccess extends IncidentAccess {
  requestedBy: string | null;
  approved: boolean;
}

export const casePackagePolicy = definePolicy<PackageAccess, "request" | "approve" | "download" | "list">("case_package", {
  request: (a, p) => {
    const r = relationOf(a, p);
    return r.supervises || r.central;
  },
  list: (a, p) => {
    const r = relationOf(a, p);
    return r.supervises || r.central;
  },
  approve: (a) => a.roles.has("central"),
  download: (a, p) => a.roles.has("central") || (p.requestedBy === a.userId && relationOf(a, p).supervises),
});

export const signingKeyPolicy = definePolicy<null, "export">("signing_key", {
  export: (a) => a.roles.has("central") || a.roles.has("supervisor"),
});
