import type { Actor } from "../../domain/accounts/roles.ts";
import { definePolicy } from "../platform/authz.ts";

/**
 * The restriction register. Registering one is a decision with an approver: supervisors and
 * central (the one who registers it is recorded as its approver). Every case role that can see
 * the counterpart sees its restrictions — staff must know at once when they open a new contact.
 * The whole register: supervisors and central.
 */
export const restrictionPolicy = definePolicy<{ visible: boolean }, "create" | "read">("restriction", {
  create: (a, c) => c.visible && (a.roles.has("central") || a.roles.has("supervisor")),
  read: (a, c) => c.visible && (a.roles.has("staff") || a.roles.has("supervisor") || a.roles.has("central")),
});

export const restrictionRegisterPolicy = definePolicy<null, "list">("restriction", {
  list: (a: Actor) => a.roles.has("central") || a.roles.has("supervisor"),
});
