import { definePolicy } from "../platform/authz.ts";

/**
 * Training is for the staff who face residents (the staff role; supervisors hold it too). Which
 * modules a person must take is decided by the module's departments; answering a module not
 * assigned is refused by the service with a clear error. Central administration (総務局) writes
 * scenarios, sets due dates and follows completion.
 */
export const trainingPolicy = definePolicy<null, "list" | "read" | "take" | "manage">("training", {
  list: (a) => a.roles.has("staff") || a.roles.has("central"),
  read: (a) => a.roles.has("staff") || a.roles.has("central"),
  take: (a) => a.roles.has("staff"),
  manage: (a) => a.roles.has("central"),
});
