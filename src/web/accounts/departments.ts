import { useQuery } from "@tanstack/react-query";
import { type Department, api } from "../api.ts";

export const DEPARTMENTS_KEY = ["departments"] as const;

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: DEPARTMENTS_KEY,
    queryFn: async () => (await api<{ departments: Department[] }>("GET", "/departments")).departments,
    enabled,
    staleTime: 60_000,
  });
}

export function departmentName(d: Department | undefined, locale: string): string {
  if (!d) return "";
  return locale === "en" ? d.nameEn : d.nameJa;
}

export interface TreeEntry {
  department: Department;
  depth: number;
}

/** Departments in tree order (parents before children, siblings by code), with their depth. */
export function treeOrder(departments: readonly Department[]): TreeEntry[] {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<string | null, Department[]>();
  for (const d of departments) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(d);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const out: TreeEntry[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const d of children.get(parent) ?? []) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      out.push({ department: d, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The department and every department below it. */
export function subtreeIds(departments: readonly Department[], rootId: string): Set<string> {
  const out = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parentId && out.has(d.parentId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return out;
}

/** Options for a department <select>: indented by depth with full-width spaces (visible in every browser). */
export function departmentOptions(departments: readonly Department[], locale: string, opts: { includeInactive?: boolean; exclude?: Set<string> } = {}) {
  return treeOrder(departments)
    .filter((e) => (opts.includeInactive || e.department.active) && !opts.exclude?.has(e.department.id))
    .map((e) => ({
      id: e.department.id,
      depth: e.depth,
      name: departmentName(e.department, locale),
      label: `${"\u3000".repeat(e.depth)}${departmentName(e.department, locale)}`,
    }));
}
