import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type TriageOptions, triage } from "./engine.ts";

/** These tests specify the rules; the learned model next to them is tested in model.test.ts. */
const rulesOnly = (text: string, options: TriageOptions = {}) => triage(text, { ...options, model: null });

describe("reported speech after a quote", () => {
  it("a quote followed by と and a reporting verb a few words later is someone else's words", () => {
    const r = rulesOnly("息子がゲームの相手から「死ね」とチャットで何度も送られてきて困っています。");
    assert.equal(r.flag, "none");
    assert.ok(r.suppressed.some((s) => s.reason === "reported_speech"));
  });
  it("a resident narrating what a man shouted is not a staff record", () => {
    assert.equal(rulesOnly("待合室で男性が看護師に「ぶっ殺すぞ」と怒鳴っていました。警備を増やしてください。").flag, "none");
  });
  it("a staff record quoting the counterpart stays urgent", () => {
    assert.equal(rulesOnly("【応対記録】男性が「ぶっ殺すぞ」と怒鳴った。").flag, "urgent");
    assert.equal(rulesOnly("来庁者は職員に向かって「刺すぞ」と叫び、台を蹴った。").flag, "urgent");
  });
  it("a reporting word written in katakana or Latin letters (メッセージが, LINEで, メール) is recognised", () => {
    // Reporting words are compared with the normalised text, where katakana is folded to hiragana.
    for (const text of [
      "隣の人から「家に火をつける」とメッセージが来ました。怖いです。",
      "元同僚から「ぶっ殺すぞ」とLINEで何度も送られてきました。",
      "「燃やしてやる」とメールが届き、眠れません。",
      "「死ね」とＤＭが来て、娘が学校に行けなくなりました。",
    ]) {
      const r = rulesOnly(text);
      assert.equal(r.flag, "none", text);
      assert.ok(r.suppressed.some((s) => s.reason === "reported_speech"), text);
    }
  });
  it("a staff record of a threat made by phone stays urgent", () => {
    assert.equal(rulesOnly("相手方は「殺すぞ」と電話口で怒鳴った。").flag, "urgent");
  });
  it("the writer's own threat is not hidden by a later verb", () => {
    assert.equal(rulesOnly("「殺してやる」。本気だ。").flag, "urgent");
  });
});

describe("habitual sayings reported by the writer (round 10)", () => {
  it("a relative's habitual phrase reported with って言うんですけど or 口癖 is someone else's words", () => {
    for (const text of [
      "うちの祖父は昔の話になると「役人なんか皆殺しじゃ」って言うんですけど、口癖なので気にしないでください。",
      "父は酔うと「市役所を燃やしてやる」が口癖で、家族も困っています。",
      "隣の人が「ぶっ殺すぞ」って言ってました。怖いです。",
    ]) {
      const r = rulesOnly(text);
      assert.equal(r.flag, "none", text);
      assert.ok(r.suppressed.some((s) => s.reason === "reported_speech"), text);
    }
  });
  it("the writer's own threat with って言ってんだ stays a threat", () => {
    assert.equal(rulesOnly("お前ら皆殺しにするって言ってんだよ").flag, "urgent");
  });
});

describe("harmless fire and contact requests", () => {
  it("lighting a fire for a bonfire or a candle is not arson; a threat still is", () => {
    assert.equal(rulesOnly("焚き火で火をつける場所に決まりはありますか。").flag, "none");
    assert.equal(rulesOnly("役所に火をつけてやるからな。").flag, "urgent");
  });
  it("asking for the new officer's contact details is not a personal advance", () => {
    assert.equal(rulesOnly("新しい担当の方の連絡先を教えてください。").flag, "none");
  });
});
