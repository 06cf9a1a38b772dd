import { definePolicy } from "../platform/authz.ts";

/**
 * The policy is everyone's to read (every account belongs to someone who works under it) and to
 * acknowledge; central administration (総務局) writes, publishes, follows up acknowledgement and
 * sends reminders.
 */
export const policyPolicy = definePolicy<null, "read" | "acknowledge" | "edit" | "publish" | "read_rates" | "remind">("policy", {
  read: () => true,
  acknowledge: () => true,
  edit: (a) => a.roles.has("central"),
  publish: (a) => a.roles.has("central"),
  read_rates: (a) => a.roles.has("central"),
  remind: (a) => a.roles.has("central"),
});
