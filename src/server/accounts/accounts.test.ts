import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, TEST_PASSWORD, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

describeEachEngine("accounts and departments", (engine) => {
  let srv: TestServer;
  let admin: Client;
  const dept = async (code: string) => (await srv.database.db.selectFrom("departments").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  before(async () => {
    srv = await startTestServer(engine);
    admin = await srv.as("admin");
  });
  after(async () => srv?.close());

  test("the demo organisation has the Sendai-like departments as a tree and one user per role", async () => {
    const r = await admin.get("/api/departments");
    const names = r.body.departments.map((d: { nameJa: string }) => d.nameJa);
    for (const n of ["総務局行政経営課", "市民局広聴課", "中央区役所戸籍住民課", "健康福祉局保護課(福祉事務所)", "財政局税務部", "教育局"]) assert.ok(names.includes(n), n);
    const users = await admin.get("/api/users?limit=200");
    const byName = new Map(users.body.users.map((u: { username: string; roles: { role: string }[] }) => [u.username, u.roles.map((x) => x.role)]));
    assert.deepEqual(byName.get("admin"), ["admin"]);
    assert.deepEqual(byName.get("central"), ["central"]);
    assert.ok((byName.get("supervisor") as string[]).includes("supervisor"));
    assert.deepEqual(byName.get("staff"), ["staff"]);
    assert.deepEqual(byName.get("desk"), ["desk"]);
    assert.deepEqual(byName.get("auditor"), ["auditor"]);
  });

  test("a supervisor's scope covers the sub-departments of the department they supervise", async () => {
    const parent = await dept("zaisei-zeimu");
    const child = await dept("zaisei-zeimu-shiminzei");
    const created = await admin.post("/api/users", { username: "tax-head", displayName: "税務 部長", departmentId: parent, roles: [{ role: "supervisor", departmentId: parent }], password: "supervises-taxes-2026" });
    assert.equal(created.status, 201);
    const { loadActor } = await import("./service.ts");
    const { findUserByUsername } = await import("./repo.ts");
    const actor = await loadActor(srv.database.db, (await findUserByUsername(srv.database.db, "tax-head"))!, "session");
    assert.ok(actor.supervisedDepartmentIds.has(parent));
    assert.ok(actor.supervisedDepartmentIds.has(child));
    assert.ok(!actor.supervisedDepartmentIds.has(await dept("ku-koseki")));
  });

  test("reading staff accounts is audited without writing names into the trail", async () => {
    await admin.get("/api/users?q=泉");
    const row = await srv.database.db.selectFrom("audit_log").selectAll().where("action", "=", "user.list").orderBy("seq", "desc").executeTakeFirstOrThrow();
    assert.equal(row.actor_username, "admin");
    assert.equal(row.details.searched, true);
    assert.ok(!JSON.stringify(row.details).includes("泉"), "the search term (a name) is not kept");
  });

  test("usernames are unique regardless of case", async () => {
    const r = await admin.post("/api/users", { username: "STAFF", displayName: "重複", roles: [] });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, "username_taken");
  });

  test("deactivating a user signs them out and revokes their tokens; they cannot sign in", async () => {
    const created = await admin.post("/api/users", { username: "leaver", displayName: "退職 予定", roles: [{ role: "staff" }], password: "moving-on-in-spring-2026" });
    const leaver = await srv.client().login("leaver", "moving-on-in-spring-2026");
    const token = (await leaver.post("/api/tokens", { name: "t" })).body.token;
    const r = await admin.patch(`/api/users/${created.body.user.id}`, { active: false });
    assert.equal(r.status, 200);
    assert.equal(r.body.active, false);
    assert.equal((await leaver.get("/api/me")).status, 401);
    const b = srv.client();
    b.bearer = token;
    assert.equal((await b.get("/api/me")).status, 401);
    const again = await srv.client().post("/api/auth/login", { username: "leaver", password: "moving-on-in-spring-2026" });
    assert.equal(again.status, 403);
    assert.equal(again.body.error.code, "account_inactive");
  });

  test("the last administrator cannot lose the role or be deactivated, and nobody deactivates themselves", async () => {
    const me = (await admin.get("/api/me")).body.user;
    const r = await admin.patch(`/api/users/${me.id}`, { roles: [{ role: "staff" }] });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "last_admin");
    const self = await admin.patch(`/api/users/${me.id}`, { active: false });
    assert.equal(self.body.error.code, "cannot_deactivate_self");
  });

  test("admin resets a password: the old one stops working, the temporary one must be changed", async () => {
    const staff2 = (await admin.get("/api/users?q=staff2")).body.users[0];
    const r = await admin.post(`/api/users/${staff2.id}/reset-password`);
    assert.equal(r.status, 200);
    assert.equal((await srv.client().post("/api/auth/login", { username: "staff2", password: TEST_PASSWORD })).status, 401);
    const c = await srv.client().login("staff2", r.body.temporaryPassword);
    assert.equal((await c.get("/api/me")).body.mustChangePassword, true);
  });

  test("departments: create under a parent, rename, refuse a cycle, refuse deactivating one in use", async () => {
    const parent = await dept("kyoiku");
    const created = await admin.post("/api/departments", { code: "kyoiku-test", nameJa: "教育局試験課", nameEn: "Test Division", parentId: parent });
    assert.equal(created.status, 201);
    const renamed = await admin.patch(`/api/departments/${created.body.id}`, { nameJa: "教育局教職員課" });
    assert.equal(renamed.body.nameJa, "教育局教職員課");
    const cycle = await admin.patch(`/api/departments/${parent}`, { parentId: created.body.id });
    assert.equal(cycle.status, 422);
    assert.equal(cycle.body.error.code, "department_cycle");
    const inUse = await admin.patch(`/api/departments/${await dept("ku-koseki")}`, { active: false });
    assert.equal(inUse.body.error.code, "department_in_use");
    const dup = await admin.post("/api/departments", { code: "kyoiku-test", nameJa: "重複", nameEn: "dup" });
    assert.equal(dup.status, 409);
    const off = await admin.patch(`/api/departments/${created.body.id}`, { active: false });
    assert.equal(off.body.active, false);
  });
});
