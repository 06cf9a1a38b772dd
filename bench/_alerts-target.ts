/**
 * A server process for the alerts benchmark. `bare`: a bare Hono server-sent-events endpoint with
 * an in-memory fan-out (the baseline: the least any SSE fan-out can cost here). `mamoru`: Mamoru on
 * the engine given by the environment, with N supervisors of one department and an API token each.
 * Reports its port (and the tokens) to the parent over IPC.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { createToken } from "../src/server/auth/service.ts";
import { seedDemo } from "../src/server/demo/seed.ts";
import { openAndMigrate } from "../src/server/platform/bootstrap.ts";
import { loadConfig } from "../src/server/platform/config.ts";
import { cliContext } from "../src/server/platform/context.ts";
import { createApp } from "../src/server/platform/http/app.ts";
import { createLogger } from "../src/server/platform/logger.ts";

const kind = process.argv[2];
const supervisors = Number(process.argv[3] ?? 1000);
let fetchHandler: (req: Request) => Response | Promise<Response>;
let extra: Record<string, unknown> = {};

if (kind === "bare") {
  const app = new Hono();
  const subs = new Set<(data: string) => void>();
  app.get("/stream", (c) =>
    streamSSE(c, async (stream) => {
      const send = (data: string) => void stream.writeSSE({ event: "alert.raised", data }).catch(() => {});
      subs.add(send);
      await stream.writeSSE({ event: "ready", data: "{}" });
      await new Promise<void>((resolve) => stream.onAbort(() => resolve()));
      subs.delete(send);
    }),
  );
  app.post("/emit", async (c) => {
    const id = randomUUID();
    const data = JSON.stringify({ alertId: id, payload: { id } });
    for (const s of subs) s(data);
    return c.json({ id });
  });
  fetchHandler = app.fetch;
} else {
  const config = loadConfig({ ...process.env, MAMORU_LOG_LEVEL: "silent" });
  const handle = await openAndMigrate(config, "bench");
  const { db } = handle;
  await seedDemo(db, process.env.MAMORU_DEMO_PASSWORD);
  const dept = await db.selectFrom("departments").select("id").where("code", "=", "ku-koseki").executeTakeFirstOrThrow();
  const now = new Date();
  const ids: string[] = [];
  for (let i = 0; i < supervisors; i += 200) {
    const batch = Array.from({ length: Math.min(200, supervisors - i) }, (_, j) => ({ id: randomUUID(), n: i + j }));
    await db
      .insertInto("users")
      .values(batch.map((u) => ({ id: u.id, username: `bench-sup-${u.n}`, display_name: `試験 監督者${u.n}`, email: null, department_id: dept.id, password_hash: null, locale: "ja", created_at: now, updated_at: now })))
      .execute();
    await db
      .insertInto("user_roles")
      .values(batch.map((u) => ({ user_id: u.id, role: "supervisor", department_id: dept.id })))
      .execute();
    ids.push(...batch.map((u) => u.id));
  }
  const tokens: string[] = [];
  for (const id of ids) tokens.push((await createToken(db, cliContext(), "bench", id)).token);
  const staff = await db.selectFrom("users").select("id").where("username", "=", "staff").executeTakeFirstOrThrow();
  extra = { tokens, staffToken: (await createToken(db, cliContext(), "bench", staff.id)).token, engine: handle.engine };
  fetchHandler = createApp({ db, config, logger: createLogger("silent"), listenUrl: config.databaseUrl }).fetch;
}

const server = serve({ fetch: fetchHandler, port: 0, hostname: "127.0.0.1" }, () => {
  process.send?.({ port: (server.address() as AddressInfo).port, ...extra });
});
