import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { describeEachEngine } from "../../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../../test/helpers/server.ts";

describeEachEngine("bad input gets a clear 4xx and changes nothing", (engine) => {
  let srv: TestServer;
  let admin: Client;
  const counts = async () => {
    const u = await sql<{ n: string }>`SELECT count(*) AS n FROM users`.execute(srv.database.db);
    const a = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'user.%'`.execute(srv.database.db);
    return { users: Number(u.rows[0]?.n), audit: Number(a.rows[0]?.n) };
  };
  before(async () => {
    srv = await startTestServer(engine);
    admin = await srv.as("admin");
  });
  after(async () => srv?.close());

  test("malformed JSON", async () => {
    const before = await counts();
    const r = await admin.request("POST", "/api/users", '{"username": "x", ');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "invalid_json");
    assert.equal(r.body.error.message, "リクエストの本文が正しいJSONではありません。");
    assert.deepEqual(await counts(), before);
  });

  test("unknown fields are refused by name", async () => {
    const r = await admin.post("/api/users", { username: "extra-field", displayName: "x", roles: [], isRoot: true });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "unknown_field");
    assert.match(r.body.error.message, /isRoot/);
  });

  test("wrong types name the field, in the user's language", async () => {
    admin.lang = "en";
    await admin.patch("/api/me", { locale: "en" });
    const r = await admin.post("/api/users", { username: 42, displayName: "x", roles: "admin" });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "validation_failed");
    assert.match(r.body.error.message, /username/);
    assert.match(r.body.error.message, /roles/);
    assert.match(r.body.error.message, /^Some input is not valid/);
    await admin.patch("/api/me", { locale: "ja" });
    admin.lang = null;
  });

  test("oversized bodies are refused before they are read whole", async () => {
    const r = await admin.post("/api/users", { username: "big", displayName: "x".repeat(2 * 1024 * 1024), roles: [] });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, "body_too_large");
  });

  test("a non-JSON content type is refused", async () => {
    const r = await admin.request("POST", "/api/users", "username=x", { "content-type": "application/x-www-form-urlencoded" });
    assert.equal(r.status, 415);
    assert.equal(r.body.error.code, "unsupported_media_type");
  });

  test("a malformed id is a 400, a well-formed unknown id a 404", async () => {
    assert.equal((await admin.get("/api/users/not-a-uuid")).status, 400);
    const r = await admin.get("/api/users/00000000-0000-4000-8000-000000000000");
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, "user_not_found");
  });

  test("a user with an unknown department is not half-created", async () => {
    const before = await counts();
    const r = await admin.post("/api/users", { username: "orphan", displayName: "所属 なし", departmentId: "00000000-0000-4000-8000-000000000000", roles: [{ role: "staff" }] });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "department_not_found");
    assert.deepEqual(await counts(), before);
    assert.equal((await srv.database.db.selectFrom("users").select("id").where("username", "=", "orphan").execute()).length, 0);
  });

  test("a supervisor grant without a department is refused", async () => {
    const r = await admin.post("/api/users", { username: "sup-nodept", displayName: "x", roles: [{ role: "supervisor" }] });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "supervisor_needs_department");
  });

  test("unknown API paths are a JSON 404, never the web app", async () => {
    const r = await admin.get("/api/no-such-thing");
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, "not_found");
  });

  test("/healthz and /readyz", async () => {
    const c = srv.client();
    assert.equal((await c.get("/healthz")).body.status, "ok");
    assert.equal((await c.get("/readyz")).body.status, "ready");
  });

  test("every response carries a request id, and an incoming one is kept", async () => {
    const r = await srv.client().get("/healthz", { "x-request-id": "trace-abc-12345" });
    assert.equal(r.headers.get("x-request-id"), "trace-abc-12345");
    const r2 = await srv.client().get("/healthz", { "x-request-id": "bad id with spaces" });
    assert.notEqual(r2.headers.get("x-request-id"), "bad id with spaces");
  });

  test("security headers forbid framing and external sources", async () => {
    const r = await srv.client().get("/healthz");
    const csp = r.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
  });
});
