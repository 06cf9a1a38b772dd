import assert from "node:assert/strict";
import { test } from "node:test";
import {
  APPROVABLE,
  DEFAULT_LADDER,
  type LadderAction,
  type LadderConfig,
  type LadderState,
  type LadderStep,
  LADDER_STEPS,
  type Phase,
  apply,
  initialState,
  nextStep,
  replay,
} from "./ladder.ts";

const AT = "2026-11-24T01:00:00.000Z";
const STAFF = "staff-1";
const BOSS = "boss-1";
let n = 0;
const id = () => `a${++n}`;

/** A state at a phase with given counts, built directly (every combination the table needs). */
function at(phase: Phase, requests = 0, orders = 0, pending: LadderState["pending"] = null): LadderState {
  return { ...initialState(), phase, requests, orders, explanations: phase === "start" ? 0 : 1, pending };
}

/** The expected ladder, written out by hand: phase (and counts) → the steps that may follow. */
function expectedAllowed(phase: Phase, requests: number, orders: number, cfg: LadderConfig): Partial<Record<LadderStep, "ok" | "ladder_out_of_order" | "ladder_limit_reached">> {
  const table: Record<Phase, Partial<Record<LadderStep, "ok" | "ladder_limit_reached">>> = {
    start: { explanation: "ok" },
    explanation: { explanation: "ok", request_stop: "ok" },
    request_stop: { request_stop: requests < cfg.maxRequests ? "ok" : "ladder_limit_reached", order_leave: "ok" },
    order_leave: { order_leave: orders < cfg.maxOrders ? "ok" : "ladder_limit_reached", final_warning: "ok" },
    final_warning: { police: "ok" },
    police: {},
    ended: {},
  };
  return table[phase];
}

const PHASES: Phase[] = ["start", "explanation", "request_stop", "order_leave", "final_warning", "police", "ended"];

function statesFor(cfg: LadderConfig): LadderState[] {
  const out: LadderState[] = [];
  for (const p of PHASES) {
    if (p === "request_stop") for (let r = 1; r <= cfg.maxRequests; r++) out.push(at(p, r));
    else if (p === "order_leave") for (let o = 1; o <= cfg.maxOrders; o++) out.push(at(p, 2, o));
    else if (p === "final_warning" || p === "police") out.push(at(p, 2, 2));
    else out.push(at(p));
  }
  return out;
}

const label = (s: LadderState) => `${s.phase}(r=${s.requests},o=${s.orders}${s.pending ? `,pending=${s.pending.kind}` : ""})`;

test("every state × every ladder step: only the next rung (or a repeat within its limit) is accepted", () => {
  for (const cfg of [DEFAULT_LADDER, { ...DEFAULT_LADDER, maxRequests: 2, maxOrders: 1 }]) {
    for (const s of statesFor(cfg)) {
      const allowed = expectedAllowed(s.phase, s.requests, s.orders, cfg);
      for (const kind of LADDER_STEPS) {
        const r = apply(s, { type: "step", id: id(), kind, at: AT, actorId: STAFF, words: "x" }, cfg);
        const expected = s.phase === "ended" ? "ladder_session_ended" : (allowed[kind] ?? "ladder_out_of_order");
        if (expected === "ok") {
          assert.ok(r.ok, `${label(s)} + ${kind} should be accepted`);
          assert.equal(r.state.phase, kind);
          assert.equal(r.outcome, "applied");
          const last = r.state.steps.at(-1);
          assert.equal(last?.kind, kind);
          assert.equal(last?.words, "x");
          if (kind === "request_stop") assert.equal(r.state.requests, s.requests + 1);
          if (kind === "order_leave") assert.equal(r.state.orders, s.orders + 1);
        } else {
          assert.deepEqual(r, { ok: false, error: expected }, `${label(s)} + ${kind}`);
        }
      }
    }
  }
});

