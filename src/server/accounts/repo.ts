import { sql } from "kysely";
import type { Role, RoleGrant } from "../../domain/accounts/roles.ts";
import type { Executor } from "../platform/context.ts";

export type UserRow = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  department_id: string | null;
  password_hash: string | null;
  locale: string;
  active: boolean;
  must_change_password: boolean;
  password_changed_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where(sql<string>`lower(username)`, "=", username.toLowerCase())
    .executeTakeFirst();
}

export async function grantsOf(db: Executor, userIds: readonly string[]): Promise<Map<string, RoleGrant[]>> {
  const out = new Map<string, RoleGrant[]>();
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom("user_roles").selectAll().where("user_id", "in", userIds).execute();
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push({ role: r.role as Role, departmentId: r.department_id });
    out.set(r.user_id, list);
  }
  return out;
}

export async function replaceGrants(db: Executor, userId: string, grants: readonly RoleGrant[]) {
  await db.deleteFrom("user_roles").where("user_id", "=", userId).execute();
  if (grants.length > 0) {
    await db
      .insertInto("user_roles")
      .values(grants.map((g) => ({ user_id: userId, role: g.role, department_id: g.departmentId })))
      .execute();
  }
}

export async function countActiveAdmins(db: Executor, exceptUserId?: string): Promise<number> {
  let q = db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select(sql<string>`count(DISTINCT users.id)`.as("n"))
    .where("user_roles.role", "=", "admin")
    .where("users.active", "=", true);
  if (exceptUserId) q = q.where("users.id", "<>", exceptUserId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserListFilter {
  q?: string | undefined;
  departmentId?: string | undefined;
  role?: Role | undefined;
  includeInactive?: boolean | undefined;
}

export async function listUsers(db: Executor, f: UserListFilter, limit: number, offset: number) {
  let q = db.selectFrom("users").selectAll();
  if (!f.includeInactive) q = q.where("active", "=", true);
  if (f.departmentId) q = q.where("department_id", "=", f.departmentId);
  if (f.role) {
    const role = f.role;
    q = q.where((eb) => eb.exists(eb.selectFrom("user_roles").select("user_id").whereRef("user_roles.user_id", "=", "users.id").where("role", "=", role)));
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, "\\$&")}%`;
    q = q.where((eb) => eb.or([eb("username", "ilike", like), eb("display_name", "ilike", like)]));
  }
  const total = await q.clearSelect().select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const rows = await q.orderBy("username").limit(limit).offset(offset).execute();
  return { total: Number(total.n), rows };
}

export type DepartmentRow = {
  id: string;
  parent_id: string | null;
  code: string;
  name_ja: string;
  name_en: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

export async function allDepartments(db: Executor): Promise<DepartmentRow[]> {
  return db.selectFrom("departments").selectAll().orderBy("code").execute();
}

export async function findDepartment(db: Executor, id: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function departmentUsage(db: Executor, id: string) {
  const users = await db
    .selectFrom("users")
    .select(sql<string>`count(*)`.as("n"))
    .where("department_id", "=", id)
    .where("active", "=", true)
    .executeTakeFirstOrThrow();
  const children = await db
    .selectFrom("departments")
    .select(sql<string>`count(*)`.as("n"))
    .where("parent_id", "=", id)
    .where("active", "=", true)
    .executeTakeFirstOrThrow();
  return { users: Number(users.n), children: Number(children.n) };
}
