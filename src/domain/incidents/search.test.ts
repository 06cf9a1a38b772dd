import assert from "node:assert/strict";
import { test } from "node:test";
import { bigramsOf, matchesQuery, normaliseText, queryTerms } from "./search.ts";

test("text is normalised with NFKC and lower case; bigrams stay inside runs of letters and digits", () => {
  assert.equal(normaliseText("ＡＢＣ　ｶﾀｶﾅ  x"), "abc カタカナ x");
  assert.deepEqual(bigramsOf("「無能」"), ["無能"]);
  assert.deepEqual(bigramsOf("税金泥棒!"), ["泥棒", "税金", "金泥"]);
  assert.deepEqual(bigramsOf("Go to"), ["go", "to"]);
});

test("a 2-character word is found; the two characters apart are not", () => {
  assert.ok(matchesQuery("「この無能が」と大声で言われた", "無能"));
  assert.ok(!matchesQuery("無理を言われたが、能力の問題ではない", "無能"));
  assert.ok(matchesQuery("「税金泥棒」と言われた", "泥棒"));
  assert.ok(matchesQuery("税金泥棒", "税金 泥棒"));
  assert.ok(!matchesQuery("税金の話", "税金 泥棒"));
});

test("query terms: split on spaces, deduplicated; a one-character term has no bigrams", () => {
  assert.deepEqual(queryTerms(" 殺す  殺す 殺"), [
    { text: "殺す", bigrams: ["殺す"] },
    { text: "殺", bigrams: [] },
  ]);
  assert.deepEqual(queryTerms("   "), []);
});
