import type { Actor } from "../../domain/accounts/roles.ts";
import { definePolicy } from "../platform/authz.ts";

/**
 * Who may do what with triaged written contacts.
 *
 * - Each message belongs to one department's inbox. Staff triage their own department's inbox
 *   (import, read, create an incident from a message); supervisors do the same for the
 *   departments they supervise and also review (override a result); central does everything
 *   everywhere. Desk, admin and auditor never see message content.
 * - A message outside the actor's inboxes answers 404 (it is not revealed that it exists).
 * - The lexicon is readable by everyone who triages (to explain rules); only central tests
 *   changes against stored messages and saves new versions.
 */
export interface InboxAccess {
  departmentId: string;
}

const triages = (a: Actor) => a.roles.has("staff") || a.roles.has("supervisor") || a.roles.has("central");
const supervises = (a: Actor, t: InboxAccess) => a.roles.has("supervisor") && a.supervisedDepartmentIds.has(t.departmentId);
const ownInbox = (a: Actor, t: InboxAccess) => a.roles.has("staff") && a.departmentId === t.departmentId;
const sees = (a: Actor, t: InboxAccess) => a.roles.has("central") || supervises(a, t) || ownInbox(a, t);

export const triageMessagePolicy = definePolicy<InboxAccess, "import" | "read" | "override" | "create_incident">("triage_message", {
  import: sees,
  read: sees,
  override: (a, t) => a.roles.has("central") || supervises(a, t),
  create_incident: sees,
});

export const triageInboxListPolicy = definePolicy<null, "list">("triage_message", {
  list: triages,
});

export const triageLexiconPolicy = definePolicy<null, "read" | "preview" | "save" | "export_examples">("triage_lexicon", {
  read: triages,
  preview: (a) => a.roles.has("central"),
  save: (a) => a.roles.has("central"),
  /** Reviewers' overrides as labelled examples for evaluation (message texts: central only). */
  export_examples: (a) => a.roles.has("central"),
});

/** Department ids whose inbox the actor sees, or "all" for central. */
export function visibleInboxes(a: Actor): "all" | string[] {
  if (a.roles.has("central")) return "all";
  const ids = new Set<string>(a.roles.has("supervisor") ? a.supervisedDepartmentIds : []);
  if (a.roles.has("staff") && a.departmentId) ids.add(a.departmentId);
  return [...ids];
}
