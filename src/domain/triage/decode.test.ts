import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeBytes, decodeCsv, parseCsv, parseEml } from "./decode.ts";
import { triage } from "./engine.ts";
import { byteString, encodeIso2022Jp, encodeShiftJis, fromByteString, toBase64 } from "./test-helpers.ts";

describe("decodeBytes", () => {
  it("the runtime supports the legacy Japanese decoders", () => {
    for (const label of ["shift_jis", "euc-jp", "iso-2022-jp"]) assert.doesNotThrow(() => new TextDecoder(label));
  });
  it("decodes UTF-8 (with and without BOM)", () => {
    const bytes = new TextEncoder().encode("住民税について");
    assert.deepEqual(decodeBytes(bytes), { ok: true, text: "住民税について", encoding: "utf-8" });
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);
    assert.equal((decodeBytes(bom) as { text: string }).text, "住民税について");
  });
  it("detects Shift_JIS", () => {
    const r = decodeBytes(encodeShiftJis("お前らは税金泥棒だ。ｺﾛｽぞ"));
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.equal(r.encoding, "shift_jis");
      assert.equal(r.text, "お前らは税金泥棒だ。ｺﾛｽぞ");
    }
  });
  it("detects ISO-2022-JP", () => {
    const r = decodeBytes(encodeIso2022Jp("燃えるごみの日"));
    assert.deepEqual(r, { ok: true, text: "燃えるごみの日", encoding: "iso-2022-jp" });
  });
  it("decodes UTF-16 with a BOM", () => {
    const r = decodeBytes(Uint8Array.from([0xff, 0xfe, 0x42, 0x30, 0x44, 0x30]));
    assert.deepEqual(r, { ok: true, text: "あい", encoding: "utf-16le" });
  });
  it("rejects binary data with a clear error", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const r = decodeBytes(png);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, "binary");
      assert.match(r.messageJa, /バイナリ/);
    }
  });
  it("rejects invalid byte sequences that are no Japanese encoding", () => {
    const r = decodeBytes(Uint8Array.from([0x41, 0xff, 0xfe, 0xfd, 0x80, 0x80, 0xff]));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.code, "unknown_encoding");
  });
  it("empty input is an empty text", () => {
    assert.deepEqual(decodeBytes(new Uint8Array(0)), { ok: true, text: "", encoding: "utf-8" });
  });
});

describe("CSV", () => {
  it("parses quoted fields, doubled quotes, commas and newlines in fields", () => {
    assert.deepEqual(parseCsv('id,text\r\n1,"こんにちは, 市役所"\r\n2,"彼は""無能""と言った\n次の行"\n'), [
      ["id", "text"],
      ["1", "こんにちは, 市役所"],
      ["2", '彼は"無能"と言った\n次の行'],
    ]);
  });
  it("decodes a Shift_JIS CSV export and the rows can be triaged", () => {
    const csv = "受付番号,本文\r\n1,燃えるごみの日を教えてください\r\n2,\"窓口のあいつを殺してやる\"\r\n";
    const r = decodeCsv(encodeShiftJis(csv));
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.encoding, "shift_jis");
    assert.equal(r.rows.length, 3);
    assert.equal(triage(r.rows[1]![1]!).flag, "none");
    assert.equal(triage(r.rows[2]![1]!).flag, "urgent");
  });
});

describe("parseEml", () => {
  const subject = `=?ISO-2022-JP?B?${toBase64(encodeIso2022Jp("住民税の件"))}?=`;
  const fromName = `=?UTF-8?B?${toBase64(new TextEncoder().encode("山田太郎"))}?=`;

  it("decodes RFC 2047 headers and an ISO-2022-JP 7bit body", () => {
    const raw =
      `From: ${fromName} <Taro@Example.JP>\r\nSubject: ${subject}\r\nDate: Tue, 3 Jun 2025 10:15:00 +0900\r\n` +
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" +
      byteString(encodeIso2022Jp("お前らは税金泥棒だ。\r\n謝罪文を書いて持ってこい。")) + "\r\n";
    const r = parseEml(fromByteString(raw));
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.from, "山田太郎 <Taro@Example.JP>");
    assert.equal(r.fromAddress, "taro@example.jp");
    assert.equal(r.subject, "住民税の件");
    assert.equal(r.date, "2025-06-03T01:15:00.000Z");
    assert.equal(r.text, "お前らは税金泥棒だ。\n謝罪文を書いて持ってこい。");
    assert.deepEqual(triage(r.text).groups, [2, 3]);
  });

  it("picks text/plain from multipart/alternative with base64 and quoted-printable parts", () => {
    const plain = toBase64(new TextEncoder().encode("燃えるごみの日を教えてください。"));
    const html = "<p>=E7=87=83=E3=81=88=E3=82=8B</p>";
    const raw = [
      "From: hanako@example.jp",
      `Subject: =?UTF-8?Q?=E3=81=94=E3=81=BF?= =?UTF-8?Q?=E3=81=AE=E4=BB=B6?=`,
      'Content-Type: multipart/alternative; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/html; charset=UTF-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      html,
      "--b1",
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: base64",
      "",
      plain,
      "--b1--",
      "",
    ].join("\r\n");
    const r = parseEml(raw);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.subject, "ごみの件");
    assert.equal(r.bodyType, "text/plain");
    assert.equal(r.text, "燃えるごみの日を教えてください。");
  });

  it("falls back to text/html and skips attachments in multipart/mixed", () => {
    const raw = [
      "From: x@example.jp",
      "Content-Type: multipart/mixed; boundary=zz",
      "",
      "--zz",
      "Content-Type: text/html; charset=UTF-8",
      "",
      "<div>担当者を<b>クビにしろ</b></div>",
      "--zz",
      'Content-Type: text/plain; name="a.txt"',
      "Content-Disposition: attachment; filename=a.txt",
      "",
      "添付の本文",
      "--zz--",
    ].join("\n");
    const r = parseEml(raw);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.bodyType, "text/html");
    assert.equal(r.text, "担当者をクビにしろ");
  });

  it("handles a Shift_JIS body declared as Shift_JIS, and an unreadable date", () => {
    const raw = `From: a@example.jp\r\nDate: someday\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n${toBase64(encodeShiftJis("死亡届の手続き"))}\r\n`;
    const r = parseEml(raw);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.text, "死亡届の手続き");
    assert.equal(r.date, null);
    assert.equal(r.warnings.length, 1);
  });

  it("returns a clear error for data that is not an e-mail, and never throws on garbage", () => {
    const r = parseEml("just some text without headers");
    assert.equal(r.ok, false);
    const garbage = new Uint8Array(50_000);
    let x = 7;
    for (let i = 0; i < garbage.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      garbage[i] = x >>> 24;
    }
    assert.doesNotThrow(() => parseEml(garbage));
    assert.doesNotThrow(() => parseEml("Content-Type: multipart/mixed; boundary=q\n\n--q\n--q\n--q--"));
  });
});
