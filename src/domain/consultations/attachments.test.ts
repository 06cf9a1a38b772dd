import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanFilename, detectAttachmentType, formatSize } from "./attachments.ts";

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

test("the type comes from the content: photos, PDFs, recordings and Office files are recognised", () => {
  assert.equal(detectAttachmentType(bytes("%PDF-1.7\n"), "x.bin")?.mime, "application/pdf");
  assert.equal(detectAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0]), "IMG_0001.JPG")?.mime, "image/jpeg");
  assert.equal(detectAttachmentType(bytes([0x89], "PNG\r\n", [0x1a, 0x0a]), "a")?.mime, "image/png");
  assert.equal(detectAttachmentType(bytes("RIFF\0\0\0\0WEBPVP8 "), "a.webp")?.mime, "image/webp");
  assert.equal(detectAttachmentType(bytes("\0\0\0\x18ftypheic"), "IMG.HEIC")?.mime, "image/heic");
  assert.equal(detectAttachmentType(bytes("\0\0\0\x20ftypM4A "), "rec.m4a")?.mime, "audio/mp4");
  assert.equal(detectAttachmentType(bytes("ID3\x04"), "call.mp3")?.mime, "audio/mpeg");
  assert.equal(detectAttachmentType(bytes("RIFF\0\0\0\0WAVEfmt "), "call.wav")?.mime, "audio/wav");
  assert.match(detectAttachmentType(bytes("PK\x03\x04"), "memo.docx")?.mime ?? "", /wordprocessingml/);
  assert.equal(detectAttachmentType(Buffer.from("電話のメモ\n", "utf8"), "memo.txt")?.mime, "text/plain; charset=utf-8");
});

test("anything else is refused, whatever its name says", () => {
  assert.equal(detectAttachmentType(bytes("<html><script>"), "photo.png"), null);
  assert.equal(detectAttachmentType(bytes("MZ\x90\0"), "report.pdf"), null, "an executable named .pdf");
  assert.equal(detectAttachmentType(bytes("PK\x03\x04"), "archive.zip"), null, "zip archives in general");
  assert.equal(detectAttachmentType(bytes("<svg onload=alert(1)>"), "a.txt") === null, false, "text is stored as text/plain, never rendered");
  assert.equal(detectAttachmentType(bytes([0x00, 0x01, 0x02]), "a.txt"), null, "binary is not text");
  assert.equal(detectAttachmentType(bytes([0xe3, 0x81]), "a.txt"), null, "broken UTF-8 is not text");
  assert.equal(detectAttachmentType(new Uint8Array(0), "a.txt"), null);
});

test("file names: no directories or control characters, at most 200 characters with the extension kept", () => {
  assert.equal(cleanFilename("C:\\Users\\taro\\窓口メモ.txt"), "窓口メモ.txt");
  assert.equal(cleanFilename("../../etc/passwd"), "passwd");
  assert.equal(cleanFilename("a\u0000b\nc.pdf"), "abc.pdf");
  assert.equal(cleanFilename("...hidden"), "hidden");
  assert.equal(cleanFilename("   "), "attachment");
  const long = cleanFilename(`${"あ".repeat(300)}.docx`);
  assert.equal(long.length, 200);
  assert.ok(long.endsWith(".docx"));
});

test("sizes for messages", () => {
  assert.equal(formatSize(10 * 1024 * 1024), "10 MB");
  assert.equal(formatSize(4096), "4 KB");
  assert.equal(formatSize(12), "12 B");
});
