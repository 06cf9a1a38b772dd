import { definePolicy } from "../platform/authz.ts";

/** Personal API tokens: everyone manages their own; administrators may also revoke anyone's (offboarding). */
export const tokenPolicy = definePolicy<{ userId: string }, "create" | "list" | "revoke">("api_token", {
  create: (a, t) => t.userId === a.userId,
  list: (a, t) => t.userId === a.userId,
  revoke: (a, t) => t.userId === a.userId || a.roles.has("admin"),
});
