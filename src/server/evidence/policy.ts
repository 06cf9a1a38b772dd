import { definePolicy } from "../platform/authz.ts";
import { type IncidentAccess, incidentPolicy, relationOf } from "../incidents/policy.ts";

/** What the evidence policy needs: the incident's access facts plus its legal hold. */
export interface EvidenceAccess {
  incident: IncidentAccess;
  legalHold: boolean;
}

/**
 * Evidence follows its incident: whoever may see the incident may list, play and download its
 * evidence; whoever may edit it (not closed) may attach files and set the recording-notice flag.
 * Deleting by hand is for the department's supervisors and central, with a reason, and never
 * while the incident is on legal hold. Invisible incidents answer 404 (the caller hides them).
 */
export const evidencePolicy = definePolicy<EvidenceAccess, "list" | "read" | "upload" | "update" | "delete">("evidence", {
  list: (a, e) => incidentPolicy.can(a, "read", e.incident),
  read: (a, e) => incidentPolicy.can(a, "read", e.incident),
  upload: (a, e) => incidentPolicy.can(a, "update", e.incident),
  update: (a, e) => incidentPolicy.can(a, "update", e.incident),
  // The legal hold is checked by the service with its own error (423), so the user learns why.
  delete: (a, e) => {
    const r = relationOf(a, e.incident);
    return r.supervises || r.central;
  },
});
