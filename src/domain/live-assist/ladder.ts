/**
 * The response ladder as an explicit, pure state machine (Tokyo common manual, see domain.md
 * "Response procedure"):
 *
 *   start → explanation (any number of times) → request to stop (1..maxRequests)
 *         → order to leave (1..maxOrders) → final warning → police
 *
 * Ending the response or the call (対応終了 / 切電) with a stated reason is allowed at any point;
 * the emergency bypass (violence, threat, clear crime) goes to the police at once from any point
 * and never waits for an approval. Steps the organisation marks as needing a supervisor wait in
 * `pending` until a supervisor approves (the step is then applied) or declines (nothing changes).
 *
 * Every action carries a client-chosen id: the same id again with the same content is an
 * idempotent no-op (a replay after a dropped network), the same id with other content is refused.
 */

export const LADDER_STEPS = ["explanation", "request_stop", "order_leave", "final_warning", "police"] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];
export const END_KINDS = ["end_response", "end_call"] as const;
export type EndKind = (typeof END_KINDS)[number];
/** Steps an organisation may mark as needing a supervisor's approval. */
export const APPROVABLE = ["request_stop", "order_leave", "final_warning", "police", "end_response", "end_call"] as const;
export type Approvable = (typeof APPROVABLE)[number];
export const EMERGENCY_GROUNDS = ["violence", "threat", "crime"] as const;
export type EmergencyGround = (typeof EMERGENCY_GROUNDS)[number];

/** The last completed step, or where the session stands. */
export type Phase = "start" | LadderStep | "ended";

export interface LadderConfig {
  maxRequests: number;
  maxOrders: number;
  needsApproval: readonly Approvable[];
}

export const DEFAULT_LADDER: LadderConfig = { maxRequests: 3, maxOrders: 3, needsApproval: [] };

export interface StepRecord {
  id: string;
  kind: LadderStep | EndKind;
  at: string;
  actorId: string;
  words: string | null;
  /** 1-based count of this kind of step (the second request to stop is 2). */
  count: number;
  approvedBy: string | null;
  approvedAt: string | null;
  reason: string | null;
  emergency: EmergencyGround | null;
}

export interface PendingStep {
  id: string;
  kind: Approvable;
  requestedAt: string;
  actorId: string;
  words: string | null;
  reason: string | null;
}

export interface LadderState {
  phase: Phase;
  requests: number;
  orders: number;
  explanations: number;
  /** Counter: the person repeated the same demand. */
  repeats: number;
  /** The recording notice (「録音させていただきます」) has been said. */
  recordingNotice: boolean;
  pending: PendingStep | null;
  steps: StepRecord[];
  /** Declined approvals, kept for the timeline. */
  declined: Array<PendingStep & { declinedBy: string; declinedAt: string; note: string | null }>;
  /** Ids of every action applied (steps, pending requests, decisions): the replay guard. */
  seen: Record<string, string>;
}

export function initialState(): LadderState {
  return { phase: "start", requests: 0, orders: 0, explanations: 0, repeats: 0, recordingNotice: false, pending: null, steps: [], declined: [], seen: {} };
}

export type LadderAction =
  | { type: "step"; id: string; kind: LadderStep; at: string; actorId: string; words?: string | null }
  | { type: "emergency"; id: string; ground: EmergencyGround; at: string; actorId: string; words?: string | null }
  | { type: "end"; id: string; kind: EndKind; reason: string; at: string; actorId: string; words?: string | null }
  | { type: "approve"; id: string; pendingId: string; at: string; actorId: string }
  /** Counters outside the ladder: the same demand repeated, or one more explanation given (at any step). */
  | { type: "count"; id: string; counter: "same_demand" | "explanation"; at: string; actorId: string }
  | { type: "notice"; id: string; said: boolean; at: string; actorId: string }
  | { type: "decline"; id: string; pendingId: string; at: string; actorId: string; note?: string | null };

export type LadderError =
  | "ladder_out_of_order"
  | "ladder_limit_reached"
  | "ladder_session_ended"
  | "ladder_approval_pending"
  | "ladder_no_pending"
  | "ladder_reason_required"
  | "ladder_replay_mismatch";

export type LadderResult =
  | { ok: true; state: LadderState; replayed: boolean; outcome: "applied" | "pending" | "declined" | "none" }
  | { ok: false; error: LadderError };

