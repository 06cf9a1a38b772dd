import assert from "node:assert/strict";
import { test } from "node:test";
import { errorsEn } from "./errors.en.ts";
import { errorsJa } from "./errors.ja.ts";
import { errorMessage, pickLocale } from "./server.ts";

test("every error message exists in Japanese and English with the same interpolated values", () => {
  assert.deepEqual(Object.keys(errorsEn).sort(), Object.keys(errorsJa).sort());
  for (const key of Object.keys(errorsJa) as (keyof typeof errorsJa)[]) {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(vars(errorsEn[key]), vars(errorsJa[key]), key);
  }
});

test("messages interpolate and Japanese is the default language", () => {
  assert.equal(errorMessage("ja", "account_locked", { minutes: 15 }), "ログインに続けて失敗したため、このアカウントは一時的にロックされています。約15分後にもう一度お試しください。");
  assert.equal(pickLocale(null, null), "ja");
  assert.equal(pickLocale(null, "fr-FR,fr;q=0.9"), "ja");
  assert.equal(pickLocale(null, "en-GB,en;q=0.9,ja;q=0.8"), "en");
  assert.equal(pickLocale(null, "ja,en-US;q=0.7"), "ja");
  assert.equal(pickLocale(null, "en;q=0.2,ja;q=0.9"), "ja");
  assert.equal(pickLocale("en", "ja"), "en");
  assert.equal(pickLocale("xx", "en"), "en");
});
