/**
 * A server process for the HTTP benchmark: either a bare Hono hello-world (the baseline) or Mamoru
 * itself on a given engine. Reports its port to the parent over IPC.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { seedDemo } from "../src/server/demo/seed.ts";
import { openAndMigrate } from "../src/server/platform/bootstrap.ts";
import { loadConfig } from "../src/server/platform/config.ts";
import { createApp } from "../src/server/platform/http/app.ts";
import { createLogger } from "../src/server/platform/logger.ts";

const kind = process.argv[2];
let fetchHandler: (req: Request) => Response | Promise<Response>;

if (kind === "bare") {
  const app = new Hono();
  app.get("/hello", (c) => c.json({ hello: "world" }));
  app.post("/hello", async (c) => c.json({ got: Object.keys(await c.req.json()).length }));
  fetchHandler = app.fetch;
} else {
  const config = loadConfig({ ...process.env, MAMORU_LOG_LEVEL: "silent" });
  const handle = await openAndMigrate(config, "bench");
  await seedDemo(handle.db, process.env.MAMORU_DEMO_PASSWORD);
  fetchHandler = createApp({ db: handle.db, config, logger: createLogger("silent") }).fetch;
}

const server = serve({ fetch: fetchHandler, port: 0, hostname: "127.0.0.1" }, () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
