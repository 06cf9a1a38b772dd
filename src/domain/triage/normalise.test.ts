import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MASK, normalise, toOriginalSpan } from "./normalise.ts";

describe("normalise", () => {
  it("folds half-width katakana, katakana and full-width ASCII to one form", () => {
    assert.equal(normalise("ｺﾛｽ").text, "ころす");
    assert.equal(normalise("コロス").text, "ころす");
    assert.equal(normalise("ＡＢＣ１２３").text, "abc123");
    assert.equal(normalise("ｶﾞｿﾘﾝ").text, "がそりん");
  });

  it("removes spacing and masking separators between characters", () => {
    assert.equal(normalise("殺.す").text, "殺す");
    assert.equal(normalise("殺　す").text, "殺す");
    assert.equal(normalise("殺・す").text, "殺す");
    assert.equal(normalise("殺\u200bす").text, "殺す");
    assert.equal(normalise("こーろーす").text, "ころす");
  });

  it("keeps the long-vowel mark inside katakana words so カード does not become かど", () => {
    assert.equal(normalise("ナンバーカード").text, "なんばーかーど");
  });

  it("turns replacement masks into one MASK character", () => {
    assert.equal(normalise("〇ね").text, `${MASK}ね`);
    assert.equal(normalise("●ね").text, `${MASK}ね`);
    assert.equal(normalise("殺＊す").text, `殺${MASK}す`);
  });

  it("maps every normalised character back to its original offsets", () => {
    const original = "前置き ｺﾞﾐ職員！";
    const n = normalise(original);
    assert.equal(n.text, "前置きごみ職員!");
    const at = n.text.indexOf("ごみ職員");
    const span = toOriginalSpan(n, at, at + 4);
    assert.equal(original.slice(span.start, span.end), "ｺﾞﾐ職員");
  });

  it("maps across removed masking characters and surrogate pairs", () => {
    const original = "😀😀 殺.す.ぞ";
    const n = normalise(original);
    const at = n.text.indexOf("殺すぞ");
    const span = toOriginalSpan(n, at, at + 3);
    assert.equal(original.slice(span.start, span.end), "殺.す.ぞ");
  });

  it("drops lone surrogates and control characters without throwing", () => {
    const n = normalise("a\uD800b\u0000c\uDFFFd");
    assert.equal(n.text, "abcd");
  });

  it("handles the empty string", () => {
    const n = normalise("");
    assert.equal(n.text, "");
    assert.equal(n.starts.length, 0);
  });
});
