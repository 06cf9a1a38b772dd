import assert from "node:assert/strict";
import { test } from "node:test";
import { retentionDecision, retentionEndsAt, dueIfOccurredBefore } from "./retention.ts";
import { checkContent, claimedType, kindOf, sniff } from "./types.ts";

const b = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

test("the first bytes identify every accepted family", () => {
  assert.equal(sniff(b("%PDF-1.7\n")), "pdf");
  assert.equal(sniff(b([0xff, 0xd8, 0xff, 0xe0])), "jpeg");
  assert.equal(sniff(b([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "png");
  assert.equal(sniff(b("GIF89a")), "gif");
  assert.equal(sniff(b("RIFF", [0, 0, 0, 0], "WEBPVP8 ")), "webp");
  assert.equal(sniff(b("RIFF", [0, 0, 0, 0], "WAVEfmt ")), "wav");
  assert.equal(sniff(b("OggS", [0])), "ogg");
  assert.equal(sniff(b([0x1a, 0x45, 0xdf, 0xa3])), "webm");
  assert.equal(sniff(b([0, 0, 0, 0x20], "ftypisom")), "mp4");
  assert.equal(sniff(b([0, 0, 0, 0x20], "ftypM4A ")), "m4a");
  assert.equal(sniff(b([0, 0, 0, 0x14], "ftypqt  ")), "mov");
  assert.equal(sniff(b([0, 0, 0, 0x18], "ftypheic")), "heic");
  assert.equal(sniff(b("ID3", [4, 0])), "mp3");
  assert.equal(sniff(b([0xff, 0xfb, 0x90, 0x64])), "mp3");
  assert.equal(sniff(b("Received: from mx.example.jp\r\nFrom: a@example.jp\r\nSubject: x\r\n\r\nbody")), "eml");
  assert.equal(sniff(Buffer.from("窓口での発言の書き起こし\n「お前は無能だ」\n", "utf8")), "text");
  assert.equal(sniff(b("PK", [3, 4, 0, 0, 8, 0])), null, "a zip archive is nothing we accept");
});

test("a file whose bytes do not match its claimed type is refused, naming what it looks like", () => {
  assert.deepEqual(checkContent("application/pdf", b("%PDF-1.4")), { ok: true });
  assert.deepEqual(checkContent("audio/mpeg", b("%PDF-1.4")), { ok: false, detected: "application/pdf" });
  assert.deepEqual(checkContent("image/png", b([0xff, 0xd8, 0xff, 0xe0])), { ok: false, detected: "image/jpeg" });
  assert.deepEqual(checkContent("text/plain", b("MZ", [0x90, 0, 3, 0])), { ok: false, detected: null }, "an executable is not text");
  assert.deepEqual(checkContent("message/rfc822", b("just some words\n")), { ok: false, detected: "text/plain" }, "text without headers is not an e-mail");
  assert.deepEqual(checkContent("text/plain", b("From: a@example.jp\nDate: Mon, 1 Jun 2026\n\nhi")), { ok: true }, "a saved message is also text");
  assert.deepEqual(checkContent("video/mp4", b([0, 0, 0, 0x20], "ftypM4A ")), { ok: true });
  assert.deepEqual(checkContent("application/zip", b("PK")), { ok: false, detected: null }, "unknown types never pass");
});

test("the claimed type comes from the part's type, or from the extension when the browser sends none", () => {
  assert.equal(claimedType("audio/x-wav", "rec.wav"), "audio/wav");
  assert.equal(claimedType("application/octet-stream", "苦情メール.EML"), "message/rfc822");
  assert.equal(claimedType("", "memo.txt"), "text/plain");
  assert.equal(claimedType("application/zip", "a.zip"), null);
  assert.equal(claimedType("application/octet-stream", "a.exe"), null);
  assert.equal(kindOf("video/quicktime"), "video");
});

test("retention counts from 1 April after the fiscal year of the incident (Japan time)", () => {
  // 2026-05-10 is in fiscal 2026 → kept three years from 2027-04-01 → until 2030-04-01 00:00 JST.
  assert.equal(retentionEndsAt(new Date("2026-05-10T01:00:00Z"), "3y").toISOString(), "2030-03-31T15:00:00.000Z");
  // 2027-03-31 23:30 JST is still fiscal 2026.
  assert.equal(retentionEndsAt(new Date("2027-03-31T14:30:00Z"), "1y").toISOString(), "2028-03-31T15:00:00.000Z");
  // 2027-04-01 00:30 JST is fiscal 2027.
  assert.equal(retentionEndsAt(new Date("2027-03-31T15:30:00Z"), "1y").toISOString(), "2029-03-31T15:00:00.000Z");
});

test("the job deletes only after the period ends and never under a legal hold", () => {
  const occurredAt = new Date("2020-06-01T00:00:00Z");
  const now = new Date("2026-11-24T00:00:00Z");
  assert.equal(retentionDecision({ occurredAt, retentionClass: "3y", legalHold: false, now }).action, "delete");
  assert.deepEqual(retentionDecision({ occurredAt, retentionClass: "3y", legalHold: true, now }), {
    action: "keep",
    reason: "legal_hold",
    until: new Date("2024-03-31T15:00:00Z"),
  });
  assert.equal((retentionDecision({ occurredAt, retentionClass: "10y", legalHold: false, now }) as { reason: string }).reason, "within_retention");
  assert.equal((retentionDecision({ occurredAt, retentionClass: "forever", legalHold: false, now }) as { reason: string }).reason, "unknown_class");
  // The job's query selects exactly what the decision deletes, on both sides of the boundary.
  for (const cls of ["1y", "3y", "5y", "10y"] as const) {
    const boundary = dueIfOccurredBefore(cls, now);
    assert.equal(retentionDecision({ occurredAt: new Date(boundary.getTime() - 1000), retentionClass: cls, legalHold: false, now }).action, "delete", cls);
    assert.equal(retentionDecision({ occurredAt: boundary, retentionClass: cls, legalHold: false, now }).action, "keep", cls);
  }
});
