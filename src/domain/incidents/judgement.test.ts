import assert from "node:assert/strict";
import { test } from "node:test";
import { ANSWERS, type Answer, type Judgement, deriveOutcome, validateJudgement } from "./judgement.ts";

const judgement = (d: Answer, m: Answer, e: Answer, ex: Partial<Judgement["exclusions"]> = {}): Judgement => ({
  demandLegitimate: { answer: d, reason: "要求の理由" },
  meansAppropriate: { answer: m, reason: "態様の理由" },
  environmentHarmed: { answer: e, reason: "就業環境の理由" },
  exclusions: { sincereComplaint: false, reasonableAccommodation: false, reason: "", ...ex },
  crossedAt: null,
});

/** The definition written independently: (① not legitimate OR ② inappropriate) AND ③ harmed, three-valued. */
function expected(d: Answer, m: Answer, e: Answer): string {
  const a = d === "no" ? 1 : d === "yes" ? 0 : 0.5;
  const b = m === "no" ? 1 : m === "yes" ? 0 : 0.5;
  const c = e === "yes" ? 1 : e === "no" ? 0 : 0.5;
  const v = Math.min(Math.max(a, b), c);
  return v === 1 ? "harassment" : v === 0 ? "not_harassment" : "pending";
}

test("the outcome over all 27 combinations of answers follows the definition", () => {
  for (const d of ANSWERS) for (const m of ANSWERS) for (const e of ANSWERS) assert.equal(deriveOutcome(judgement(d, m, e)), expected(d, m, e), `${d}/${m}/${e}`);
  assert.equal(deriveOutcome(judgement("yes", "no", "yes")), "harassment", "a legitimate demand made abusively is harassment");
  assert.equal(deriveOutcome(judgement("no", "yes", "no")), "not_harassment", "no harm to the environment, no harassment");
});

test("an exclusion is never harassment, for every combination", () => {
  for (const ex of [{ sincereComplaint: true }, { reasonableAccommodation: true }, { sincereComplaint: true, reasonableAccommodation: true }]) {
    for (const d of ANSWERS) for (const m of ANSWERS) for (const e of ANSWERS) assert.equal(deriveOutcome(judgement(d, m, e, { ...ex, reason: "真摯な苦情" })), "not_harassment");
  }
});

test("reasons are required for every axis and for an applied exclusion; crossedAt must fall in the contact", () => {
  assert.deepEqual(validateJudgement(judgement("no", "no", "yes")), []);
  const j = judgement("no", "no", "yes", { sincereComplaint: true });
  j.meansAppropriate.reason = "  ";
  assert.deepEqual(
    validateJudgement(j).map((p) => ("axis" in p ? p.axis : p.code)),
    ["meansAppropriate", "exclusions"],
  );
  const window = { startedAt: new Date("2026-11-03T01:00:00Z"), endedAt: new Date("2026-11-03T02:00:00Z") };
  assert.deepEqual(validateJudgement({ ...judgement("no", "no", "yes"), crossedAt: "2026-11-03T01:30:00Z" }, window), []);
  assert.equal(validateJudgement({ ...judgement("no", "no", "yes"), crossedAt: "2026-11-03T03:00:00Z" }, window)[0]?.code, "judgement_crossed_at_invalid");
  assert.equal(validateJudgement({ ...judgement("no", "no", "yes"), crossedAt: "not a date" })[0]?.code, "judgement_crossed_at_invalid");
});
