/**
 * The roles of the policy (see README "Roles"). A user may hold several.
 * Supervisors are scoped to one or more departments and, through the tree, their sub-departments.
 */
export const ROLES = ["staff", "supervisor", "desk", "central", "admin", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  role: Role;
  /** Only for supervisor: the department they supervise. */
  departmentId: string | null;
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  locale: "ja" | "en";
  roles: ReadonlySet<Role>;
  /** Department ids a supervisor grant covers, including every sub-department. */
  supervisedDepartmentIds: ReadonlySet<string>;
  via: "session" | "token";
}

export function hasRole(actor: Actor | null | undefined, role: Role): boolean {
  return !!actor && actor.roles.has(role);
}

export interface DepartmentNode {
  id: string;
  parentId: string | null;
}

/** Every department in the subtrees rooted at `roots` (roots included). Cycles are ignored safely. */
export function expandSubtrees(departments: readonly DepartmentNode[], roots: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const d of departments) {
    if (!d.parentId) continue;
    const list = children.get(d.parentId) ?? [];
    list.push(d.id);
    children.set(d.parentId, list);
  }
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    for (const c of children.get(id) ?? []) stack.push(c);
  }
  return out;
}

/** True when making `parentId` the parent of `id` would create a cycle in the department tree. */
export function wouldCreateCycle(departments: readonly DepartmentNode[], id: string, parentId: string | null): boolean {
  if (!parentId) return false;
  if (parentId === id) return true;
  return expandSubtrees(departments, [id]).has(parentId);
}
