import assert from "node:assert/strict";
import { test } from "node:test";
import { type Relation, STATUSES, type Status, canTransition, isReopen, nextStates, requiresReason } from "./lifecycle.ts";

const NOBODY: Relation = { involved: false, supervises: false, central: false };
const INVOLVED: Relation = { ...NOBODY, involved: true };
const SUPERVISOR: Relation = { ...NOBODY, supervises: true };
const CENTRAL: Relation = { ...NOBODY, central: true };

/** The expected table: from → to → who may. */
const EXPECTED: Partial<Record<Status, Partial<Record<Status, Relation[]>>>> = {
  draft: { reported: [INVOLVED] },
  reported: { under_review: [SUPERVISOR, CENTRAL] },
  under_review: { judged: [SUPERVISOR, CENTRAL] },
  judged: { response_done: [INVOLVED, SUPERVISOR, CENTRAL], under_review: [SUPERVISOR, CENTRAL] },
  response_done: { closed: [SUPERVISOR, CENTRAL], under_review: [SUPERVISOR, CENTRAL] },
  closed: { under_review: [SUPERVISOR, CENTRAL] },
};

test("every pair of states × every relation: only the listed transitions by the listed people", () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const allowed = EXPECTED[from]?.[to] ?? [];
      for (const rel of [NOBODY, INVOLVED, SUPERVISOR, CENTRAL]) {
        assert.equal(canTransition(rel, from, to), allowed.includes(rel), `${from} → ${to} by ${JSON.stringify(rel)}`);
      }
      assert.equal(nextStates(from).includes(to), allowed.length > 0, `nextStates(${from}) has ${to}`);
    }
  }
});

test("a person with several relations may do what any of them allows", () => {
  assert.equal(canTransition({ involved: true, supervises: true, central: false }, "draft", "reported"), true);
  assert.equal(canTransition({ involved: true, supervises: true, central: false }, "reported", "under_review"), true);
});

test("reopening (back to under review) needs a reason; moving forward does not", () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const back = (["judged", "response_done", "closed"] as Status[]).includes(from) && to === "under_review";
      assert.equal(isReopen(from, to), back, `${from} → ${to}`);
      assert.equal(requiresReason(from, to), back);
    }
  }
  assert.deepEqual(nextStates("draft"), ["reported"]);
});
