import assert from "node:assert/strict";
import { test } from "node:test";
import { departmentRankings, repeatBucket, staffHours } from "./rankings.ts";

test("staff-hours are duration × staff on the incident, at least one person, nothing for open or missing times", () => {
  const s = new Date("2024-06-01T01:00:00Z");
  assert.equal(staffHours(s, new Date("2024-06-01T02:30:00Z"), 2), 3);
  assert.equal(staffHours(s, new Date("2024-06-01T01:30:00Z"), 0), 0.5);
  assert.equal(staffHours(null, s, 3), 0);
  assert.equal(staffHours(s, null, 3), 0);
  assert.equal(staffHours(s, s, 3), 0);
});

test("a department can rank low by count and high by hours; ties share a rank", () => {
  const { byCount, byHours } = departmentRankings([
    { departmentId: "a", name: "戸籍住民課", count: 50, hours: 20 },
    { departmentId: "b", name: "保護課", count: 10, hours: 80.04 },
    { departmentId: "c", name: "市民税課", count: 10, hours: 5 },
  ]);
  assert.deepEqual(
    byCount.map((r) => [r.departmentId, r.rank]),
    [["a", 1], ["b", 2], ["c", 2]],
  );
  assert.deepEqual(
    byHours.map((r) => [r.departmentId, r.rank, r.hours]),
    [["b", 1, 80], ["a", 2, 20], ["c", 3, 5]],
  );
});

test("repeat buckets", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 40].map(repeatBucket), ["1", "2", "3-4", "3-4", "5+", "5+"]);
});
