import { createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { Kysely } from "kysely";
import { APPROVABLE, EMERGENCY_GROUNDS, END_KINDS, LADDER_STEPS } from "../../domain/live-assist/ladder.ts";
import { SCRIPT_KEYS, SCRIPT_LANGUAGES } from "../../domain/live-assist/scripts.ts";
import { LIVE_CHANNELS } from "../../domain/live-assist/timing.ts";
import type { Database } from "../platform/db/schema.ts";
import type { ObjectStorage } from "../platform/storage/index.ts";
import { requestContext } from "../platform/http/env.ts";
import { AppError } from "../platform/http/errors.ts";
import { createRouter } from "../platform/http/router.ts";
import { IdParam, errorResponses, jsonBody, jsonOk } from "../platform/http/schemas.ts";
import { acknowledgeAlert, inbox, raiseAlert, startEscalationJob } from "./alerts.ts";
import { type FeedOptions, feedFor } from "./feed.ts";
import { liveCollectionPolicy } from "./policy.ts";
import { RECORDING_TYPES, appendChunk, attachSessionRecordings, finishRecording, startRecording } from "./recordings.ts";
import * as service from "./service.ts";
import * as settings from "./settings.ts";

const ACTION_ID = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/).openapi({ description: "Chosen by the client: the same id again is an idempotent replay" });
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;
const words = z.string().trim().max(1000).nullable().optional();
const conflict = { 409: errorResponses[400], 422: errorResponses[400] };
const Any = z.any();

const StartBody = z.strictObject({
  channel: z.enum(LIVE_CHANNELS),
  departmentId: z.uuid().optional(),
  place: z.string().trim().max(200).nullable().optional(),
  language: z.enum(SCRIPT_LANGUAGES).optional(),
  visit: z.strictObject({ companionId: z.uuid(), expectedReturnAt: z.iso.datetime({ offset: true }) }).optional().openapi({ description: "For a visit: the second staff member and the expected return" }),
});

const ActionBody = z.discriminatedUnion("type", [
  z.strictObject({ id: ACTION_ID, type: z.literal("step"), kind: z.enum(LADDER_STEPS), words }),
  z.strictObject({ id: ACTION_ID, type: z.literal("emergency"), ground: z.enum(EMERGENCY_GROUNDS), words }),
  z.strictObject({ id: ACTION_ID, type: z.literal("end"), kind: z.enum(END_KINDS), reason: z.string().trim().min(1).max(1000), words }),
  z.strictObject({ id: ACTION_ID, type: z.literal("count"), counter: z.enum(["same_demand", "explanation"]) }),
  z.strictObject({ id: ACTION_ID, type: z.literal("notice"), said: z.boolean() }),
]);

const DecisionBody = z.strictObject({ id: ACTION_ID, pendingId: z.string().min(1).max(100), decision: z.enum(["approve", "decline"]), note: z.string().trim().max(1000).nullable().optional() });
const AlertBody = z.strictObject({ id: ACTION_ID, kind: z.enum(["backup", "emergency"]), silent: z.boolean().optional() });
const AckBody = z.strictObject({ joining: z.boolean() });
const SettingBody = z.strictObject({
  departmentId: z.uuid().nullable(),
  channel: z.enum(LIVE_CHANNELS).nullable(),
  thresholdSeconds: z.number().int().min(10).max(86400),
  needsApproval: z.array(z.enum(APPROVABLE)).max(APPROVABLE.length),
  escalateSeconds: z.number().int().min(5).max(3600).optional(),
});
const ScriptParams = z.object({ key: z.enum(SCRIPT_KEYS).openapi({ param: { name: "key", in: "path" } }), lang: z.enum(SCRIPT_LANGUAGES).openapi({ param: { name: "lang", in: "path" } }) });
const ScopeParam = z.object({ scope: z.string().min(3).max(80).openapi({ param: { name: "scope", in: "path" } }) });

