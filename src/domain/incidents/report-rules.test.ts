import assert from "node:assert/strict";
import { test } from "node:test";
import { type IncidentFacts, matches } from "./report-rules.ts";

const facts = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({ codes: [], policeInvolved: false, harmToStaff: false, channel: "phone", departmentId: "d1", ...over });

test("any-mode: group 2, police or harm to staff reports at once", () => {
  const rule = { mode: "any" as const, conditions: { groups: [2 as const], police: true, harmToStaff: true } };
  assert.equal(matches(rule, facts({ codes: ["threat"] })), true, "a finer code of group 2");
  assert.equal(matches(rule, facts({ codes: ["group2"] })), true);
  assert.equal(matches(rule, facts({ policeInvolved: true })), true);
  assert.equal(matches(rule, facts({ harmToStaff: true })), true);
  assert.equal(matches(rule, facts({ codes: ["restraint"] })), false);
});

test("all-mode needs every given condition; codes, channels and departments filter", () => {
  const rule = { mode: "all" as const, conditions: { codes: ["dogeza_demand"], channels: ["counter" as const], departmentIds: ["d1"] } };
  assert.equal(matches(rule, facts({ codes: ["dogeza_demand"], channel: "counter" })), true);
  assert.equal(matches(rule, facts({ codes: ["dogeza_demand"], channel: "phone" })), false);
  assert.equal(matches(rule, facts({ codes: ["dogeza_demand"], channel: "counter", departmentId: "d2" })), false);
});

test("a rule without conditions never matches", () => {
  assert.equal(matches({ mode: "any", conditions: {} }, facts({ codes: ["threat"], policeInvolved: true })), false);
  assert.equal(matches({ mode: "all", conditions: { groups: [] } }, facts()), false);
});
