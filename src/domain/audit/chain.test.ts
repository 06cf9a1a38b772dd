import assert from "node:assert/strict";
import { test } from "node:test";
import { type AuditContent, GENESIS_HASH, START_CURSOR, type StoredAuditRow, checkHead, checkRow, hashAuditRow } from "./chain.ts";

function chain(n: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content: AuditContent = {
      seq: String(i),
      at: new Date(Date.UTC(2026, 3, 1, 9, 0, i)).toISOString(),
      actorId: null,
      actorUsername: "admin",
      action: "user.create",
      resourceType: "user",
      resourceId: `u${i}`,
      ip: "127.0.0.1",
      requestId: null,
      outcome: "success",
      details: { username: `user${i}`, roles: [{ role: "staff" }] },
    };
    const hash = hashAuditRow(content, prev);
    rows.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

function verify(rows: StoredAuditRow[], head = { seq: rows.at(-1)?.seq ?? "0", hash: rows.at(-1)?.hash ?? GENESIS_HASH }) {
  let cursor = START_CURSOR;
  for (const r of rows) {
    const res = checkRow(cursor, r);
    if (!res.ok) return res.problem;
    cursor = res.cursor;
  }
  return checkHead(cursor, head);
}

test("an untouched chain verifies", () => {
  assert.equal(verify(chain(10)), null);
});

test("the hash does not depend on the key order of details (jsonb reorders keys)", () => {
  const a = chain(1)[0] as StoredAuditRow;
  const { prevHash, hash, ...content } = a;
  const reordered = { ...content, details: { roles: [{ role: "staff" }], username: "user1" } };
  assert.equal(hashAuditRow(reordered, prevHash), hash);
});

test("an edited row is named", () => {
  const rows = chain(10);
  rows[4] = { ...(rows[4] as StoredAuditRow), actorUsername: "someone-else" };
  assert.deepEqual(verify(rows), { kind: "edited", seq: "5" });
});

test("a deleted row is found at the gap", () => {
  const rows = chain(10);
  rows.splice(6, 1); // remove seq 7
  assert.deepEqual(verify(rows), { kind: "deleted_before", seq: "8", expectedSeq: "7" });
});

test("an inserted row is found where it breaks the chain", () => {
  const rows = chain(10);
  const fake = { ...(rows[3] as StoredAuditRow), seq: "5", resourceId: "forged" };
  rows.splice(4, 0, fake);
  const problem = verify(rows);
  assert.ok(problem && (problem.kind === "edited" || problem.kind === "inserted_or_reordered"));
  assert.equal((problem as { seq: string }).seq, "5");
});

test("deleting the newest rows is caught by the recorded head", () => {
  const rows = chain(10);
  const head = { seq: "10", hash: (rows[9] as StoredAuditRow).hash };
  assert.deepEqual(verify(rows.slice(0, 8), head), { kind: "tail_deleted", lastSeq: "8", headSeq: "10" });
});
