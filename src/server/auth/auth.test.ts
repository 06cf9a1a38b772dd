import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { TEST_PASSWORD, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

describeEachEngine("accounts and sessions over HTTP", (engine) => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer(engine);
  });
  after(async () => srv?.close());

  test("admin signs in with the demo password and /api/me shows the admin role", async () => {
    const c = await srv.as("admin");
    const me = await c.get("/api/me");
    assert.equal(me.status, 200);
    assert.equal(me.body.user.username, "admin");
    assert.deepEqual(
      me.body.user.roles.map((r: { role: string }) => r.role),
      ["admin"],
    );
    assert.ok(me.body.csrfToken, "CSRF token is handed to the web app");
  });

  test("the session cookie is HttpOnly and SameSite=Lax, and Secure behind TLS", async () => {
    const r = await srv.client().post("/api/auth/login", { username: "staff", password: TEST_PASSWORD });
    const cookie = r.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, "plain HTTP on localhost: no Secure flag");
    const behindTls = await startTestServer(engine, { MAMORU_TRUST_PROXY: "1" });
    try {
      const r2 = await behindTls.client().post("/api/auth/login", { username: "staff", password: TEST_PASSWORD }, { "x-forwarded-proto": "https" });
      assert.match(r2.headers.get("set-cookie") ?? "", /Secure/);
    } finally {
      await behindTls.close();
    }
  });

  test("wrong password and unknown user get the same message, in Japanese by default and English on request", async () => {
    const c = srv.client();
    const a = await c.post("/api/auth/login", { username: "central", password: "not-the-password" });
    const b = await c.post("/api/auth/login", { username: "nobody-here", password: "not-the-password" });
    assert.equal(a.status, 401);
    assert.equal(b.status, 401);
    assert.equal(a.body.error.message, b.body.error.message);
    assert.equal(a.body.error.message, "ユーザー名またはパスワードが正しくありません。");
    c.lang = "en-US,en;q=0.9";
    const e = await c.post("/api/auth/login", { username: "central", password: "nope" });
    assert.equal(e.body.error.message, "The username or password is incorrect.");
  });

  test("five failures lock the account with a clear message, even for the right password, until the lock ends", async () => {
    const c = srv.client();
    for (let i = 0; i < 4; i++) assert.equal((await c.post("/api/auth/login", { username: "staff2", password: "wrong-password-x" })).status, 401);
    const fifth = await c.post("/api/auth/login", { username: "staff2", password: "wrong-password-x" });
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body.error.code, "account_locked");
    assert.match(fifth.body.error.message, /一時的にロック/);
    const right = await c.post("/api/auth/login", { username: "staff2", password: TEST_PASSWORD });
    assert.equal(right.status, 429, "the right password does not bypass the lock");
    // the lock ends (simulate the 15 minutes passing)
    await sql`UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE key = 'u:staff2'`.execute(srv.database.db);
    const later = await c.post("/api/auth/login", { username: "staff2", password: TEST_PASSWORD });
    assert.equal(later.status, 200);
  });

  test("state-changing requests with the session cookie need the CSRF token and a same-origin Origin", async () => {
    const c = await srv.as("staff");
    const noToken = await c.request("PATCH", "/api/me", { locale: "en" }, { "x-csrf-token": "" });
    assert.equal(noToken.status, 403);
    assert.equal(noToken.body.error.code, "csrf_failed");
    const wrong = await c.request("PATCH", "/api/me", { locale: "en" }, { "x-csrf-token": "forged" });
    assert.equal(wrong.status, 403);
    const crossSite = await c.request("PATCH", "/api/me", { locale: "en" }, { origin: "https://evil.example" });
    assert.equal(crossSite.status, 403);
    const ok = await c.patch("/api/me", { locale: "en" });
    assert.equal(ok.status, 200);
    assert.equal((await c.get("/api/me")).body.user.locale, "en");
  });

  test("an idle session expires with a message that says so; logout ends the session", async () => {
    const c = await srv.as("desk");
    await sql`UPDATE sessions SET last_seen_at = now() - interval '2 hours'`.execute(srv.database.db);
    const r = await c.get("/api/me");
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, "session_expired");
    await c.login("desk");
    assert.equal((await c.post("/api/auth/logout")).status, 200);
    assert.equal((await c.get("/api/me")).status, 401);
  });

  test("a session past its absolute lifetime expires even when active", async () => {
    const c = await srv.as("auditor");
    await sql`UPDATE sessions SET absolute_expires_at = now() - interval '1 second'`.execute(srv.database.db);
    assert.equal((await c.get("/api/me")).body.error.code, "session_expired");
  });

  test("password change enforces the policy, keeps this session and ends the others", async () => {
    const admin = await srv.as("admin");
    const created = await admin.post("/api/users", { username: "pwtest", displayName: "パスワード 試験", roles: [{ role: "staff" }], password: "initial-secret-2026" });
    assert.equal(created.status, 201);
    const a = await srv.client().login("pwtest", "initial-secret-2026");
    const other = await srv.client().login("pwtest", "initial-secret-2026");
    const short = await a.post("/api/auth/password", { currentPassword: "initial-secret-2026", newPassword: "short" });
    assert.equal(short.status, 422);
    assert.equal(short.body.error.code, "password_too_short");
    const withName = await a.post("/api/auth/password", { currentPassword: "initial-secret-2026", newPassword: "my-pwtest-password" });
    assert.equal(withName.body.error.code, "password_contains_username");
    const wrongCurrent = await a.post("/api/auth/password", { currentPassword: "nope", newPassword: "a-much-better-passphrase" });
    assert.equal(wrongCurrent.body.error.code, "wrong_current_password");
    const ok = await a.post("/api/auth/password", { currentPassword: "initial-secret-2026", newPassword: "a-much-better-passphrase" });
    assert.equal(ok.status, 200);
    assert.equal((await a.get("/api/me")).status, 200, "this session continues");
    assert.equal((await other.get("/api/me")).status, 401, "other sessions are signed out");
    await srv.client().login("pwtest", "a-much-better-passphrase");
  });

  test("a reset password must be changed before anything else works", async () => {
    const admin = await srv.as("admin");
    const created = await admin.post("/api/users", { username: "resetme", displayName: "再設定 試験", roles: [{ role: "staff" }] });
    assert.equal(created.status, 201);
    const temp = created.body.temporaryPassword as string;
    assert.match(temp, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const u = await srv.client().login("resetme", temp);
    assert.equal((await u.get("/api/me")).body.mustChangePassword, true);
    const blocked = await u.get("/api/departments");
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.error.code, "password_change_required");
    assert.equal((await u.post("/api/auth/password", { currentPassword: temp, newPassword: "chosen-by-the-user-1" })).status, 200);
    assert.equal((await u.get("/api/departments")).status, 200);
  });

  test("personal API tokens: shown once, hashed at rest, work as Bearer, and stop working when revoked", async () => {
    const c = await srv.as("central");
    const created = await c.post("/api/tokens", { name: "集計スクリプト" });
    assert.equal(created.status, 201);
    const secret = created.body.token as string;
    assert.match(secret, /^mamoru_/);
    const stored = await srv.database.db.selectFrom("api_tokens").selectAll().where("id", "=", created.body.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, secret);
    assert.ok(!JSON.stringify(stored).includes(secret), "the secret is not stored");
    const listed = await c.get("/api/tokens");
    assert.ok(!listed.text.includes(secret), "the list never shows the secret");
    const bearer = srv.client();
    bearer.bearer = secret;
    assert.equal((await bearer.get("/api/me")).body.user.username, "central");
    assert.equal((await bearer.patch("/api/me", { locale: "ja" })).status, 200, "Bearer requests need no CSRF token");
    assert.equal((await c.delete(`/api/tokens/${created.body.id}`)).status, 200);
    const revoked = await bearer.get("/api/me");
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.error.code, "token_invalid");
  });

  test("someone else's token id is not found, not forbidden", async () => {
    const central = await srv.as("central");
    const t = await central.post("/api/tokens", { name: "x" });
    const staff = await srv.as("staff");
    assert.equal((await staff.delete(`/api/tokens/${t.body.id}`)).status, 404);
  });
});
