/**
 * Two real server processes on one PostgreSQL database (as behind a load balancer): alerts raised
 * through either process reach the subscribers connected to either process exactly once, through
 * LISTEN/NOTIFY and the alert rows; the escalation job runs in both and moves an alert once.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { seedDemo } from "../demo/seed.ts";
import { ENGINES, createPostgresDatabase } from "../../../test/helpers/db.ts";
import { Client, TEST_PASSWORD, TEST_SECRET_KEY } from "../../../test/helpers/server.ts";
import { type SseStream, openSse } from "../../../test/helpers/sse.ts";
import { openPostgres } from "../platform/db/engine.ts";
import { migrateToLatest } from "../platform/db/migrate.ts";
import { live } from "./tables.ts";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function poll<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 100));
  }
}

async function startProcess(url: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", MAMORU_DEMO: "true", MAMORU_SECRET_KEY: TEST_SECRET_KEY, MAMORU_LOG_LEVEL: "warn", MAMORU_DATA_DIR: "/nonexistent" };
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], { env, stdio: ["ignore", "ignore", "pipe"] });
  const baseUrl = `http://127.0.0.1:${port}`;
  await poll(`server on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error("server exited");
    return (await fetch(`${baseUrl}/readyz`)).status === 200;
  });
  return { baseUrl, child };
}

for (const engine of ENGINES.filter((e) => e === "postgres")) {
  describe(`live assist across two server processes [${engine}]`, () => {
    let drop: () => Promise<void>;
    let url: string;
    const procs: Array<{ baseUrl: string; child: ChildProcess }> = [];

    before(async () => {
      const created = await createPostgresDatabase();
      drop = created.drop;
      url = created.url;
      const h = await openPostgres(url, { max: 2 });
      await migrateToLatest(h.db);
      await seedDemo(h.db, TEST_PASSWORD);
      await h.close();
      procs.push(await startProcess(url), await startProcess(url));
    });
    after(async () => {
      for (const p of procs) {
        if (p.child.exitCode === null) {
          const exited = new Promise((r) => p.child.once("exit", r));
          p.child.kill("SIGTERM");
          await exited;
        }
      }
      await drop?.();
    });

    test("every alert reaches every subscriber on both processes exactly once; a replay through the other process adds nothing; escalation happens once", async () => {
      const A = procs[0] as { baseUrl: string };
      const B = procs[1] as { baseUrl: string };
      const staffA = await new Client(A.baseUrl).login("staff");
      const staffB = new Client(B.baseUrl);
      Object.assign(staffB, { cookie: staffA.cookie, csrf: staffA.csrf }); // the same sign-in, served by the other process
      const central = await new Client(A.baseUrl).login("central");
      const boss = await new Client(B.baseUrl).login("supervisor");

      const streams: Array<{ name: string; s: SseStream }> = [];
      for (const [name, who, base] of [
        ["supervisor@A", boss, A.baseUrl],
        ["supervisor@B", boss, B.baseUrl],
        ["central@A", central, A.baseUrl],
        ["central@B", central, B.baseUrl],
      ] as const) {
        streams.push({ name, s: openSse(`${base}/api/live-assist/stream`, { cookie: who.cookie as string }) });
      }
      await Promise.all(streams.map((x) => x.s.ready));

      const session = (await staffA.post("/api/live-assist/sessions", { channel: "counter", place: "二重化試験" })).body;
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const via = i % 2 === 0 ? staffA : staffB;
        const r = await via.post(`/api/live-assist/sessions/${session.id}/alerts`, { id: `two-proc-alert-${i}`, kind: "emergency" });
        assert.equal(r.status, 201, r.text);
        ids.push(r.body.id);
      }
      // The same alert again through the other process: a replay, no new event.
      const replay = await staffB.post(`/api/live-assist/sessions/${session.id}/alerts`, { id: "two-proc-alert-0", kind: "emergency" });
      assert.equal(replay.status, 200);
      assert.equal(replay.body.id, ids[0]);

      for (const { name, s } of streams) {
        await poll(`${name} to receive all alerts`, async () => new Set(s.events.filter((e) => e.event === "alert.raised").map((e) => JSON.parse(e.data).alertId)).size === ids.length, 20_000);
      }
      // Give a duplicate every chance to show up: a later event must arrive after all of them.
      await staffA.post(`/api/live-assist/sessions/${session.id}/alerts`, { id: "two-proc-alert-last", kind: "emergency" });
      for (const { name, s } of streams) {
        await s.waitFor((e) => e.event === "alert.raised" && JSON.parse(e.data).payload.id !== undefined && !ids.includes(JSON.parse(e.data).alertId), 20_000);
        const raised = s.events.filter((e) => e.event === "alert.raised").map((e) => JSON.parse(e.data).alertId as string);
        for (const id of ids) assert.equal(raised.filter((x) => x === id).length, 1, `${name} received alert ${id} exactly once`);
        const seqs = s.events.filter((e) => e.id).map((e) => Number(e.id));
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `${name} received events in order`);
      }

      // Escalation: a backup alert nobody answers goes to central once, though both processes run the job.
      const put = await central.request("PUT", "/api/live-assist/settings", { departmentId: null, channel: "phone", thresholdSeconds: 600, needsApproval: [], escalateSeconds: 5 });
      assert.equal(put.status, 200, put.text);
      const phone = (await staffA.post("/api/live-assist/sessions", { channel: "phone" })).body;
      const backup = (await staffB.post(`/api/live-assist/sessions/${phone.id}/alerts`, { id: "two-proc-backup-1", kind: "backup" })).body;
      for (const { name, s } of streams.filter((x) => x.name.startsWith("central"))) {
        await s.waitFor((e) => e.event === "alert.escalated" && JSON.parse(e.data).alertId === backup.id, 30_000).catch((err) => {
          throw new Error(`${name}: ${(err as Error).message}`);
        });
      }
      const h = await openPostgres(url, { max: 1 });
      try {
        const row = await poll("the escalation to finish", async () => {
          const a = await live(h.db).selectFrom("live_alerts").selectAll().where("id", "=", backup.id).executeTakeFirstOrThrow();
          return a.escalate_at === null ? a : undefined;
        });
        assert.ok(row.escalated_at);
        const moves = await live(h.db).selectFrom("live_actions").select("action_id").where("session_id", "=", phone.id).where("type", "=", "escalate").execute();
        assert.equal(moves.length, 1, "escalated once");
      } finally {
        await h.close();
      }
      for (const { s } of streams) s.close();
    });
  });
}
