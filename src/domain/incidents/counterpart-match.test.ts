import assert from "node:assert/strict";
import { test } from "node:test";
import { nameSimilarity, normaliseEmail, normaliseName, normalisePhone, suggestMatches } from "./counterpart-match.ts";

test("phone numbers in any format normalise to the same digits", () => {
  for (const p of ["090-1234-5678", "０９０１２３４５６７８", "090 1234 5678", "(090)1234-5678", "+81 90-1234-5678", "+819012345678", "０９０ー1234ー5678"]) {
    assert.equal(normalisePhone(p), "09012345678", p);
  }
  assert.equal(normalisePhone("022-214-1207"), "0222141207");
  assert.equal(normalisePhone("12"), null);
  assert.equal(normalisePhone(""), null);
  assert.equal(normalisePhone("+1 415 555 0100"), "+14155550100");
});

test("emails are trimmed and lower-cased; names fold width, kana and honorifics", () => {
  assert.equal(normaliseEmail("  Taro.Yamada@Example.JP "), "taro.yamada@example.jp");
  assert.equal(normaliseEmail("not an email"), null);
  assert.equal(normaliseName("ヤマダ　タロウ様"), "やまだたろう");
  assert.equal(normaliseName("ﾔﾏﾀﾞ ﾀﾛｳ"), "やまだたろう");
  assert.equal(nameSimilarity("山田 太郎", "山田太郎さん"), 1);
  assert.ok(nameSimilarity("山田太郎", "山田太朗") >= 0.6);
  assert.ok(nameSimilarity("山田太郎", "佐藤花子") < 0.2);
});

test("suggestions are scored with their reasons, best first, never the counterpart itself", () => {
  const known = [
    { id: "a", name: "山田太郎", phone: "090-1234-5678", email: null },
    { id: "b", name: "山田太朗", phone: null, email: "yamada@example.jp" },
    { id: "c", name: "佐藤花子", phone: "022-111-2222", email: null },
  ];
  const s = suggestMatches({ name: "ヤマダ", phone: "０９０１２３４５６７８", email: "YAMADA@example.jp " }, known);
  assert.deepEqual(
    s.map((x) => [x.id, x.reasons]),
    [
      ["a", ["phone"]],
      ["b", ["email"]],
    ],
  );
  assert.equal(s[0]?.score, 1);
  const byName = suggestMatches({ id: "a", name: "山田太郎", phone: null, email: null }, known);
  assert.deepEqual(byName.map((x) => x.id), ["b"]);
  assert.deepEqual(byName[0]?.reasons, ["name"]);
});
