import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { USERNAME_PATTERN, checkPassword } from "../../domain/accounts/password-policy.ts";
import { type Actor, type RoleGrant, wouldCreateCycle } from "../../domain/accounts/roles.ts";
import * as audit from "../audit/service.ts";
import * as authRepo from "../auth/repo.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError, conflict, invalid } from "../platform/http/errors.ts";
import { hashPassword, temporaryPassword } from "../platform/secrets.ts";
import { departmentPolicy, userPolicy } from "./policy.ts";
import * as repo from "./repo.ts";

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  departmentId: string | null;
  locale: "ja" | "en";
  active: boolean;
  mustChangePassword: boolean;
  roles: RoleGrant[];
  createdAt: string;
  updatedAt: string;
}

export function userView(u: repo.UserRow, grants: RoleGrant[]): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    departmentId: u.department_id,
    locale: u.locale === "en" ? "en" : "ja",
    active: u.active,
    mustChangePassword: u.must_change_password,
    roles: [...grants].sort((a, b) => a.role.localeCompare(b.role) || String(a.departmentId).localeCompare(String(b.departmentId))),
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
  };
}

/** Builds the acting user with roles and the full set of departments their supervisor grants cover. */
export async function loadActor(db: Executor, user: repo.UserRow, via: Actor["via"]): Promise<Actor> {
  return (await loadAccount(db, user, via)).actor;
}

/** The actor and the user's own view, from one read of the grants (the per-request authentication path). */
export async function loadAccount(db: Executor, user: repo.UserRow, via: Actor["via"]): Promise<{ actor: Actor; view: UserView }> {
  const grants = (await repo.grantsOf(db, [user.id])).get(user.id) ?? [];
  const roots = grants.filter((g) => g.role === "supervisor" && g.departmentId).map((g) => g.departmentId as string);
  let supervised = new Set<string>();
  if (roots.length > 0) {
    const rows = await sql<{ id: string }>`
      WITH RECURSIVE tree AS (
        SELECT id FROM departments WHERE id = ANY(${roots}::uuid[])
        UNION
        SELECT d.id FROM departments d JOIN tree ON d.parent_id = tree.id
      ) SELECT id FROM tree`.execute(db);
    supervised = new Set(rows.rows.map((r) => r.id));
  }
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    departmentId: user.department_id,
    locale: user.locale === "en" ? "en" : "ja",
    roles: new Set(grants.map((g) => g.role)),
    supervisedDepartmentIds: supervised,
    via,
  };
  return { actor, view: userView(user, grants) };
}

