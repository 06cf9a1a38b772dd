/**
 * The API client: JSON under /api, the CSRF token on every state-changing request, and errors as
 * `ApiError` carrying the server's (already translated) message.
 */
import { currentLocale } from "./i18n.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: ((error: ApiError) => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the server says the session is gone (401) on any request except login and /me. */
/** For the few requests that send raw bytes rather than JSON (live-assist recording chunks). */
export const currentCsrfToken = (): string | null => csrfToken;

export function setUnauthorizedHandler(handler: ((error: ApiError) => void) | null) {
  onUnauthorized = handler;
}

export async function api<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  opts: { headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...opts.headers, Accept: "application/json", "Accept-Language": currentLocale() };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: "same-origin",
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, "network_error", networkMessage());
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    const error = new ApiError(res.status, err?.code ?? "http_error", err?.message ?? networkMessage());
    if (res.status === 401 && path !== "/auth/login" && path !== "/me") onUnauthorized?.(error);
    throw error;
  }
  return parsed as T;
}

function networkMessage(): string {
  return currentLocale() === "en"
    ? "Could not reach the Mamoru server. Check the network and try again."
    : "Mamoru のサーバーに接続できません。ネットワークを確認して、もう一度お試しください。";
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

// ---- API shapes (see src/server/**/routes.ts) -------------------------------------------------------

export const ROLES = ["staff", "supervisor", "desk", "central", "admin", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  role: Role;
  departmentId: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  departmentId: string | null;
  locale: "ja" | "en";
  active: boolean;
  mustChangePassword: boolean;
  roles: RoleGrant[];
  createdAt: string;
  updatedAt: string;
}

export interface Me {
  user: User;
  csrfToken: string | null;
  mustChangePassword: boolean;
  via: "session" | "token";
}

export interface Department {
  id: string;
  parentId: string | null;
  code: string;
  nameJa: string;
  nameEn: string;
  active: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditRow {
  seq: string;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  requestId: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

// ---- incidents (see src/server/incidents/schemas.ts) ---------------------------------------------

export type Answer = "yes" | "no" | "undetermined";
export type Outcome = "harassment" | "not_harassment" | "pending";

export interface JudgementInput {
  demandLegitimate: { answer: Answer; reason: string };
  meansAppropriate: { answer: Answer; reason: string };
  environmentHarmed: { answer: Answer; reason: string };
  exclusions: { sincereComplaint: boolean; reasonableAccommodation: boolean; reason: string };
  crossedAt: string | null;
}

export interface IncidentSummary {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  channel: string;
  departmentId: string;
  createdBy: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMinutes: number | null;
  summary: string;
  codes: string[];
  groups: number[];
  /** null until judged: "complaint received" is never "judged harassment". */
  outcome: Outcome | null;
  counterpartId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TimelineEvent {
  seq: number;
  kind: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

export interface Incident extends IncidentSummary {
  place: string | null;
  supervisorId: string | null;
  personsCount: number | null;
  narrative: string;
  demand: string;
  answersGiven: string;
  ladderSteps: Array<{ step: string; at?: string | null; count?: number; approver?: string | null; words?: string | null }>;
  police: { contacted: boolean; at?: string | null; station?: string | null; reference?: string | null; notes?: string | null };
  harm: { harmed: boolean; description?: string | null; care?: string | null };
  personalData: { demanded: boolean; exposed: boolean; details?: string | null };
  ownErrorContributed: boolean | null;
  centralReportAt: string | null;
  retentionClass: string;
  legalHold: boolean;
  judgement: JudgementInput | null;
  judgedBy: string | null;
  judgedAt: string | null;
  judgementProposal: (JudgementInput & { proposedBy?: string; proposedAt?: string; outcome?: Outcome }) | null;
  crossedAt: string | null;
  staff: Array<{ userId: string; role: string; displayName: string }>;
  quotes: Array<{ id: string; text: string; speaker: string; isAct: boolean; at: string | null; offsetSeconds: number | null }>;
  counterpart: { id: string; type: string; name: string | null; phone: string | null; email: string | null } | null;
  earlierContacts: Array<{ at: string; channel: string; answerGiven: string }>;
  repeatContactLine: string | null;
  /** The status changes the signed-in user may make now (decided by the server). */
  allowedTransitions: string[];
  can: { update: boolean; judge: boolean; proposeJudgement: boolean; linkCounterpart: boolean; unlinkCounterpart: boolean; mergeCounterpart: boolean; setRetention: boolean };
  timeline: TimelineEvent[];
}