test("every state × end / emergency / counters / notice / approve / decline", () => {
  for (const s of statesFor(DEFAULT_LADDER)) {
    const ended = s.phase === "ended";
    for (const kind of ["end_response", "end_call"] as const) {
      const r = apply(s, { type: "end", id: id(), kind, reason: "同じ要求が続き、説明を尽くしたため", at: AT, actorId: STAFF }, DEFAULT_LADDER);
      if (ended) assert.deepEqual(r, { ok: false, error: "ladder_session_ended" });
      else {
        assert.ok(r.ok && r.state.phase === "ended", `${label(s)} + ${kind}`);
        assert.equal(r.state.steps.at(-1)?.reason, "同じ要求が続き、説明を尽くしたため");
      }
      const blank = apply(s, { type: "end", id: id(), kind, reason: "  ", at: AT, actorId: STAFF }, DEFAULT_LADDER);
      assert.deepEqual(blank, { ok: false, error: ended ? "ladder_session_ended" : "ladder_reason_required" });
    }
    for (const ground of ["violence", "threat", "crime"] as const) {
      const r = apply(s, { type: "emergency", id: id(), ground, at: AT, actorId: STAFF }, DEFAULT_LADDER);
      if (ended) assert.deepEqual(r, { ok: false, error: "ladder_session_ended" });
      else {
        assert.ok(r.ok && r.state.phase === "police", `${label(s)} + emergency(${ground}) goes to the police at once`);
        assert.equal(r.state.steps.at(-1)?.emergency, ground);
      }
    }
    for (const counter of ["same_demand", "explanation"] as const) {
      const r = apply(s, { type: "count", id: id(), counter, at: AT, actorId: STAFF }, DEFAULT_LADDER);
      if (ended) assert.deepEqual(r, { ok: false, error: "ladder_session_ended" });
      else {
        assert.ok(r.ok);
        assert.equal(r.state.phase, s.phase, "a counter never moves the ladder");
        assert.equal(counter === "same_demand" ? r.state.repeats : r.state.explanations, (counter === "same_demand" ? s.repeats : s.explanations) + 1);
      }
    }
    const notice = apply(s, { type: "notice", id: id(), said: true, at: AT, actorId: STAFF }, DEFAULT_LADDER);
    assert.equal(notice.ok, !ended);
    for (const type of ["approve", "decline"] as const) {
      const r = apply(s, { type, id: id(), pendingId: "nothing", at: AT, actorId: BOSS }, DEFAULT_LADDER);
      assert.deepEqual(r, { ok: false, error: ended ? "ladder_session_ended" : "ladder_no_pending" });
    }
  }
});

test("a step marked for approval waits; while it waits nothing else moves; approve applies it with the approver, decline drops it", () => {
  for (const kind of APPROVABLE) {
    const cfg: LadderConfig = { ...DEFAULT_LADDER, needsApproval: [kind] };
    const before = kind === "request_stop" ? at("explanation") : kind === "order_leave" ? at("request_stop", 2) : kind === "final_warning" ? at("order_leave", 2, 2) : kind === "police" ? at("final_warning", 2, 2) : at("explanation");
    const pid = id();
    const action: LadderAction = kind === "end_response" || kind === "end_call" ? { type: "end", id: pid, kind, reason: "時間の上限に達したため", at: AT, actorId: STAFF } : { type: "step", id: pid, kind, at: AT, actorId: STAFF, words: "w" };
    const r = apply(before, action, cfg);
    assert.ok(r.ok && r.outcome === "pending", `${kind} waits for approval`);
    assert.equal(r.state.phase, before.phase, "nothing moved yet");
    assert.equal(r.state.pending?.kind, kind);
    // While waiting: every other ladder step and ending is refused; counters and the emergency still work.
    for (const k of LADDER_STEPS) assert.deepEqual(apply(r.state, { type: "step", id: id(), kind: k, at: AT, actorId: STAFF }, cfg), { ok: false, error: "ladder_approval_pending" });
    assert.deepEqual(apply(r.state, { type: "end", id: id(), kind: "end_call", reason: "r", at: AT, actorId: STAFF }, cfg), { ok: false, error: "ladder_approval_pending" });
    assert.ok(apply(r.state, { type: "count", id: id(), counter: "same_demand", at: AT, actorId: STAFF }, cfg).ok);
    // Approving a different pending id is refused.
    assert.deepEqual(apply(r.state, { type: "approve", id: id(), pendingId: "other", at: AT, actorId: BOSS }, cfg), { ok: false, error: "ladder_no_pending" });
    const ok = apply(r.state, { type: "approve", id: id(), pendingId: pid, at: "2026-11-24T01:01:00.000Z", actorId: BOSS }, cfg);
    assert.ok(ok.ok && ok.outcome === "applied");
    assert.equal(ok.state.pending, null);
    const step = ok.state.steps.at(-1);
    assert.equal(step?.kind, kind);
    assert.equal(step?.approvedBy, BOSS);
    assert.equal(step?.actorId, STAFF, "the step is still the staff member's, approved by the supervisor");
    assert.equal(step?.approvedAt, "2026-11-24T01:01:00.000Z");
    const no = apply(r.state, { type: "decline", id: id(), pendingId: pid, at: AT, actorId: BOSS, note: "まだ早い" }, cfg);
    assert.ok(no.ok && no.outcome === "declined");
    assert.equal(no.state.phase, before.phase);
    assert.equal(no.state.pending, null);
    assert.equal(no.state.declined.at(-1)?.note, "まだ早い");
    // The emergency does not wait for the approval: the waiting step is set aside.
    const em = apply(r.state, { type: "emergency", id: id(), ground: "violence", at: AT, actorId: STAFF }, cfg);
    assert.ok(em.ok && em.state.phase === "police" && em.state.pending === null);
    assert.equal(em.state.declined.at(-1)?.note, "superseded_by_emergency");
  }
});

