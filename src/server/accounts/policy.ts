import { definePolicy } from "../platform/authz.ts";

/**
 * Accounts and departments are administered by system administrators. Administrators manage
 * accounts and settings but never case content (enforced by the case policies, not here).
 */
export const userPolicy = definePolicy<{ id: string } | null, "list" | "read" | "create" | "update" | "deactivate" | "reset_password" | "assign_roles">(
  "user",
  {
    list: (a) => a.roles.has("admin"),
    read: (a, u) => a.roles.has("admin") || (u !== null && u.id === a.userId),
    create: (a) => a.roles.has("admin"),
    update: (a) => a.roles.has("admin"),
    deactivate: (a, u) => a.roles.has("admin") && u !== null && u.id !== a.userId,
    reset_password: (a) => a.roles.has("admin"),
    assign_roles: (a) => a.roles.has("admin"),
  },
);

export const departmentPolicy = definePolicy<null, "list" | "create" | "update">("department", {
  // Every signed-in user needs the department tree (forms, filters); names are not personal data.
  list: () => true,
  create: (a) => a.roles.has("admin"),
  update: (a) => a.roles.has("admin"),
});
