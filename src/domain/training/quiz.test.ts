import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_POLICY_PACK } from "../policy/default-pack.ts";
import { DEFAULT_MODULES } from "./default-modules.ts";
import { completionByDepartment, grade, keyProblem, overdue, passed } from "./quiz.ts";

test("every default scenario has a consistent key and an explanation; sincere complaints and accommodation are among them", () => {
  const all = DEFAULT_MODULES.flatMap((m) => m.scenarios);
  for (const s of all) {
    assert.equal(keyProblem(s), null, s.text);
    assert.ok(s.explanation.length > 20);
  }
  assert.ok(all.some((s) => !s.isHarassment && s.nextStep === "accommodate"), "reasonable accommodation");
  assert.ok(all.filter((s) => !s.isHarassment && s.nextStep === "sincere_response").length >= 3, "sincere complaints");
  assert.ok(all.some((s) => s.nextStep === "police"), "emergency bypass");
  for (const m of DEFAULT_MODULES) if (m.policySection) assert.ok(DEFAULT_POLICY_PACK.some((s) => s.id === m.policySection));
});

test("grading gives one point per question and returns the expected answers", () => {
  const key = { isHarassment: true, axis: "means" as const, nextStep: "police" as const };
  const g = grade(key, { harassment: true, axis: "demand", nextStep: "police" });
  assert.deepEqual(g.correct, { harassment: true, axis: false, nextStep: true });
  assert.equal(g.points, 2);
  assert.deepEqual(g.expected, key);
});

test("an inconsistent key is refused: harassment without a failing axis, a sincere complaint with a ladder step", () => {
  assert.equal(keyProblem({ isHarassment: true, axis: "none", nextStep: "ask_to_stop" }), "scenario_key_inconsistent");
  assert.equal(keyProblem({ isHarassment: false, axis: "none", nextStep: "police" }), "scenario_key_inconsistent");
  assert.equal(keyProblem({ isHarassment: false, axis: "means", nextStep: "sincere_response" }), "scenario_key_inconsistent");
});

test("pass mark, completion per department and overdue", () => {
  assert.equal(passed(8, 9), true);
  assert.equal(passed(7, 9), false);
  assert.equal(passed(0, 0), false);
  assert.deepEqual(completionByDepartment([{ departmentId: "a", completed: true }, { departmentId: "a", completed: false }, { departmentId: "b", completed: false }]), [
    { departmentId: "a", staffCount: 2, completed: 1, rate: 50 },
    { departmentId: "b", staffCount: 1, completed: 0, rate: 0 },
  ]);
  assert.equal(overdue("2026-03-31", "2026-04-01", false), true);
  assert.equal(overdue("2026-03-31", "2026-04-01", true), false);
  assert.equal(overdue(null, "2026-04-01", false), false);
});