test("the explanation never needs approval, and the emergency never does", () => {
  const cfg: LadderConfig = { ...DEFAULT_LADDER, needsApproval: [...APPROVABLE] };
  const r = apply(initialState(), { type: "step", id: id(), kind: "explanation", at: AT, actorId: STAFF }, cfg);
  assert.ok(r.ok && r.outcome === "applied");
  const e = apply(r.state, { type: "emergency", id: id(), ground: "threat", at: AT, actorId: STAFF }, cfg);
  assert.ok(e.ok && e.outcome === "applied" && e.state.phase === "police");
});

test("a replayed action is an idempotent no-op; the same id asking for something else is refused", () => {
  const a: LadderAction = { type: "step", id: "fixed-1", kind: "explanation", at: AT, actorId: STAFF, words: "説明" };
  const r1 = apply(initialState(), a, DEFAULT_LADDER);
  assert.ok(r1.ok);
  const r2 = apply(r1.state, { ...a, at: "2026-11-24T01:05:00.000Z" }, DEFAULT_LADDER);
  assert.ok(r2.ok && r2.replayed);
  assert.equal(r2.state, r1.state, "nothing changed");
  assert.equal(r2.state.steps.length, 1);
  assert.deepEqual(apply(r1.state, { ...a, kind: "request_stop" }, DEFAULT_LADDER), { ok: false, error: "ladder_replay_mismatch" });
  // Replays of counters do not count twice; replays after the end are still no-ops (not errors).
  const c: LadderAction = { type: "count", id: "c-1", counter: "same_demand", at: AT, actorId: STAFF };
  const c1 = apply(r1.state, c, DEFAULT_LADDER);
  assert.ok(c1.ok);
  const c2 = apply(c1.state, c, DEFAULT_LADDER);
  assert.ok(c2.ok && c2.replayed && c2.state.repeats === 1);
  const end: LadderAction = { type: "end", id: "e-1", kind: "end_response", reason: "説明を尽くしたため", at: AT, actorId: STAFF };
  const e1 = apply(c2.state, end, DEFAULT_LADDER);
  assert.ok(e1.ok);
  const e2 = apply(e1.state, end, DEFAULT_LADDER);
  assert.ok(e2.ok && e2.replayed);
});

test("a whole response walks the ladder and replay() rebuilds the same state from the stored actions", () => {
  const cfg: LadderConfig = { ...DEFAULT_LADDER, needsApproval: ["order_leave"] };
  const actions: LadderAction[] = [
    { type: "notice", id: "n1", said: true, at: AT, actorId: STAFF },
    { type: "step", id: "s1", kind: "explanation", at: AT, actorId: STAFF },
    { type: "count", id: "c1", counter: "same_demand", at: AT, actorId: STAFF },
    { type: "step", id: "s2", kind: "request_stop", at: AT, actorId: STAFF },
    { type: "step", id: "s3", kind: "request_stop", at: AT, actorId: STAFF },
    { type: "step", id: "s4", kind: "order_leave", at: AT, actorId: STAFF },
    { type: "approve", id: "ap1", pendingId: "s4", at: AT, actorId: BOSS },
    { type: "step", id: "s5", kind: "final_warning", at: AT, actorId: STAFF },
    { type: "end", id: "e1", kind: "end_response", reason: "退去されたため", at: AT, actorId: STAFF },
  ];
  let s = initialState();
  const suggestions: Array<string | null> = [];
  for (const a of actions) {
    suggestions.push(nextStep(s, cfg));
    const r = apply(s, a, cfg);
    assert.ok(r.ok, `${a.type} ${a.id}`);
    s = r.state;
  }
  assert.deepEqual(suggestions, ["explanation", "explanation", "request_stop", "request_stop", "request_stop", "request_stop", null, "order_leave", "police"]);
  assert.equal(s.phase, "ended");
  assert.deepEqual(s.steps.map((x) => x.kind), ["explanation", "request_stop", "request_stop", "order_leave", "final_warning", "end_response"]);
  assert.deepEqual(s.steps.map((x) => x.count), [1, 1, 2, 1, 1, 1]);
  assert.equal(s.recordingNotice, true);
  assert.equal(s.repeats, 1);
  assert.deepEqual(replay(actions, cfg), s);
  assert.equal(nextStep(s, cfg), null);
});

test("the suggested next step moves to the next rung once a repeat reaches its limit", () => {
  assert.equal(nextStep(at("request_stop", 3), DEFAULT_LADDER), "order_leave");
  assert.equal(nextStep(at("order_leave", 2, 3), DEFAULT_LADDER), "final_warning");
  assert.equal(nextStep(at("police", 2, 2), DEFAULT_LADDER), null);
});
