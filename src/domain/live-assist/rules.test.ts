import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_SCRIPTS, SCRIPT_KEYS, SCRIPT_LANGUAGES, offersFalseExcuse, scriptText } from "./scripts.ts";
import { elapsed, formatDuration, isStale, resolveThreshold } from "./timing.ts";

test("every default line exists in Japanese, English and やさしい日本語, and none offers a false excuse", () => {
  for (const key of SCRIPT_KEYS) {
    for (const lang of SCRIPT_LANGUAGES) {
      const text = DEFAULT_SCRIPTS[key][lang];
      assert.ok(text.trim().length > 5, `${key}.${lang}`);
      assert.ok(!offersFalseExcuse(text), `${key}.${lang} must not invent an excuse`);
    }
  }
  assert.ok(offersFalseExcuse("このあと会議がありますので"), "the guard recognises a fake meeting");
  assert.ok(offersFalseExcuse("I have a meeting now"));
});

test("script text fills placeholders and falls back to the default for an empty override", () => {
  assert.match(scriptText({}, "time_notice", "ja", { minutes: 30 }), /30 分/);
  assert.equal(scriptText({ same_answer: { ja: "  " } }, "same_answer", "ja"), DEFAULT_SCRIPTS.same_answer.ja);
  assert.equal(scriptText({ same_answer: { en: "Our answer is the same as on {{date}}." } }, "same_answer", "en", { date: "3 Nov" }), "Our answer is the same as on 3 Nov.");
  assert.match(scriptText({}, "end_call", "easy", { reason: "時間(じかん)が すぎた" }), /時間\(じかん\)が すぎた/);
});

test("the most specific threshold wins: department+channel, department, parent, organisation, default 30 minutes", () => {
  const chain = ["koseki", "ku", "city"];
  assert.equal(resolveThreshold([], chain, "phone"), 30 * 60);
  const settings = [
    { departmentId: null, channel: null, thresholdSeconds: 3600 },
    { departmentId: null, channel: "phone" as const, thresholdSeconds: 2400 },
    { departmentId: "ku", channel: null, thresholdSeconds: 1800 },
    { departmentId: "koseki", channel: "counter" as const, thresholdSeconds: 900 },
  ];
  assert.equal(resolveThreshold(settings, chain, "counter"), 900);
  assert.equal(resolveThreshold(settings, chain, "phone"), 1800, "the parent's setting beats the organisation-wide one");
  assert.equal(resolveThreshold(settings, ["other"], "phone"), 2400);
  assert.equal(resolveThreshold(settings, ["other"], "visit"), 3600);
});

test("elapsed time against the threshold, frozen at the end", () => {
  const start = new Date("2026-11-24T01:00:00Z");
  assert.deepEqual(elapsed(start, new Date("2026-11-24T01:10:00Z"), 1800), { elapsedSeconds: 600, thresholdSeconds: 1800, over: false, remainingSeconds: 1200 });
  assert.equal(elapsed(start, new Date("2026-11-24T01:30:00Z"), 1800).over, true);
  assert.equal(elapsed(start, new Date("2026-11-24T05:00:00Z"), 1800, new Date("2026-11-24T01:20:00Z")).elapsedSeconds, 1200);
  assert.equal(formatDuration(75), "1:15");
  assert.equal(formatDuration(3725), "1:02:05");
});

test("a session still open from an earlier day (Japan time) is stale", () => {
  // 23:50 JST on the 24th vs 00:10 JST on the 25th
  const start = new Date("2026-11-24T14:50:00Z");
  assert.equal(isStale(start, new Date("2026-11-24T14:59:00Z"), null), false);
  assert.equal(isStale(start, new Date("2026-11-24T15:10:00Z"), null), true);
  assert.equal(isStale(start, new Date("2026-11-25T15:10:00Z"), new Date("2026-11-24T15:00:00Z")), false, "an ended session is not stale");
});
