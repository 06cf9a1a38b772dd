import type { Client } from "./server.ts";

/**
 * The authorization-matrix rows of live assist (src/server/platform/http/authz-matrix.test.ts
 * spreads them in). The session and alert belong to `staff` in the supervisor's department.
 */
type Role = "anonymous" | "staff" | "supervisor" | "desk" | "central" | "admin" | "auditor";
interface LiveRow {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  allowed: Role[];
  url: () => string;
  body?: (f: unknown, as: Role) => unknown;
}

const fx = { sessionId: "00000000-0000-4000-8000-000000000000", alertId: "00000000-0000-4000-8000-000000000000", recordingId: "00000000-0000-4000-8000-000000000000" };
let n = 0;

export async function liveAssistFixture(staff: Client) {
  const s = await staff.post("/api/live-assist/sessions", { channel: "counter", place: "行列試験" });
  if (s.status !== 201) throw new Error(`live fixture: ${s.status} ${s.text}`);
  fx.sessionId = s.body.id;
  const a = await staff.post(`/api/live-assist/sessions/${fx.sessionId}/alerts`, { id: "matrix-alert-0001", kind: "backup" });
  fx.alertId = a.body.id;
  const r = await staff.post(`/api/live-assist/sessions/${fx.sessionId}/recordings`, { mediaType: "audio/webm" });
  if (r.status !== 201) throw new Error(`live fixture recording: ${r.status} ${r.text}`);
  fx.recordingId = r.body.id;
}

const CASE: Role[] = ["staff", "supervisor", "central"];
export const LIVE_ASSIST_ROWS: LiveRow[] = [
  { method: "GET", path: "/api/live-assist/config", allowed: CASE, url: () => "/api/live-assist/config" },
  // starting needs the staff role (the demo supervisor holds it too); central does not respond at a counter
  { method: "POST", path: "/api/live-assist/sessions", allowed: ["staff", "supervisor"], url: () => "/api/live-assist/sessions", body: () => ({ channel: "phone" }) },
  { method: "GET", path: "/api/live-assist/sessions/current", allowed: CASE, url: () => "/api/live-assist/sessions/current" },
  { method: "GET", path: "/api/live-assist/sessions/{id}", allowed: CASE, url: () => `/api/live-assist/sessions/${fx.sessionId}` },
  // only the responding staff member moves the ladder or raises alerts on their session
  { method: "POST", path: "/api/live-assist/sessions/{id}/actions", allowed: ["staff"], url: () => `/api/live-assist/sessions/${fx.sessionId}/actions`, body: (_f, as) => ({ id: `matrix-${as}-${++n}-count`, type: "count", counter: "same_demand" }) },
  { method: "POST", path: "/api/live-assist/sessions/{id}/alerts", allowed: ["staff"], url: () => `/api/live-assist/sessions/${fx.sessionId}/alerts`, body: (_f, as) => ({ id: `matrix-${as}-${++n}-alert`, kind: "backup" }) },
  // the department's supervisor and central decide (nothing waits here: 409, which is not a refusal); never the staff member themselves
  { method: "POST", path: "/api/live-assist/sessions/{id}/decisions", allowed: ["supervisor", "central"], url: () => `/api/live-assist/sessions/${fx.sessionId}/decisions`, body: (_f, as) => ({ id: `matrix-${as}-${++n}-dec`, pendingId: "none", decision: "approve" }) },
  { method: "POST", path: "/api/live-assist/alerts/{id}/acknowledge", allowed: ["supervisor", "central"], url: () => `/api/live-assist/alerts/${fx.alertId}/acknowledge`, body: () => ({ joining: true }) },
  // recording: only the responding staff member (a gap is 409 and an empty finish 422 — not refusals)
  { method: "POST", path: "/api/live-assist/sessions/{id}/recordings", allowed: ["staff"], url: () => `/api/live-assist/sessions/${fx.sessionId}/recordings`, body: () => ({ mediaType: "audio/ogg" }) },
  { method: "PUT", path: "/api/live-assist/recordings/{id}/chunks/{seq}", allowed: ["staff"], url: () => `/api/live-assist/recordings/${fx.recordingId}/chunks/999`, body: () => ({ bytes: "not audio" }) },
  { method: "POST", path: "/api/live-assist/recordings/{id}/finish", allowed: ["staff"], url: () => `/api/live-assist/recordings/${fx.recordingId}/finish` },
  { method: "POST", path: "/api/live-assist/sessions/{id}/check-ins", allowed: ["staff"], url: () => `/api/live-assist/sessions/${fx.sessionId}/check-ins`, body: () => ({ kind: "arrived" }) },
  { method: "GET", path: "/api/live-assist/colleagues", allowed: ["staff", "supervisor"], url: () => "/api/live-assist/colleagues" },
  { method: "GET", path: "/api/live-assist/inbox", allowed: ["supervisor", "central"], url: () => "/api/live-assist/inbox" },
  { method: "GET", path: "/api/live-assist/stream", allowed: CASE, url: () => "/api/live-assist/stream?once=1" },
  { method: "GET", path: "/api/live-assist/settings", allowed: ["central"], url: () => "/api/live-assist/settings" },
  { method: "PUT", path: "/api/live-assist/settings", allowed: ["central"], url: () => "/api/live-assist/settings", body: () => ({ departmentId: null, channel: "visit", thresholdSeconds: 1800, needsApproval: [] }) },
  { method: "DELETE", path: "/api/live-assist/settings/{scope}", allowed: ["central"], url: () => "/api/live-assist/settings/*:visit" },
  { method: "GET", path: "/api/live-assist/scripts", allowed: CASE, url: () => "/api/live-assist/scripts" },
  { method: "PUT", path: "/api/live-assist/scripts/{key}/{lang}", allowed: ["central"], url: () => "/api/live-assist/scripts/same_answer/en", body: () => ({ text: "Our answer is the same as before." }) },
];
