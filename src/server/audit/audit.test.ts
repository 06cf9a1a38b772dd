import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { verifyChain } from "./service.ts";

describeEachEngine("audit trail", (engine) => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer(engine);
  });
  after(async () => srv?.close());

  test("an admin's user creation appears for the auditor, filterable by action, without the password", async () => {
    const admin = await srv.as("admin");
    const created = await admin.post("/api/users", { username: "audited-user", displayName: "監査 対象", roles: [{ role: "staff" }], password: "a-secret-phrase-2026" });
    assert.equal(created.status, 201);
    const auditor = await srv.as("auditor");
    const list = await auditor.get("/api/audit?action=user.create&limit=50");
    assert.equal(list.status, 200);
    const row = list.body.rows.find((r: { resourceId: string }) => r.resourceId === created.body.user.id);
    assert.ok(row, "the creation is in the audit trail");
    assert.equal(row.actorUsername, "admin");
    assert.equal(row.outcome, "success");
    assert.ok(row.ip, "where it came from is recorded");
    const everything = JSON.stringify(await srv.database.db.selectFrom("audit_log").selectAll().execute());
    assert.ok(!everything.includes("a-secret-phrase-2026"), "no password in the audit trail");
  });

  test("reading the audit trail is itself audited", async () => {
    const auditor = await srv.as("auditor");
    await auditor.get("/api/audit?limit=5");
    const rows = await srv.database.db.selectFrom("audit_log").selectAll().where("action", "=", "audit.read").execute();
    assert.ok(rows.length > 0);
  });

  test("CSV export is UTF-8 with a BOM, Japanese headers, one line per row", async () => {
    const auditor = await srv.as("auditor");
    const res = await fetch(`${srv.baseUrl}/api/audit/export.csv?action=user.`, { headers: { cookie: auditor.cookie ?? "" } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    const lines = text.trim().split("\r\n");
    assert.match(lines[0] ?? "", /^番号,日時\(日本時間\),操作者,操作/);
    assert.ok(lines.slice(1).every((l) => /user\./.test(l)));
    assert.ok(lines.length >= 2);
  });

  test("the chain verifies, and an UPDATE made directly in the database is named by row", async () => {
    assert.equal((await verifyChain(srv.database.db)).ok, true);
    const auditor = await srv.as("auditor");
    assert.equal((await auditor.get("/api/audit/verify")).body.ok, true);
    const victim = await srv.database.db.selectFrom("audit_log").select("seq").where("action", "=", "user.create").orderBy("seq").executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET actor_username = 'somebody' WHERE seq = ${victim.seq}`.execute(srv.database.db);
    const result = await verifyChain(srv.database.db);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problem, { kind: "edited", seq: String(victim.seq) });
    const api = await auditor.get("/api/audit/verify");
    assert.equal(api.body.ok, false);
    assert.match(api.body.message, new RegExp(`番号 ${victim.seq} の行が改ざん`));
  });

  test("concurrent writers keep one unbroken chain", async () => {
    const fresh = await startTestServer(engine);
    try {
      const clients = await Promise.all(["central", "staff", "desk", "supervisor"].map((u) => fresh.as(u)));
      await Promise.all(clients.flatMap((c) => Array.from({ length: 10 }, () => c.patch("/api/me", { locale: "ja" }))));
      const result = await verifyChain(fresh.database.db);
      assert.equal(result.ok, true);
      const n = await fresh.database.db.selectFrom("audit_log").select(sql<string>`count(*)`.as("n")).where("action", "=", "user.set_locale").executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 40);
    } finally {
      await fresh.close();
    }
  });
});