async function validateGrants(db: Executor, grants: readonly RoleGrant[]): Promise<RoleGrant[]> {
  const seen = new Set<string>();
  const out: RoleGrant[] = [];
  for (const g of grants) {
    const departmentId = g.role === "supervisor" ? g.departmentId : null;
    if (g.role === "supervisor") {
      if (!departmentId) throw invalid("supervisor_needs_department");
      if (!(await repo.findDepartment(db, departmentId))) throw invalid("department_not_found");
    }
    const key = `${g.role}:${departmentId ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ role: g.role, departmentId });
  }
  return out;
}

async function ensureDepartment(db: Executor, id: string | null | undefined) {
  if (id && !(await repo.findDepartment(db, id))) throw invalid("department_not_found");
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null | undefined;
  departmentId?: string | null | undefined;
  locale?: "ja" | "en" | undefined;
  roles: RoleGrant[];
  /** When omitted a temporary password is generated, returned once, and must be changed at first login. */
  password?: string | undefined;
}

/** Creates a user. The caller (HTTP or CLI) must be an administrator, or `bootstrap` for the first one. */
export async function createUser(db: Kysely<Database>, ctx: RequestContext, input: CreateUserInput, opts: { bootstrap?: boolean } = {}) {
  if (!opts.bootstrap) userPolicy.authorize(ctx.actor, "create", null);
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw invalid("username_invalid");
  const temporary = input.password === undefined ? temporaryPassword() : null;
  const password = input.password ?? (temporary as string);
  if (input.password !== undefined) {
    const problem = checkPassword(password, username);
    if (problem) throw invalid(problem.code, problem);
  }
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if (await repo.findUserByUsername(trx, username)) throw conflict("username_taken");
    await ensureDepartment(trx, input.departmentId);
    const grants = await validateGrants(trx, input.roles);
    const now = new Date();
    const id = randomUUID();
    await trx
      .insertInto("users")
      .values({
        id,
        username,
        display_name: input.displayName.trim(),
        email: input.email?.trim() || null,
        department_id: input.departmentId ?? null,
        password_hash: passwordHash,
        locale: input.locale ?? "ja",
        must_change_password: temporary !== null,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await repo.replaceGrants(trx, id, grants);
    await audit.record(trx, ctx, {
      action: opts.bootstrap ? "user.bootstrap" : "user.create",
      resourceType: "user",
      resourceId: id,
      details: { username, departmentId: input.departmentId ?? null, roles: grants },
    });
    const row = (await repo.findUserById(trx, id)) as repo.UserRow;
    return { user: userView(row, grants), temporaryPassword: temporary };
  });
}

export async function listUsers(db: Executor, ctx: RequestContext, filter: repo.UserListFilter, limit: number, offset: number) {
  userPolicy.authorize(ctx.actor, "list", null);
  const { total, rows } = await repo.listUsers(db, filter, limit, offset);
  const grants = await repo.grantsOf(
    db,
    rows.map((r) => r.id),
  );
  // Staff accounts are personal data: reading them is audited (the filter, not the names).
  await audit.record(db, ctx, {
    action: "user.list",
    resourceType: "user",
    details: { departmentId: filter.departmentId ?? null, role: filter.role ?? null, searched: !!filter.q, rows: rows.length },
  });
  return { total, users: rows.map((r) => userView(r, grants.get(r.id) ?? [])) };
}

export async function getUser(db: Executor, ctx: RequestContext, id: string) {
  userPolicy.authorize(ctx.actor, "read", { id }, { resourceId: id });
  const row = await repo.findUserById(db, id);
  if (!row) throw new AppError(404, "user_not_found");
  if (id !== ctx.actor?.userId) await audit.record(db, ctx, { action: "user.read", resourceType: "user", resourceId: id });
  return userView(row, (await repo.grantsOf(db, [id])).get(id) ?? []);
}

export interface UpdateUserInput {
  displayName?: string | undefined;
  email?: string | null | undefined;
  departmentId?: string | null | undefined;
  locale?: "ja" | "en" | undefined;
  roles?: RoleGrant[] | undefined;
  active?: boolean | undefined;
}

export async function updateUser(db: Kysely<Database>, ctx: RequestContext, id: string, input: UpdateUserInput) {
  const actor = userPolicy.authorize(ctx.actor, "update", { id }, { resourceId: id });
  if (input.roles) userPolicy.authorize(actor, "assign_roles", { id }, { resourceId: id });
  if (input.active === false) {
    if (id === actor.userId) throw invalid("cannot_deactivate_self");
    userPolicy.authorize(ctx.actor, "deactivate", { id }, { resourceId: id });
  }
  return db.transaction().execute(async (trx) => {
    const before = await repo.findUserById(trx, id);
    if (!before) throw new AppError(404, "user_not_found");
    const beforeGrants = (await repo.grantsOf(trx, [id])).get(id) ?? [];
    const now = new Date();
    const changes: Record<string, unknown> = {};
    const set: Partial<Record<string, unknown>> = { updated_at: now };
    if (input.displayName !== undefined && input.displayName.trim() !== before.display_name) {
      set.display_name = input.displayName.trim();
      changes.displayName = true; // the value itself is personal data; the audit only notes that it changed
    }
    if (input.email !== undefined && (input.email?.trim() || null) !== before.email) {
      set.email = input.email?.trim() || null;
      changes.email = true;
    }
    if (input.departmentId !== undefined && input.departmentId !== before.department_id) {
      await ensureDepartment(trx, input.departmentId);
      set.department_id = input.departmentId;
      changes.departmentId = { from: before.department_id, to: input.departmentId };
    }
    if (input.locale !== undefined && input.locale !== before.locale) {
      set.locale = input.locale;
      changes.locale = input.locale;
    }
    if (input.active !== undefined && input.active !== before.active) {
      set.active = input.active;
      changes.active = input.active;
    }
    let grants = beforeGrants;
    if (input.roles) {
      grants = await validateGrants(trx, input.roles);
      changes.roles = { from: beforeGrants, to: grants };
    }
    const losesAdmin =
      (beforeGrants.some((g) => g.role === "admin") && !grants.some((g) => g.role === "admin")) ||
      (input.active === false && beforeGrants.some((g) => g.role === "admin"));
    if (losesAdmin && (await repo.countActiveAdmins(trx, id)) === 0) throw invalid("last_admin");
    await trx.updateTable("users").set(set).where("id", "=", id).execute();
    if (input.roles) await repo.replaceGrants(trx, id, grants);
    if (input.active === false) {
      await authRepo.deleteUserSessions(trx, id);
      await authRepo.revokeUserTokens(trx, id, now);
    }
    await audit.record(trx, ctx, {
      action: input.active === false ? "user.deactivate" : input.active === true ? "user.reactivate" : "user.update",
      resourceType: "user",
      resourceId: id,
      details: { username: before.username, changes },
    });
    return userView((await repo.findUserById(trx, id)) as repo.UserRow, grants);
  });
}

/** Sets a temporary password shown once to the administrator; the user must change it at next login. */
export async function resetPassword(db: Kysely<Database>, ctx: RequestContext, id: string, opts: { cli?: boolean } = {}) {
  if (!opts.cli) userPolicy.authorize(ctx.actor, "reset_password", { id }, { resourceId: id });
  const temporary = temporaryPassword();
  const passwordHash = await hashPassword(temporary);
  return db.transaction().execute(async (trx) => {
    const user = await repo.findUserById(trx, id);
    if (!user) throw new AppError(404, "user_not_found");
    const now = new Date();
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, must_change_password: true, password_changed_at: now, updated_at: now })
      .where("id", "=", id)
      .execute();
    await authRepo.deleteUserSessions(trx, id);
    await authRepo.clearThrottle(trx, `u:${user.username.toLowerCase()}`);
    await audit.record(trx, ctx, { action: "user.reset_password", resourceType: "user", resourceId: id, details: { username: user.username } });
    return { temporaryPassword: temporary };
  });
}

export interface DepartmentView {
  id: string;
  parentId: string | null;
  code: string;
  nameJa: string;
  nameEn: string;
  active: boolean;
}

const departmentView = (d: repo.DepartmentRow): DepartmentView => ({
  id: d.id,
  parentId: d.parent_id,
  code: d.code,
  nameJa: d.name_ja,
  nameEn: d.name_en,
  active: d.active,
});

export async function listDepartments(db: Executor, ctx: RequestContext) {
  departmentPolicy.authorize(ctx.actor, "list", null);
  return (await repo.allDepartments(db)).map(departmentView);
}

export interface DepartmentInput {
  code: string;
  nameJa: string;
  nameEn: string;
  parentId?: string | null | undefined;
}

export async function createDepartment(db: Kysely<Database>, ctx: RequestContext, input: DepartmentInput, opts: { bootstrap?: boolean } = {}) {
  if (!opts.bootstrap) departmentPolicy.authorize(ctx.actor, "create", null);
  return db.transaction().execute(async (trx) => {
    if (await trx.selectFrom("departments").select("id").where("code", "=", input.code).executeTakeFirst()) throw conflict("department_code_taken");
    await ensureDepartment(trx, input.parentId);
    const now = new Date();
    const id = randomUUID();
    await trx
      .insertInto("departments")
      .values({ id, parent_id: input.parentId ?? null, code: input.code, name_ja: input.nameJa, name_en: input.nameEn, created_at: now, updated_at: now })
      .execute();
    await audit.record(trx, ctx, { action: "department.create", resourceType: "department", resourceId: id, details: { code: input.code, parentId: input.parentId ?? null } });
    return departmentView((await repo.findDepartment(trx, id)) as repo.DepartmentRow);
  });
}

export async function updateDepartment(db: Kysely<Database>, ctx: RequestContext, id: string, input: Partial<DepartmentInput> & { active?: boolean | undefined }) {
  departmentPolicy.authorize(ctx.actor, "update", null, { resourceId: id });
  return db.transaction().execute(async (trx) => {
    const before = await repo.findDepartment(trx, id);
    if (!before) throw new AppError(404, "department_not_found");
    if (input.code !== undefined && input.code !== before.code) {
      if (await trx.selectFrom("departments").select("id").where("code", "=", input.code).executeTakeFirst()) throw conflict("department_code_taken");
    }
    if (input.parentId !== undefined && input.parentId !== before.parent_id) {
      await ensureDepartment(trx, input.parentId);
      const all = (await repo.allDepartments(trx)).map((d) => ({ id: d.id, parentId: d.parent_id }));
      if (wouldCreateCycle(all, id, input.parentId)) throw invalid("department_cycle");
    }
    if (input.active === false && before.active) {
      const usage = await repo.departmentUsage(trx, id);
      if (usage.users > 0 || usage.children > 0) throw invalid("department_in_use");
    }
    const now = new Date();
    await trx
      .updateTable("departments")
      .set({
        updated_at: now,
        ...(input.code !== undefined ? { code: input.code } : {}),
        ...(input.nameJa !== undefined ? { name_ja: input.nameJa } : {}),
        ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
        ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      })
      .where("id", "=", id)
      .execute();
    await audit.record(trx, ctx, { action: "department.update", resourceType: "department", resourceId: id, details: { changes: input } });
    return departmentView((await repo.findDepartment(trx, id)) as repo.DepartmentRow);
  });
}