/** A fingerprint of what an action asks for (not when or by whom): a replay must ask for the same thing. */
function fingerprint(a: LadderAction): string {
  switch (a.type) {
    case "step":
      return `step:${a.kind}:${a.words ?? ""}`;
    case "emergency":
      return `emergency:${a.ground}`;
    case "end":
      return `end:${a.kind}:${a.reason}`;
    case "approve":
    case "decline":
      return `${a.type}:${a.pendingId}`;
    case "count":
      return `count:${a.counter}`;
    case "notice":
      return `notice:${a.said}`;
  }
}

/** Which ladder steps may come next from a phase, given the counts so far. */
export function allowedSteps(state: Pick<LadderState, "phase" | "requests" | "orders">, cfg: LadderConfig): LadderStep[] {
  const out: LadderStep[] = [];
  for (const k of LADDER_STEPS) if (stepAllowed(state, k, cfg) === null) out.push(k);
  return out;
}

function stepAllowed(state: Pick<LadderState, "phase" | "requests" | "orders">, kind: LadderStep, cfg: LadderConfig): LadderError | null {
  const p = state.phase;
  if (p === "ended") return "ladder_session_ended";
  switch (kind) {
    case "explanation":
      return p === "start" || p === "explanation" ? null : "ladder_out_of_order";
    case "request_stop":
      if (p === "explanation") return null;
      if (p === "request_stop") return state.requests < cfg.maxRequests ? null : "ladder_limit_reached";
      return "ladder_out_of_order";
    case "order_leave":
      if (p === "request_stop") return null;
      if (p === "order_leave") return state.orders < cfg.maxOrders ? null : "ladder_limit_reached";
      return "ladder_out_of_order";
    case "final_warning":
      return p === "order_leave" ? null : "ladder_out_of_order";
    case "police":
      return p === "final_warning" ? null : "ladder_out_of_order";
  }
}

/** The step to suggest next: the first one forward on the ladder that is allowed. */
export function nextStep(state: LadderState, cfg: LadderConfig): LadderStep | null {
  if (state.phase === "ended" || state.phase === "police" || state.pending) return null;
  const allowed = allowedSteps(state, cfg);
  const order: Record<Phase, LadderStep[]> = {
    start: ["explanation"],
    explanation: ["request_stop"],
    request_stop: ["request_stop", "order_leave"],
    order_leave: ["order_leave", "final_warning"],
    final_warning: ["police"],
    police: [],
    ended: [],
  };
  return order[state.phase].find((k) => allowed.includes(k)) ?? null;
}

export function needsApproval(kind: LadderStep | EndKind, cfg: LadderConfig): boolean {
  return (cfg.needsApproval as readonly string[]).includes(kind);
}

function record(state: LadderState, p: { id: string; kind: LadderStep | EndKind; at: string; actorId: string; words: string | null; reason: string | null; emergency: EmergencyGround | null; approvedBy: string | null; approvedAt: string | null }): LadderState {
  const next: LadderState = { ...state, steps: [...state.steps], seen: { ...state.seen } };
  let count = 1;
  if (p.kind === "explanation") count = next.explanations = state.explanations + 1;
  else if (p.kind === "request_stop") count = next.requests = state.requests + 1;
  else if (p.kind === "order_leave") count = next.orders = state.orders + 1;
  next.phase = p.kind === "end_response" || p.kind === "end_call" ? "ended" : p.kind;
  next.steps.push({ id: p.id, kind: p.kind, at: p.at, actorId: p.actorId, words: p.words, count, approvedBy: p.approvedBy, approvedAt: p.approvedAt, reason: p.reason, emergency: p.emergency });
  return next;
}