export function liveAssistRoutes(db: Kysely<Database>, opts: FeedOptions & { storage?: ObjectStorage } = {}) {
  const storage = opts.storage;
  const feed = feedFor(db, opts);
  startEscalationJob(db);
  const r = createRouter();
  const tags = ["live-assist"];

  r.openapi(createRoute({ method: "get", path: "/live-assist/config", tags, summary: "Channels, the caller's department (prefilled) and the script library for the live screen", responses: { 200: jsonOk(Any), ...errorResponses } }), async (c) =>
    c.json(await service.liveConfig(db, requestContext(c)), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/sessions",
      tags,
      summary: "Start a live session in one tap (send Idempotency-Key: a second tap returns the same session)",
      request: { headers: z.object({ "idempotency-key": z.string().optional() }), ...jsonBody(StartBody) },
      responses: { 201: jsonOk(Any, "Started"), 200: jsonOk(Any, "Replayed"), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const key = c.req.header("idempotency-key") ?? null;
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new AppError(400, "idempotency_key_invalid");
      const { replayed, session } = await service.startSession(db, requestContext(c), c.req.valid("json"), key);
      return c.json(session, replayed ? 200 : 201);
    },
  );

  r.openapi(createRoute({ method: "get", path: "/live-assist/sessions/current", tags, summary: "The caller's open session (a reload picks it up), or null", responses: { 200: jsonOk(Any), ...errorResponses } }), async (c) =>
    c.json(await service.currentSession(db, requestContext(c)), 200),
  );

  r.openapi(createRoute({ method: "get", path: "/live-assist/sessions/{id}", tags, summary: "One live session with its ladder, counters, alerts and elapsed time", request: { params: IdParam }, responses: { 200: jsonOk(Any), ...errorResponses } }), async (c) =>
    c.json(await service.getSession(db, requestContext(c), c.req.valid("param").id), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/sessions/{id}/actions",
      tags,
      summary: "A ladder step, the emergency bypass, an ending with its reason, a counter or the recording notice (idempotent by id)",
      request: { params: IdParam, ...jsonBody(ActionBody) },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const ctx = requestContext(c);
      const out = await service.act(db, ctx, c.req.valid("param").id, c.req.valid("json"));
      // The session's end made its incident: the recordings (finished or not) become its evidence.
      if (storage && out.session.incidentId) await attachSessionRecordings(db, storage, ctx, out.session.id);
      return c.json(out.session, 200);
    },
  );

  // ---- recording from the browser: start, numbered chunks while it records, finish --------------------
  const needStorage = () => {
    if (!storage) throw new AppError(503, "service_unavailable");
    return storage;
  };
  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/sessions/{id}/recordings",
      tags,
      summary: "Start an audio recording of the session (its own staff member)",
      request: { params: IdParam, ...jsonBody(z.strictObject({ mediaType: z.enum(RECORDING_TYPES) })) },
      responses: { 201: jsonOk(Any, "Started"), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await startRecording(db, requestContext(c), c.req.valid("param").id, c.req.valid("json").mediaType), 201),
  );
  r.openapi(
    createRoute({
      method: "put",
      path: "/live-assist/recordings/{id}/chunks/{seq}",
      tags,
      summary: "One chunk of the recording (raw bytes, application/octet-stream), numbered from 0 in order; the same chunk again is a no-op, a gap is 409",
      request: { params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }), seq: z.coerce.number().int().min(0).max(100000).openapi({ param: { name: "seq", in: "path" } }) }) },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { id, seq } = c.req.valid("param");
      const body = Buffer.from(await c.req.arrayBuffer());
      return c.json(await appendChunk(db, needStorage(), requestContext(c), id, seq, body), 200);
    },
  );
  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/recordings/{id}/finish",
      tags,
      summary: "Finish the recording: the chunks become one file with its SHA-256 (evidence of the session's incident)",
      request: { params: IdParam },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await finishRecording(db, needStorage(), requestContext(c), c.req.valid("param").id), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/sessions/{id}/decisions",
      tags,
      summary: "A supervisor approves or declines the step waiting for approval (idempotent by id)",
      request: { params: IdParam, ...jsonBody(DecisionBody) },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => c.json((await service.decide(db, requestContext(c), c.req.valid("param").id, c.req.valid("json"))).session, 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/sessions/{id}/alerts",
      tags,
      summary: "応援要請 (backup) or 緊急通報 (emergency, optionally silent) to the supervisors (idempotent by id)",
      request: { params: IdParam, ...jsonBody(AlertBody) },
      responses: { 201: jsonOk(Any, "Raised"), 200: jsonOk(Any, "Replayed"), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { replayed, alert } = await raiseAlert(db, requestContext(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json(alert, replayed ? 200 : 201);
    },
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/alerts/{id}/acknowledge",
      tags,
      summary: "Acknowledge an alert and say whether you are coming",
      request: { params: IdParam, ...jsonBody(AckBody) },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await acknowledgeAlert(db, requestContext(c), c.req.valid("param").id, c.req.valid("json").joining), 200),
  );

  r.openapi(
    createRoute({
      method: "post",
      path: "/live-assist/sessions/{id}/check-ins",
      tags,
      summary: "Visit check-in: arrived, or back (closes an overdue alert); either of the pair; a repeat is a no-op",
      request: { params: IdParam, ...jsonBody(z.strictObject({ kind: z.enum(["arrived", "returned"]) })) },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await service.checkIn(db, requestContext(c), c.req.valid("param").id, c.req.valid("json").kind), 200),
  );

  r.openapi(createRoute({ method: "get", path: "/live-assist/colleagues", tags, summary: "Staff of the caller's department (to pick the second person for a visit)", responses: { 200: jsonOk(Any), ...errorResponses } }), async (c) =>
    c.json(await service.colleagues(db, requestContext(c)), 200),
  );

  r.openapi(createRoute({ method: "get", path: "/live-assist/inbox", tags, summary: "Open alerts sent to the caller and steps waiting for their approval", responses: { 200: jsonOk(Any), ...errorResponses } }), async (c) =>
    c.json(await inbox(db, requestContext(c)), 200),
  );

  r.openapi(
    createRoute({
      method: "get",
      path: "/live-assist/stream",
      tags,
      summary: "Server-sent events for the caller (alerts, approvals). Send Last-Event-ID to catch up; once=1 closes after the catch-up",
      request: { query: z.object({ once: z.enum(["0", "1"]).optional(), after: z.string().regex(/^\d{1,18}$/).optional() }) },
      responses: { 200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const actor = liveCollectionPolicy.authorize(c.get("actor"), "stream", null);
      const { once, after } = c.req.valid("query");
      const lastId = c.req.header("last-event-id") ?? after;
      const from = lastId && /^\d{1,18}$/.test(lastId) ? BigInt(lastId) : null;
      c.header("x-accel-buffering", "no");
      const stillSignedIn = c.get("stillSignedIn");
      return streamSSE(c, async (stream) => {
        let closed = false;
        let written: Promise<void> = Promise.resolve(); // writes in order, nothing kept once written
        let stop: () => void = () => {};
        const stopped = new Promise<void>((resolve) => {
          stop = resolve;
        });
        // Before anything is written, the credential is checked again: after sign-out, a password
        // reset or deactivation the stream ends at its next event or ping, and nothing more is sent.
        const deliver = (write: () => Promise<unknown>) => {
          written = written
            .then(async () => {
              if (closed) return;
              if (!(await stillSignedIn())) {
                closed = true;
                stop();
                return;
              }
              await write();
            })
            .catch(() => {});
        };
        const unsubscribe = await feed.subscribe(actor.userId, once === "1" ? (from ?? 0n) : from, (e) => deliver(() => stream.writeSSE({ id: e.seq, event: e.kind, data: e.json })));
        await stream.writeSSE({ event: "ready", data: JSON.stringify({ userId: actor.userId }), retry: 2000 });
        if (once === "1") {
          unsubscribe();
          await written;
          closed = true;
          return;
        }
        const ping = setInterval(() => deliver(() => stream.write(": ping\n\n")), 15_000);
        stream.onAbort(() => stop());
        await stopped;
        closed = true;
        clearInterval(ping);
        unsubscribe();
        await written;
      });
    },
  );

  // ---- central: thresholds, approval steps and the script library ----------------------------------
  r.openapi(createRoute({ method: "get", path: "/live-assist/settings", tags, summary: "Thresholds, escalation times and approval steps per department and channel (central)", responses: { 200: jsonOk(Any), ...errorResponses } }), async (c) =>
    c.json(await settings.getSettings(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({ method: "put", path: "/live-assist/settings", tags, summary: "Set the threshold and approval steps for a department and channel (null: every one)", request: jsonBody(SettingBody), responses: { 200: jsonOk(Any), ...errorResponses, ...conflict } }),
    async (c) => c.json(await settings.putSetting(db, requestContext(c), c.req.valid("json")), 200),
  );
  r.openapi(
    createRoute({ method: "delete", path: "/live-assist/settings/{scope}", tags, summary: "Remove a setting (the next more general one applies)", request: { params: ScopeParam }, responses: { 200: jsonOk(Any), ...errorResponses, ...conflict } }),
    async (c) => c.json(await settings.deleteSetting(db, requestContext(c), c.req.valid("param").scope), 200),
  );
  r.openapi(createRoute({ method: "get", path: "/live-assist/scripts", tags, summary: "The script library (defaults and central's changes) in ja, en and やさしい日本語", responses: { 200: jsonOk(Any), ...errorResponses } }), async (c) =>
    c.json(await settings.getScripts(db, requestContext(c)), 200),
  );
  r.openapi(
    createRoute({
      method: "put",
      path: "/live-assist/scripts/{key}/{lang}",
      tags,
      summary: "Central replaces one line (empty text restores the default; a false excuse is refused)",
      request: { params: ScriptParams, ...jsonBody(z.strictObject({ text: z.string().max(2000) })) },
      responses: { 200: jsonOk(Any), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { key, lang } = c.req.valid("param");
      return c.json(await settings.putScript(db, requestContext(c), key, lang, c.req.valid("json").text), 200);
    },
  );

  return r;
}
