import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import type { EngineName } from "../../src/server/platform/db/engine.ts";
import { loadConfig } from "../../src/server/platform/config.ts";
import { createApp } from "../../src/server/platform/http/app.ts";
import { createLogger } from "../../src/server/platform/logger.ts";
import { seedDemo } from "../../src/server/demo/seed.ts";
import { type TestDatabase, openTestDatabase } from "./db.ts";

export const TEST_PASSWORD = "test-demo-password-2026";
/** A fixed encryption key for test servers (their data directory does not exist, so demo mode cannot create one). */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString("base64");

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** An HTTP client that keeps a session cookie and sends the CSRF token like the web app does. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  lang: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    const isForm = body instanceof FormData; // multipart (attachments): fetch sets the boundary
    if (body !== undefined && !isForm && !h["content-type"]) h["content-type"] = "application/json";
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== "GET" && !("x-csrf-token" in h)) h["x-csrf-token"] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.lang) h["accept-language"] = this.lang;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" || isForm ? (body as string | FormData) : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const m = /mamoru_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `mamoru_session=${m[1]}` : null;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>("GET", path, undefined, headers);
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>("POST", path, body ?? {}, headers);
  patch = <T = any>(path: string, body?: unknown) => this.request<T>("PATCH", path, body ?? {});
  delete = <T = any>(path: string) => this.request<T>("DELETE", path);

  async login(username: string, password = TEST_PASSWORD): Promise<this> {
    const r = await this.post("/api/auth/login", { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    this.csrf = r.body.csrfToken;
    return this;
  }
}

export interface TestServer {
  engine: EngineName;
  database: TestDatabase;
  baseUrl: string;
  server: ServerType;
  client(): Client;
  as(username: string): Promise<Client>;
  close(): Promise<void>;
}

/** A real HTTP server on a free port over a fresh database, with the demo organisation seeded. */
export async function startTestServer(engine: EngineName, env: Record<string, string> = {}): Promise<TestServer> {
  const database = await openTestDatabase(engine);
  await seedDemo(database.db, TEST_PASSWORD);
  // Evidence files go to a fresh directory of this server (tests may pass their own MAMORU_EVIDENCE_DIR).
  const evidenceDir = env.MAMORU_EVIDENCE_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-evidence-"));
  const config = loadConfig({ MAMORU_LOG_LEVEL: "silent", MAMORU_DATA_DIR: "/nonexistent", MAMORU_SECRET_KEY: TEST_SECRET_KEY, ...(evidenceDir ? { MAMORU_EVIDENCE_DIR: evidenceDir } : {}), ...env });
  const app = createApp({ db: database.db, config, logger: createLogger("silent"), listenUrl: database.url });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    engine,
    database,
    baseUrl,
    server,
    client: () => new Client(baseUrl),
    as: (username: string) => new Client(baseUrl).login(username),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      if (evidenceDir) fs.rmSync(evidenceDir, { recursive: true, force: true });
    },
  };
}
