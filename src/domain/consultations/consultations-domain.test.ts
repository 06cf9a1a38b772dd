import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { RECEIPT_ALPHABET, generateReceiptCode, normaliseReceiptCode, receiptLookupPart } from "./receipt.ts";
import { suppressSmallCounts } from "./suppression.ts";
import { STATUSES, acceptsMessages, canMove, statusAfterMessage } from "./workflow.ts";

test("only the desk moves a case; closed cases reopen only to in progress", () => {
  assert.equal(canMove("desk", "new", "in_progress"), true);
  assert.equal(canMove("desk", "in_progress", "awaiting_staff"), true);
  assert.equal(canMove("desk", "awaiting_staff", "closed"), true);
  assert.equal(canMove("desk", "closed", "in_progress"), true);
  assert.equal(canMove("desk", "closed", "awaiting_staff"), false);
  assert.equal(canMove("desk", "in_progress", "new"), false);
  for (const from of STATUSES) for (const to of STATUSES) assert.equal(canMove("staff", from, to), false);
});

test("messages move the status; a closed case takes none", () => {
  assert.equal(statusAfterMessage("desk", "new"), "in_progress");
  assert.equal(statusAfterMessage("staff", "awaiting_staff"), "in_progress");
  assert.equal(statusAfterMessage("staff", "new"), "new");
  assert.equal(acceptsMessages("closed"), false);
  assert.throws(() => statusAfterMessage("desk", "closed"), RangeError);
});

test("receipt codes: 4 groups of 5 unambiguous characters, normalised from what people type", () => {
  const code = generateReceiptCode((n) => randomBytes(n));
  assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  for (const ch of code.replaceAll("-", "")) assert.ok(RECEIPT_ALPHABET.includes(ch));
  assert.ok(!/[01OIL]/.test(RECEIPT_ALPHABET));
  assert.equal(normaliseReceiptCode(code.toLowerCase().replaceAll("-", " ")), code);
  assert.equal(normaliseReceiptCode("ＡＢＣＤＥ－ＦＧＨＪＫ－ＭＮＰＱＲ－ＳＴＵＶＷ"), "ABCDE-FGHJK-MNPQR-STUVW");
  assert.equal(normaliseReceiptCode("ABCDE-FGHJK-MNPQR-STUV0"), null);
  assert.equal(normaliseReceiptCode("short"), null);
  assert.equal(receiptLookupPart("ABCDE-FGHJK-MNPQR-STUVW"), "ABCDE");
  const many = new Set(Array.from({ length: 200 }, () => generateReceiptCode((n) => randomBytes(n))));
  assert.equal(many.size, 200);
});

test("small counts are shown as <5 and never as numbers", () => {
  const t = suppressSmallCounts([{ key: "a", count: 12 }, { key: "b", count: 3 }, { key: "c", count: 7 }, { key: "d", count: 2 }], { partition: true });
  assert.deepEqual(t.cells.map((c) => c.display), ["12", "<5", "7", "<5"]);
  assert.equal(t.total.display, "24");
});

test("a single hidden cell of a partition is protected against differencing", () => {
  const t = suppressSmallCounts([{ key: "a", count: 12 }, { key: "b", count: 3 }, { key: "c", count: 7 }], { partition: true });
  assert.deepEqual(t.cells.map((c) => c.display), ["12", "<5", "*"]);
  const visibleSum = t.cells.reduce((s, c) => s + (c.count ?? 0), 0);
  assert.notEqual((t.total.count ?? 0) - visibleSum, 3, "the total minus the visible cells does not reveal the small cell");
});

test("a small total is hidden; overlapping flags only hide small counts", () => {
  const t = suppressSmallCounts([{ key: "a", count: 2 }, { key: "b", count: 1 }], { partition: true });
  assert.equal(t.total.display, "<5");
  assert.deepEqual(t.cells.map((c) => c.display), ["<5", "<5"]);
  const flags = suppressSmallCounts([{ key: "health", count: 6 }, { key: "leave", count: 1 }], { partition: false });
  assert.deepEqual(flags.cells.map((c) => c.display), ["6", "<5"]);
});
