import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileLexicon, expandPattern, validateLexicon } from "./compile.ts";
import { triage } from "./engine.ts";
import { DEFAULT_LEXICON, extendLexicon } from "./lexicon.ts";
import type { LexiconEntry } from "./lexicon-types.ts";
import { previewLexiconChange, testEntry } from "./preview.ts";

const newEntry: LexiconEntry = {
  id: "abuse.local.slang",
  group: 2,
  code: "verbal_abuse",
  severity: "review",
  patterns: ["ぽんこつ(役人|職員)"],
  explanationJa: "職員を侮辱する言葉です。",
};

describe("lexicon data", () => {
  it("the default lexicon is valid and versioned", () => {
    assert.deepEqual(validateLexicon(DEFAULT_LEXICON), []);
    assert.match(DEFAULT_LEXICON.version, /^\d{4}\.\d+\.\d+$/);
  });
  it("expands alternations and optional groups", () => {
    assert.deepEqual(expandPattern("殺(す|してやる)"), ["殺す", "殺してやる"]);
    assert.deepEqual(expandPattern("名前(を)?言え"), ["名前を言え", "名前言え"]);
    assert.deepEqual(expandPattern("a(b|(c|d)e)"), ["ab", "ace", "ade"]);
    assert.throws(() => expandPattern("殺(す"));
  });
  it("reports problems in Japanese and English", () => {
    const bad = { ...DEFAULT_LEXICON, entries: [{ ...newEntry, code: "money_demand" as const, patterns: ["x("] }] };
    const problems = validateLexicon(bad);
    assert.ok(problems.some((p) => p.messageJa.includes("区分")));
    assert.ok(problems.some((p) => p.messageEn.includes("unbalanced")));
  });
});

describe("extending the lexicon (central)", () => {
  it("a new entry flags what it should, in a new version, without changing the base", () => {
    const extended = extendLexicon(DEFAULT_LEXICON, { version: "2025.12.2", entries: [newEntry] });
    assert.equal(extended.version, "2025.12.2");
    assert.equal(triage("このポンコツ役人が", { model: null }).flag, "none");
    const r = triage("このポンコツ役人が", { lexicon: compileLexicon(extended), model: null });
    assert.equal(r.flag, "review");
    assert.equal(r.lexiconVersion, "2025.12.2");
    assert.equal(r.signals[0]?.rule, "abuse.local.slang");
    assert.ok(!DEFAULT_LEXICON.entries.some((e) => e.id === newEntry.id));
  });
  it("the test box shows which samples a change would affect", () => {
    const extended = extendLexicon(DEFAULT_LEXICON, { version: "2025.12.2", entries: [newEntry] });
    const preview = previewLexiconChange(DEFAULT_LEXICON, extended, [
      { id: "a", text: "このポンコツ役人が" },
      { id: "b", text: "ポンコツの車を処分したい" },
      { id: "c", text: "燃えるごみの日" },
    ], { model: null });
    assert.deepEqual(preview.problems, []);
    assert.deepEqual(preview.counts, { samples: 3, changed: 1, newlyFlagged: 1, noLongerFlagged: 0 });
    assert.equal(preview.changes[0]?.id, "a");
    assert.equal(preview.changes[0]?.added[0]?.text, "ポンコツ役人");
  });
  it("a new benign phrase removes a false positive", () => {
    const extended = extendLexicon(DEFAULT_LEXICON, {
      version: "2025.12.3",
      benign: [{ id: "benign.local", patterns: ["殺すぞゲーム"], explanationJa: "地域の遊びの名前です。" }],
    });
    const preview = previewLexiconChange(DEFAULT_LEXICON, extended, [{ id: "x", text: "子ども会の殺すぞゲームについて" }], { model: null });
    assert.equal(preview.counts.noLongerFlagged, 1);
  });
  it("testEntry runs one entry against one text", () => {
    const r = testEntry(newEntry, "ポンコツ職員", DEFAULT_LEXICON);
    assert.equal(r.result?.flag, "review");
    const bad = testEntry({ ...newEntry, patterns: [] }, "ポンコツ職員", DEFAULT_LEXICON);
    assert.equal(bad.result, null);
    assert.ok(bad.problems.length > 0);
  });
});
