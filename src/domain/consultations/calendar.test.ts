import assert from "node:assert/strict";
import { test } from "node:test";
import { addBusinessDays, businessDaysBetween, holidayName, holidaysOf, isBusinessDay, todayInJapan } from "./calendar.ts";

// The Cabinet Office's published calendars (内閣府「国民の祝日について」).
const CALENDAR_2025 = [
  "2025-01-01", "2025-01-13", "2025-02-11", "2025-02-23", "2025-02-24", "2025-03-20", "2025-04-29", "2025-05-03", "2025-05-04",
  "2025-05-05", "2025-05-06", "2025-07-21", "2025-08-11", "2025-09-15", "2025-09-23", "2025-10-13", "2025-11-03", "2025-11-23", "2025-11-24",
];
const CALENDAR_2026 = [
  "2026-01-01", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20", "2026-04-29", "2026-05-03", "2026-05-04", "2026-05-05",
  "2026-05-06", "2026-07-20", "2026-08-11", "2026-09-21", "2026-09-22", "2026-09-23", "2026-10-12", "2026-11-03", "2026-11-23",
];

test("2025 and 2026 holidays match the official calendars exactly", () => {
  assert.deepEqual([...holidaysOf(2025).keys()], CALENDAR_2025);
  assert.deepEqual([...holidaysOf(2026).keys()], CALENDAR_2026);
});

test("named days: 敬老の日, 秋分の日, 振替休日, 国民の休日", () => {
  assert.equal(holidayName("2025-09-15"), "敬老の日");
  assert.equal(holidayName("2025-09-23"), "秋分の日");
  assert.equal(holidayName("2026-05-06"), "振替休日");
  assert.equal(holidayName("2026-09-22"), "国民の休日");
  assert.equal(holidayName("2025-02-24"), "振替休日");
  assert.equal(holidayName("2025-09-16"), null);
});

test("equinoxes and Happy Mondays in other years (2024, 2027–2030)", () => {
  assert.equal(holidayName("2024-03-20"), "春分の日");
  assert.equal(holidayName("2024-09-22"), "秋分の日");
  assert.equal(holidayName("2024-09-23"), "振替休日");
  assert.equal(holidayName("2027-03-21"), "春分の日");
  assert.equal(holidayName("2027-03-22"), "振替休日");
  assert.equal(holidayName("2028-09-22"), "秋分の日");
  assert.equal(holidayName("2030-01-14"), "成人の日");
  assert.equal(holidayName("2029-07-16"), "海の日");
  assert.equal(holidayName("2032-09-21"), "国民の休日"); // 敬老の日 9/20 and 秋分の日 9/22
});

test("weekends, holidays and the year-end closure are not business days", () => {
  assert.equal(isBusinessDay("2025-12-26"), true);
  for (const d of ["2025-12-27", "2025-12-29", "2025-12-31", "2026-01-02", "2026-01-03", "2026-01-01"]) assert.equal(isBusinessDay(d), false, d);
  assert.equal(isBusinessDay("2026-01-05"), true);
});

test("business-day arithmetic skips closures", () => {
  assert.equal(addBusinessDays("2025-12-26", 1), "2026-01-05");
  assert.equal(addBusinessDays("2026-04-30", 1), "2026-05-01");
  assert.equal(addBusinessDays("2026-05-01", 1), "2026-05-07");
  assert.equal(addBusinessDays("2026-09-18", 1), "2026-09-24");
  assert.equal(addBusinessDays("2025-09-12", 2), "2025-09-17");
  assert.equal(addBusinessDays("2025-09-12", 0), "2025-09-12");
  assert.equal(businessDaysBetween("2026-05-01", "2026-05-07"), 1);
  assert.equal(businessDaysBetween("2026-05-07", "2026-05-01"), 0);
  assert.throws(() => addBusinessDays("2026-05-01", -1), RangeError);
});

test("today in Japan rolls over at midnight JST, not UTC", () => {
  assert.equal(todayInJapan(new Date("2026-03-31T15:30:00Z")), "2026-04-01");
  assert.equal(todayInJapan(new Date("2026-03-31T14:59:00Z")), "2026-03-31");
});
