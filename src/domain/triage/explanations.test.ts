import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type TriageOptions, triage } from "./engine.ts";
import { DEFAULT_LEXICON } from "./lexicon.ts";
import { repeatSignal } from "./repeat.ts";

/** These tests specify the rules; the learned model next to them is tested in model.test.ts. */
const rulesOnly = (text: string, options: TriageOptions = {}) => triage(text, { ...options, model: null });

describe("rule explanations in English", () => {
  it("every rule of the default lexicon explains itself in Japanese and in English", () => {
    const missing = DEFAULT_LEXICON.entries.filter((e) => !e.explanationEn || !/^[\x20-\x7e]+$/.test(e.explanationEn)).map((e) => e.id);
    assert.deepEqual(missing, []);
  });
  it("a signal carries both explanations, so the English screen can show the English one", () => {
    const s = rulesOnly("庁舎に火をつけてやる。").signals[0];
    assert.ok(s?.explanationJa.includes("放火"));
    assert.match(s?.explanationEn ?? "", /arson/i);
  });
  it("the repeat signal says in English which contact this is", () => {
    const s = repeatSignal("同じ要望です。", {
      senderKey: "a@example.jp",
      threadId: "t1",
      count: 3,
      firstAt: "2025-05-01T09:00:00Z",
      lastAt: "2025-05-08T09:00:00Z",
      previousIds: ["m1", "m2"],
      similarity: 0.95,
      containment: 0.95,
      signal: true,
    });
    assert.match(s.explanationEn ?? "", /Contact number 3 .*first: 2025-05-01/);
  });
});
