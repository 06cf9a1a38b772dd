import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_TEMPLATES, LETTER_KINDS, PLACEHOLDERS, conductLines, fillLetter, unknownPlaceholders } from "./letters.ts";
import { inForce, restrictionProblem, reviewDue } from "./restrictions.ts";

const values = Object.fromEntries(PLACEHOLDERS.map((p) => [p, `<${p}>`])) as Record<(typeof PLACEHOLDERS)[number], string>;

test("every default letter uses only known placeholders and fills them all", () => {
  for (const kind of LETTER_KINDS) {
    const t = DEFAULT_TEMPLATES[kind];
    assert.deepEqual(unknownPlaceholders(t.body), [], kind);
    const filled = fillLetter(t.body, values);
    assert.ok(!filled.includes("{{"), kind);
    assert.ok(filled.includes("<conduct>") && filled.includes("<incidentDate>"), kind);
  }
  assert.ok(fillLetter(DEFAULT_TEMPLATES.restriction_notice.body, values).includes("権利を制限するものではありません"));
});

test("the default texts contain no insults or threats (words a reviewer flagged as unacceptable)", () => {
  for (const kind of LETTER_KINDS) {
    for (const word of ["馬鹿", "訴える", "覚悟", "許さない", "容赦", "後悔"]) assert.ok(!DEFAULT_TEMPLATES[kind].body.includes(word), `${kind}: ${word}`);
  }
});

test("unknown placeholders are named; values are never re-read as placeholders", () => {
  assert.deepEqual(unknownPlaceholders("{{addressee}} {{conduckt}} {{ Nope }}"), ["conduckt", "Nope"]);
  assert.equal(fillLetter("{{conduct}}", { ...values, conduct: "{{addressee}}" }), "{{addressee}}");
  assert.equal(conductLines(["暴言", "威圧"], ""), "・暴言\n・威圧");
  assert.equal(conductLines([], "机を叩いた"), "・机を叩いた");
});

test("restriction dates: review before start is refused, as is a time limit without minutes", () => {
  assert.equal(restrictionProblem("premises_ban", { startsOn: "2025-01-10", reviewOn: "2025-01-09" }, null), "restriction_review_before_start");
  assert.equal(restrictionProblem("premises_ban", { startsOn: "2025-01-10", reviewOn: "2025-07-10", endsOn: "2025-01-01" }, null), "restriction_end_before_start");
  assert.equal(restrictionProblem("time_limit", { startsOn: "2025-01-10", reviewOn: "2025-07-10" }, null), "restriction_time_limit_required");
  assert.equal(restrictionProblem("written_only", { startsOn: "2025-01-10", reviewOn: "2025-07-10" }, 30), "restriction_time_limit_required");
  assert.equal(restrictionProblem("time_limit", { startsOn: "2025-01-10", reviewOn: "2025-01-10" }, 30), null);
  assert.ok(inForce({ startsOn: "2025-01-10", reviewOn: "2025-07-10" }, "2025-03-01"));
  assert.ok(!inForce({ startsOn: "2025-01-10", reviewOn: "2025-07-10", endsOn: "2025-02-01" }, "2025-03-01"));
  assert.ok(reviewDue({ startsOn: "2025-01-10", reviewOn: "2025-03-10" }, "2025-03-01"));
  assert.ok(!reviewDue({ startsOn: "2025-01-10", reviewOn: "2025-07-10" }, "2025-03-01"));
});
