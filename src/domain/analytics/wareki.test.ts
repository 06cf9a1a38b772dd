import assert from "node:assert/strict";
import { test } from "node:test";
import { eraOf, fiscalMonths, fiscalYearLabel, fiscalYearOf, fiscalYearRange, formatWarekiDate, formatWarekiMonth, japanDate } from "./wareki.ts";

test("dates in 和暦, with 元年 for the first year and the era boundaries on the right day", () => {
  assert.equal(formatWarekiDate({ year: 2024, month: 11, day: 24 }), "令和6年11月24日");
  assert.equal(formatWarekiDate({ year: 2019, month: 5, day: 1 }), "令和元年5月1日");
  assert.equal(formatWarekiDate({ year: 2019, month: 4, day: 30 }), "平成31年4月30日");
  assert.equal(formatWarekiDate({ year: 1989, month: 1, day: 7 }), "昭和64年1月7日");
  assert.equal(formatWarekiDate({ year: 1989, month: 1, day: 8 }), "平成元年1月8日");
  assert.equal(eraOf({ year: 1800, month: 1, day: 1 }), null);
  assert.equal(formatWarekiDate({ year: 1800, month: 1, day: 1 }), "1800年1月1日");
});

test("fiscal years are named in both calendars, by the era that held most of the year", () => {
  assert.equal(fiscalYearLabel(2024).ja, "令和6年度(2024年度)");
  assert.equal(fiscalYearLabel(2024).en, "FY2024 (Reiwa 6)");
  assert.equal(fiscalYearLabel(2019).wareki, "令和元年度");
  assert.equal(fiscalYearLabel(1988).wareki, "昭和63年度");
  assert.equal(fiscalYearLabel(1989).wareki, "平成元年度");
  assert.throws(() => fiscalYearLabel(2024.5), RangeError);
});

test("a fiscal year runs April to March in Japan time", () => {
  assert.equal(fiscalYearOf({ year: 2025, month: 3, day: 31 }), 2024);
  assert.equal(fiscalYearOf({ year: 2025, month: 4, day: 1 }), 2025);
  const r = fiscalYearRange(2024);
  assert.equal(r.from.toISOString(), "2024-03-31T15:00:00.000Z");
  assert.equal(r.to.toISOString(), "2025-03-31T15:00:00.000Z");
  // 2025-03-31 23:30 in Japan is still FY2024; 2025-04-01 00:10 in Japan is FY2025
  assert.equal(fiscalYearOf(japanDate(new Date("2025-03-31T14:30:00Z"))), 2024);
  assert.equal(fiscalYearOf(japanDate(new Date("2025-03-31T15:10:00Z"))), 2025);
  assert.deepEqual(fiscalMonths(2024).slice(0, 2), ["2024-04", "2024-05"]);
  assert.deepEqual(fiscalMonths(2024).slice(-1), ["2025-03"]);
  assert.equal(formatWarekiMonth("2025-03"), "令和7年3月");
});
