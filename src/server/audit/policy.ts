import { definePolicy } from "../platform/authz.ts";

/** The audit log: auditors read, filter and export it; nobody edits it. */
export const auditPolicy = definePolicy<null, "read" | "export" | "verify">("audit", {
  read: (a) => a.roles.has("auditor"),
  export: (a) => a.roles.has("auditor"),
  verify: (a) => a.roles.has("auditor") || a.roles.has("admin"),
});
