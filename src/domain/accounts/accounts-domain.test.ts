import assert from "node:assert/strict";
import { test } from "node:test";
import { USERNAME_PATTERN, checkPassword } from "./password-policy.ts";
import { expandSubtrees, wouldCreateCycle } from "./roles.ts";

test("password policy: length first, no username, no common passwords, no repetition", () => {
  assert.deepEqual(checkPassword("short-pass", "staff"), { code: "password_too_short", min: 12 });
  assert.equal(checkPassword("x".repeat(129), "staff")?.code, "password_too_long");
  assert.equal(checkPassword("my-staff-password-1", "staff")?.code, "password_contains_username");
  assert.equal(checkPassword("Sendai123456", "tanaka")?.code, "password_too_common");
  assert.equal(checkPassword("ababababababab", "tanaka")?.code, "password_repetitive");
  assert.equal(checkPassword("correct horse battery staple", "tanaka"), null);
  assert.equal(checkPassword("窓口の後ろの大きな桜の木の下で", "tanaka"), null, "Japanese passphrases are fine");
  assert.equal(checkPassword("窓口の桜", "tanaka")?.code, "password_too_short", "length counts characters, not bytes");
});

test("usernames: lower-case ASCII identifiers", () => {
  for (const ok of ["staff", "s.tanaka", "tanaka_01", "ku-koseki-2"]) assert.ok(USERNAME_PATTERN.test(ok), ok);
  for (const bad of ["", "a", "Staff", "-lead", "田中", "has space", "x".repeat(65)]) assert.ok(!USERNAME_PATTERN.test(bad), bad);
});

const tree = [
  { id: "city", parentId: null },
  { id: "ward", parentId: "city" },
  { id: "register", parentId: "ward" },
  { id: "pension", parentId: "ward" },
  { id: "tax", parentId: "city" },
];

test("a supervisor of a ward covers every division under it, and nothing beside it", () => {
  assert.deepEqual([...expandSubtrees(tree, ["ward"])].sort(), ["pension", "register", "ward"]);
  assert.deepEqual([...expandSubtrees(tree, ["tax"])], ["tax"]);
  assert.equal(expandSubtrees(tree, ["city"]).size, 5);
});

test("moving a department under its own descendant is a cycle", () => {
  assert.equal(wouldCreateCycle(tree, "ward", "register"), true);
  assert.equal(wouldCreateCycle(tree, "ward", "ward"), true);
  assert.equal(wouldCreateCycle(tree, "register", "tax"), false);
  assert.equal(wouldCreateCycle(tree, "register", null), false);
});

test("a corrupted tree with a cycle does not loop forever", () => {
  const broken = [
    { id: "a", parentId: "b" },
    { id: "b", parentId: "a" },
  ];
  assert.deepEqual([...expandSubtrees(broken, ["a"])].sort(), ["a", "b"]);
});
