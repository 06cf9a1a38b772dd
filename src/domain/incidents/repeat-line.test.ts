import assert from "node:assert/strict";
import { test } from "node:test";
import { monthDayJa, repeatContactLine } from "./repeat-line.ts";

test("the ready-made line lists the distinct days in Japan time, oldest first", () => {
  const line = repeatContactLine([new Date("2026-11-10T01:00:00Z"), new Date("2026-11-03T02:00:00Z"), new Date("2026-11-10T05:00:00Z")]);
  assert.equal(line, "11月3日、11月10日にも同じご用件でご連絡をいただいており、回答は変わりません");
  assert.equal(repeatContactLine([]), null);
});

test("dates are read in Asia/Tokyo: 23:30 UTC is the next day in Japan", () => {
  assert.equal(monthDayJa(new Date("2026-11-02T23:30:00Z")), "11月3日");
  assert.equal(monthDayJa(new Date("2026-12-31T15:00:00Z")), "1月1日");
});
