import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { ROLES } from "../../domain/accounts/roles.ts";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import * as service from "./service.ts";

const RoleGrantSchema = z.strictObject({ role: z.enum(ROLES), departmentId: z.uuid().nullable().default(null) }).openapi("RoleGrant");

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    departmentId: z.string().nullable(),
    locale: z.enum(["ja", "en"]),
    active: z.boolean(),
    mustChangePassword: z.boolean(),
    roles: z.array(z.object({ role: z.enum(ROLES), departmentId: z.string().nullable() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("User");

const DepartmentSchema = z
  .object({ id: z.string(), parentId: z.string().nullable(), code: z.string(), nameJa: z.string(), nameEn: z.string(), active: z.boolean() })
  .openapi("Department");

const CreateUserBody = z.strictObject({
  username: z.string().min(2).max(64),
  displayName: z.string().trim().min(1).max(100),
  email: z.email().max(254).nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  locale: z.enum(["ja", "en"]).optional(),
  roles: z.array(RoleGrantSchema).max(50).default([]),
  password: z.string().min(1).max(1024).optional().openapi({ description: "Omit to generate a temporary password, returned once" }),
});

const UpdateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  email: z.email().max(254).nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  locale: z.enum(["ja", "en"]).optional(),
  roles: z.array(RoleGrantSchema).max(50).optional(),
  active: z.boolean().optional(),
});

const DepartmentBody = z.strictObject({
  code: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9._-]+$/),
  nameJa: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  parentId: z.uuid().nullable().optional(),
});

const ListUsersQuery = z.object({
  q: z.string().max(100).optional(),
  departmentId: z.uuid().optional(),
  role: z.enum(ROLES).optional(),
  includeInactive: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function accountRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({ method: "get", path: "/users", tags: ["accounts"], summary: "List users (administrators)", request: { query: ListUsersQuery }, responses: { 200: jsonOk(z.object({ total: z.number(), users: z.array(UserSchema) })), ...errorResponses } }),
    async (c) => {
      const q = c.req.valid("query");
      const result = await service.listUsers(db, requestContext(c), { q: q.q, departmentId: q.departmentId, role: q.role, includeInactive: q.includeInactive === "true" }, q.limit, q.offset);
      return c.json(result, 200);
    },
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/users",
      tags: ["accounts"],
      summary: "Create a user (administrators)",
      request: jsonBody(CreateUserBody),
      responses: { 201: jsonOk(z.object({ user: UserSchema, temporaryPassword: z.string().nullable() }), "Created"), ...errorResponses, 409: errorResponses[400] },
    }),
    async (c) => c.json(await service.createUser(db, requestContext(c), c.req.valid("json")), 201),
  );

  r.openapi(
    createRoute({ method: "get", path: "/users/{id}", tags: ["accounts"], summary: "One user", request: { params: IdParam }, responses: { 200: jsonOk(UserSchema), ...errorResponses } }),
    async (c) => c.json(await service.getUser(db, requestContext(c), c.req.valid("param").id), 200),
  );

  r.openapi(
    createRoute({
      method: "patch",
      path: "/users/{id}",
      tags: ["accounts"],
      summary: "Edit, assign roles, deactivate or reactivate a user (administrators)",
      request: { params: IdParam, ...jsonBody(UpdateUserBody) },
      responses: { 200: jsonOk(UserSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.updateUser(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/users/{id}/reset-password",
      tags: ["accounts"],
      summary: "Set a temporary password, shown once (administrators)",
      request: { params: IdParam },
      responses: { 200: jsonOk(z.object({ temporaryPassword: z.string() })), ...errorResponses },
    }),
    async (c) => c.json(await service.resetPassword(db, requestContext(c), c.req.valid("param").id), 200),
  );

  r.openapi(
    createRoute({ method: "get", path: "/departments", tags: ["accounts"], summary: "The department tree (flat list with parent ids)", responses: { 200: jsonOk(z.object({ departments: z.array(DepartmentSchema) })), ...errorResponses } }),
    async (c) => c.json({ departments: await service.listDepartments(db, requestContext(c)) }, 200),
  );

  r.openapi(
    createRoute({ method: "post", path: "/departments", tags: ["accounts"], summary: "Create a department (administrators)", request: jsonBody(DepartmentBody), responses: { 201: jsonOk(DepartmentSchema, "Created"), ...errorResponses } }),
    async (c) => c.json(await service.createDepartment(db, requestContext(c), c.req.valid("json")), 201),
  );

  r.openapi(
    createRoute({
      method: "patch",
      path: "/departments/{id}",
      tags: ["accounts"],
      summary: "Rename, move or deactivate a department (administrators)",
      request: { params: IdParam, ...jsonBody(DepartmentBody.partial().extend({ active: z.boolean().optional() })) },
      responses: { 200: jsonOk(DepartmentSchema), ...errorResponses },
    }),
    async (c) => c.json(await service.updateDepartment(db, requestContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  return r;
}
