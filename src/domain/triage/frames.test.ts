import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type TriageOptions, triage } from "./engine.ts";

/** These tests specify the rules; the learned model next to them is tested in model.test.ts. */
const rulesOnly = (text: string, options: TriageOptions = {}) => triage(text, { ...options, model: null });

const flagOf = (t: string) => rulesOnly(t).flag;
const groupsOf = (t: string) => rulesOnly(t).groups;

describe("threat frames: 〜と思うな attached to safety, family and retaliation", () => {
  it("a threat to the safety of staff or their family is urgent", () => {
    for (const text of ["奥さんと子どもが無事で済むと思うなよ。", "安心して眠れると思うな。", "このまま家族が平穏に暮らせると思ったら大間違いだぞ。"]) {
      assert.equal(flagOf(text), "urgent", text);
    }
  });
  it("a hint at retaliation is intimidation (review, group 2)", () => {
    assert.equal(flagOf("このまま済むと思うなよ。"), "review");
    assert.deepEqual(groupsOf("逃げ切れると思うな。"), [2]);
  });
  it("anger or worry in the same words is not flagged", () => {
    for (const text of [
      "謝って済むと思うなよ、と言いたいくらい腹が立っています。",
      "こんな対応で市民が安心して暮らせると思うなよ。",
      "家族が無事でいられると思うと、職員さんには頭が下がります。",
      "一人暮らしの母の身の安全が心配です。",
      "安全だと思うなら、なぜ柵を設置したのですか。",
    ]) {
      assert.equal(flagOf(text), "none", text);
    }
  });
  it("knowing where a staff member's child is, or waiting on the way home, is urgent", () => {
    assert.equal(flagOf("担当者の子どもが保育園から帰る時間くらい把握してるからな。"), "urgent");
    assert.equal(flagOf("子どもの通学路で待っててやろうか。"), "urgent");
    assert.equal(flagOf("帰り道、せいぜい一人にならないようにしな。"), "urgent");
    assert.equal(flagOf("担当の子ども家庭課の方が調べてくださいました。"), "none");
    assert.equal(flagOf("帰り道は一人にならないようにしなさいと学校で言われました。"), "none");
  });
});

describe("fire: relative clauses and fire objects are harmless, plain threats are not", () => {
  it("a plain verb followed by a noun or a fire object is not arson", () => {
    for (const text of [
      "子ども会で手持ち花火をします。火をつける係は大人がやるべきでしょうか。",
      "野焼きの許可を取りたいのですが、火をつける日は届け出が必要ですか。",
      "着火剤を使って薪ストーブに火をつけるのは、集合住宅でも問題ありませんか。",
      "古くなったストーブの灯油を持って行ける回収場所はありますか。",
    ]) {
      assert.equal(flagOf(text), "none", text);
    }
  });
  it("a plain verb that ends the clause is still arson", () => {
    assert.equal(flagOf("庁舎に火を放つつもりだ。"), "urgent");
    assert.equal(flagOf("あの窓口ごと焼き払ってやる。"), "urgent");
    assert.equal(flagOf("ガソリンを持って庁舎に行く。"), "urgent");
    assert.equal(flagOf("火をつけるつもりはありません。"), "none");
  });
});

describe("restraint and persistence in open-ended words", () => {
  it("a condition plus a refusal to leave or end is group 1", () => {
    for (const text of [
      "市長が会うと言うまで、俺は絶対に引き下がらないぞ。",
      "お前が認めるまで、この話は終わりにさせないからな。",
      "納得いく答えをもらうまで、一晩でもこのロビーに泊まり込むからな。",
      "返事がもらえるまで、この通話を終わりにする気はないからな。",
      "今月いっぱい、一日も欠かさず苦情のメールを送りつけるつもりだ。",
    ]) {
      assert.deepEqual(groupsOf(text), [1], text);
    }
  });
  it("ordinary persistence and staying are not", () => {
    for (const text of [
      "入院中の母に付き添って病院に泊まり込むことが多く、平日の窓口に行けません。",
      "息子は合格するまで諦めないと言って毎日塾に通っています。",
      "この手続きを今日中に終わらせたいので、必要な書類を教えてください。",
      "風邪を引かないように、絶対に無理はしないでください。",
      "工事の車両が道を退かないので、救急車が通れるのか心配です。",
    ]) {
      assert.equal(flagOf(text), "none", text);
    }
  });
});

describe("veiled money demands, findable addresses, body questions", () => {
  it("〜てもらおう about a cost is a money demand; an intention (〜てもらおうと思う) is not", () => {
    assert.deepEqual(groupsOf("壊れた自転車の代金、そっちで弁償してもらおうじゃないか。"), [3]);
    assert.deepEqual(groupsOf("通院にかかったタクシー代は全部そちらに出してもらおう。"), [3]);
    assert.equal(flagOf("高額療養費を払い戻してもらおうと思い、必要な書類を確認したいです。"), "none");
    assert.equal(flagOf("児童手当を振り込んでもらう口座を変更したいです。"), "none");
  });
  it("'your address is easy to find' is intimidation, even when the address was named in the previous sentence", () => {
    assert.deepEqual(groupsOf("お前の住んでる所なんか、ちょっと調べりゃすぐ出てくるんだよ。"), [2]);
    assert.deepEqual(groupsOf("担当者の自宅？その気になれば一日で突き止められる。"), [2]);
    assert.equal(flagOf("空き家の持ち主なんて登記簿を調べれば分かるだろう。なぜ放置するのか。"), "none");
    assert.equal(flagOf("新しい住所は前回の届出を調べていただければ分かると思います。"), "none");
  });
  it("questions about a staff member's body are group 5; sizes and weight checks are not", () => {
    assert.deepEqual(groupsOf("受付のお姉さん、バストはいくつ？カップも教えてよ。"), [5]);
    assert.deepEqual(groupsOf("あんた体重何キロ？抱き心地よさそうだな。"), [5]);
    assert.equal(flagOf("乳幼児健診の体重測定は、服を着たままでもいいですか。"), "none");
    assert.equal(flagOf("受付の職員さんの制服はサイズが合っていないようで暑そうでした。"), "none");
  });
});