/** Applies one action. Pure: the input state is never changed. */
export function apply(state: LadderState, action: LadderAction, cfg: LadderConfig): LadderResult {
  const fp = fingerprint(action);
  const prior = state.seen[action.id];
  if (prior !== undefined) return prior === fp ? { ok: true, state, replayed: true, outcome: "none" } : { ok: false, error: "ladder_replay_mismatch" };
  const mark = (s: LadderState): LadderState => ({ ...s, seen: { ...s.seen, [action.id]: fp } });
  const words = "words" in action ? (action.words ?? null) : null;

  switch (action.type) {
    case "count": {
      if (state.phase === "ended") return { ok: false, error: "ladder_session_ended" };
      const s = action.counter === "same_demand" ? { ...state, repeats: state.repeats + 1 } : { ...state, explanations: state.explanations + 1 };
      return { ok: true, state: mark(s), replayed: false, outcome: "applied" };
    }
    case "notice": {
      if (state.phase === "ended") return { ok: false, error: "ladder_session_ended" };
      return { ok: true, state: mark({ ...state, recordingNotice: action.said }), replayed: false, outcome: "applied" };
    }
    case "emergency": {
      if (state.phase === "ended") return { ok: false, error: "ladder_session_ended" };
      // Emergency never waits: a step still waiting for approval is set aside (kept on the timeline as superseded).
      const declined = state.pending ? [...state.declined, { ...state.pending, declinedBy: action.actorId, declinedAt: action.at, note: "superseded_by_emergency" }] : state.declined;
      const s = record({ ...state, pending: null, declined }, { id: action.id, kind: "police", at: action.at, actorId: action.actorId, words, reason: null, emergency: action.ground, approvedBy: null, approvedAt: null });
      return { ok: true, state: mark(s), replayed: false, outcome: "applied" };
    }
    case "step": {
      if (state.phase === "ended") return { ok: false, error: "ladder_session_ended" };
      if (state.pending) return { ok: false, error: "ladder_approval_pending" };
      const err = stepAllowed(state, action.kind, cfg);
      if (err) return { ok: false, error: err };
      if (action.kind !== "explanation" && needsApproval(action.kind, cfg)) {
        const pending: PendingStep = { id: action.id, kind: action.kind, requestedAt: action.at, actorId: action.actorId, words, reason: null };
        return { ok: true, state: mark({ ...state, pending }), replayed: false, outcome: "pending" };
      }
      const s = record(state, { id: action.id, kind: action.kind, at: action.at, actorId: action.actorId, words, reason: null, emergency: null, approvedBy: null, approvedAt: null });
      return { ok: true, state: mark(s), replayed: false, outcome: "applied" };
    }
    case "end": {
      if (state.phase === "ended") return { ok: false, error: "ladder_session_ended" };
      if (!action.reason.trim()) return { ok: false, error: "ladder_reason_required" };
      if (state.pending) return { ok: false, error: "ladder_approval_pending" };
      if (needsApproval(action.kind, cfg)) {
        const pending: PendingStep = { id: action.id, kind: action.kind, requestedAt: action.at, actorId: action.actorId, words, reason: action.reason.trim() };
        return { ok: true, state: mark({ ...state, pending }), replayed: false, outcome: "pending" };
      }
      const s = record(state, { id: action.id, kind: action.kind, at: action.at, actorId: action.actorId, words, reason: action.reason.trim(), emergency: null, approvedBy: null, approvedAt: null });
      return { ok: true, state: mark(s), replayed: false, outcome: "applied" };
    }
    case "approve": {
      const p = state.pending;
      if (!p || p.id !== action.pendingId) return { ok: false, error: state.phase === "ended" ? "ladder_session_ended" : "ladder_no_pending" };
      const s = record({ ...state, pending: null }, { id: p.id, kind: p.kind, at: action.at, actorId: p.actorId, words: p.words, reason: p.reason, emergency: null, approvedBy: action.actorId, approvedAt: action.at });
      return { ok: true, state: mark(s), replayed: false, outcome: "applied" };
    }
    case "decline": {
      const p = state.pending;
      if (!p || p.id !== action.pendingId) return { ok: false, error: state.phase === "ended" ? "ladder_session_ended" : "ladder_no_pending" };
      const s: LadderState = { ...state, pending: null, declined: [...state.declined, { ...p, declinedBy: action.actorId, declinedAt: action.at, note: action.note ?? null }] };
      return { ok: true, state: mark(s), replayed: false, outcome: "declined" };
    }
  }
}

/** Rebuilds the state from the stored actions in order (the server keeps actions, not states). */
export function replay(actions: readonly LadderAction[], cfg: LadderConfig): LadderState {
  let s = initialState();
  for (const a of actions) {
    const r = apply(s, a, cfg);
    if (r.ok) s = r.state;
  }
  return s;
}
