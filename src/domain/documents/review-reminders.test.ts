import assert from "node:assert/strict";
import { test } from "node:test";
import { addDays, reviewOverdue, reviewReminderDue } from "./restrictions.ts";

test("a review reminder falls due N days before the review date, and at once once that day has passed", () => {
  const d = { startsOn: "2025-01-10", reviewOn: "2025-03-15" };
  assert.equal(reviewReminderDue(d, "2025-02-28", 14), false, "15 days before");
  assert.equal(reviewReminderDue(d, "2025-03-01", 14), true, "14 days before");
  assert.equal(reviewReminderDue(d, "2025-04-01", 14), true, "overdue");
  assert.equal(reviewReminderDue(d, "2025-03-14", 0), false, "0 days: only on the day");
  assert.equal(reviewReminderDue(d, "2025-03-15", 0), true);
});

test("no reminder for an ended restriction or one that ends before its review", () => {
  assert.equal(reviewReminderDue({ startsOn: "2025-01-10", reviewOn: "2025-03-15", endsOn: "2025-02-01" }, "2025-03-10", 14), false);
  assert.equal(reviewReminderDue({ startsOn: "2025-01-10", reviewOn: "2025-03-15", endsOn: "2025-03-12" }, "2025-03-10", 14), false, "ends before review");
  assert.equal(reviewReminderDue({ startsOn: "2025-01-10", reviewOn: "2025-03-15", endsOn: "2025-06-30" }, "2025-03-10", 14), true);
});

test("overdue: review date passed while still in force", () => {
  assert.equal(reviewOverdue({ startsOn: "2025-01-10", reviewOn: "2025-03-15" }, "2025-03-15"), false, "on the day it is due, not overdue");
  assert.equal(reviewOverdue({ startsOn: "2025-01-10", reviewOn: "2025-03-15" }, "2025-03-16"), true);
  assert.equal(reviewOverdue({ startsOn: "2025-01-10", reviewOn: "2025-03-15", endsOn: "2025-03-20" }, "2025-03-21"), false, "ended");
  assert.equal(addDays("2024-02-20", 14), "2024-03-05", "leap year");
  assert.equal(addDays("2025-12-25", 14), "2026-01-08");
});
