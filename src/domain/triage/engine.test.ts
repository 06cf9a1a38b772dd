import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type TriageOptions, triage } from "./engine.ts";

/** These tests specify the rules; the learned model next to them is tested in model.test.ts. */
const rulesOnly = (text: string, options: TriageOptions = {}) => triage(text, { ...options, model: null });

const flagOf = (t: string) => rulesOnly(t).flag;

describe("triage: threats are urgent", () => {
  for (const text of [
    "お前を殺すぞ",
    "今度行ったら担当を殺してやる",
    "庁舎に火をつけてやる",
    "市役所を爆破する",
    "帰り道で待ち伏せしてやる",
    "包丁を持って窓口に行くから待ってろ",
    "次に会ったら殴ってやる",
    "灯油を撒いて庁舎ごと燃やしてやる",
  ]) {
    it(text, () => {
      const r = rulesOnly(text);
      assert.equal(r.flag, "urgent");
      assert.deepEqual(r.groups, [2]);
    });
  }
});

describe("triage: implicit threats (round 11) and their harmless neighbours", () => {
  for (const [text, flag] of [
    ["平日は17時20分ごろ裏口から出てきますよね、小林さん。今日あたり、外で待っていますね。", "urgent"],
    ["17時ごろに伺います。受付が混んでいたら外で待っていますね。", "none"],
    ["子どもを17時にお迎えに行くので、駐車場で待っていますね。", "none"],
    ["うちには猟銃があって免許もある。市役所の一階なんて、いつでも一発だよ。", "urgent"],
    ["猟銃の所持許可の更新について教えてください。射撃場での練習記録は必要ですか。", "none"],
    ["息子さん、部活の帰りはいつもひとりですよね。何かあっても私は知りませんけど。", "urgent"],
    ["通学路のガードレールが壊れたままです。子どもたちが毎日通るのに、何かあっても知らないというのですか。", "none"],
    ["子どもの通学路の倒木、このままで何かあっても知りませんよ。早く片付けてください。", "none"],
  ] as const) {
    it(`${text} → ${flag}`, () => assert.equal(flagOf(text), flag));
  }
});

describe("triage: round 13 — recordings of staff, blunt weapons, strangling, English weapons", () => {
  for (const [text, flag, groups] of [
    ["自転車撤去の件、まだ説明がありません。保管所の職員の動画はいつでも公開できる状態です。顔もはっきり映っています。", "review", [4]],
    ["職員の方の説明動画、とても分かりやすかったのでSNSで拡散しますね。", "none", []],
    ["孫の運動会の写真を公開しても大丈夫でしょうか。", "none", []],
    ["明日の朝、集積所で収集の人が来るの待ってるから。鉄パイプ用意しとくわ。", "urgent", [2]],
    ["お祭りの準備で金属バットを用意しました。", "none", []],
    ["正直、担当の人の首を絞めてやりたい気分だし、本当にそうしてやろうかと思っています。", "urgent", [2]],
    ["Next time I come to the ward office I will bring a gun.", "urgent", [2]],
  ] as const) {
    it(`${text} → ${flag}`, () => {
      const r = rulesOnly(text);
      assert.equal(r.flag, flag);
      assert.deepEqual(r.groups, groups);
    });
  }
});

describe("triage: masking tricks", () => {
  for (const [text, flag] of [
    ["殺.す", "urgent"],
    ["ｺﾛｽぞ", "urgent"],
    ["殺　す　ぞ", "urgent"],
    ["ぶっ殺　す", "urgent"],
    ["庁舎を爆*破する", "urgent"],
    ["〇ね", "review"],
    ["氏ね", "review"],
    ["タヒね", "review"],
    ["ｾﾞｲｷﾝﾄﾞﾛﾎﾞｳ", "review"],
    // round 11: a reference mark as the mask, and threats spelt in Latin letters
    ["児童相談所の担当、殺※す。", "urgent"],
    ["ｂａｋｕｈａ　ｓｕｒｕ　市民センター　あした", "urgent"],
    ["omae wo korosu", "urgent"],
    ["ＫＩＬＬ　ＹＯＵ", "urgent"],
    ["I will kill you all", "urgent"],
    ["消防署に火つけてやろうか。燃えるとこ見たら少しはわかるだろ。", "urgent"],
    // …and their harmless neighbours
    ["英語の講座で skill your reading を学びました。", "none"],
    ["消防団の訓練で、たき火に火をつけて消火器の使い方を習いました。", "none"],
    ["※ 申請書は窓口でも受け付けます。", "none"],
  ] as const) {
    it(`${text} → ${flag}`, () => assert.equal(flagOf(text), flag));
  }

  it("a mask does not stand for half of any two-letter word", () => {
    assert.equal(flagOf("お前 こ○す"), "urgent");
    assert.deepEqual(rulesOnly("お前 こ○す").groups, [2]);
    assert.equal(flagOf("〇〇さんね、先日はどうも"), "none");
    assert.equal(flagOf("○○課の○○です"), "none");
  });
});

describe("triage: hard negatives are not flagged", () => {
  for (const text of [
    "殺菌消毒の頻度を教えてください",
    "燃えるごみの日はいつですか",
    "夏祭りは爆発的な人気でした",
    "母の死亡届を出したいです",
    "保護犬の殺処分をなくしてほしい",
    "バイクの爆音で眠れません",
    "窓口に問い合わせが殺到しているそうですね",
    "隣の家が庭でごみを燃やしていて困ります",
    "マイナンバーカードの更新をしたい",
    "ばかばかしいと思われるかもしれませんが",
    "こころすこやかに過ごしています",
    "弁護士に相談します",
    "情報公開請求をします",
    "住民監査請求を検討しています",
    "行政不服審査法に基づいて審査請求をします",
    "地元の市議会議員に相談します",
    "報道機関に情報提供することも考えています",
    "聴覚障害があるので筆談でお願いします",
    "DVの相談なので女性の職員にお願いしたいです",
    "ふざけるな。いい加減にしてほしい。三回目の収集漏れだ。",
    "納得できません。理由を文書で説明してください。",
    "市の対応には本当に腹が立ちます。改善を求めます。",
    "担当の方のお名前を教えていただけますか",
    "二重に引き落とされた保険料を返金してください",
  ]) {
    it(text, () => assert.equal(flagOf(text), "none"));
  }
});

describe("triage: quotation, reporting and negation", () => {
  it("a complaint that staff said 無能 is not abuse by the writer", () => {
    const r = rulesOnly("職員に『無能』と言われた");
    assert.equal(r.flag, "none");
    assert.equal(r.suppressed[0]?.reason, "reported_speech");
    assert.equal(r.suppressed[0]?.text, "無能");
  });

  it("reporting a neighbour's threat to the city is not a threat to staff", () => {
    assert.equal(flagOf("隣の部屋の住人が夜中に「殺すぞ」と叫んでいて怖いです"), "none");
  });

  it("a staff record quoting the counterpart stays a signal", () => {
    assert.equal(flagOf("【応対記録】相手方は「今から行って殺してやる」と怒鳴った。"), "urgent");
  });

  it("negation after a threat word drops it, but other abuse in the message stays", () => {
    assert.equal(flagOf("殺すつもりはない"), "none");
    assert.equal(flagOf("無能だとは言いませんが、改善してください"), "none");
    const r = rulesOnly("殺すつもりはないが、覚えておけ");
    assert.equal(r.flag, "review");
    assert.deepEqual(r.signals.map((s) => s.code), ["intimidation"]);
  });

  it("lawful action in the same sentence drops money demands, but never a threat", () => {
    assert.equal(flagOf("弁護士を通じて慰謝料を請求します"), "none");
    assert.equal(flagOf("弁護士に相談したうえで、お前を殺す"), "urgent");
  });
});

describe("triage: demands are signals for judgement, not urgent", () => {
  for (const [text, code] of [
    ["土下座しろ", "dogeza_demand"],
    ["慰謝料を払え", "money_demand"],
    ["誠意を見せろ", "money_demand"],
    ["謝罪文を書いて持ってこい", "apology_demand"],
    ["あの職員をクビにしろ", "punishment_demand"],
    ["担当者を異動させてください", "punishment_demand"],
    ["俺だけ特別扱いしろ", "special_treatment"],
  ] as const) {
    it(text, () => {
      const r = rulesOnly(text);
      assert.equal(r.flag, "review");
      assert.deepEqual(r.groups, [3]);
      assert.equal(r.signals[0]?.code, code);
    });
  }
  it("garbage disposal is not a demand to punish staff", () => {
    assert.equal(flagOf("粗大ごみの処分をしてください"), "none");
  });
});

describe("triage: other groups", () => {
  it("restraint and persistence are group 1", () => {
    assert.deepEqual(rulesOnly("納得する回答が出るまで、ここから帰らないぞ").groups, [1]);
    assert.deepEqual(rulesOnly("回答があるまで毎日電話しますから").groups, [1]);
  });
  it("exposing staff online is group 4, but posting on the city's own channel is not", () => {
    assert.deepEqual(rulesOnly("担当者の名前と顔写真をネットに晒してやる").groups, [4]);
    assert.equal(flagOf("市の公式YouTubeに防災訓練の動画を載せてください"), "none");
  });
  it("discrimination and sexual remarks are group 5", () => {
    assert.deepEqual(rulesOnly("女のくせに偉そうに").groups, [5]);
    assert.deepEqual(rulesOnly("受付のお姉ちゃん、彼氏いるの？").groups, [5]);
  });
});

describe("triage: evidence offsets point into the original text", () => {
  it("after half-width conversion", () => {
    const text = "件名：至急\nお前ら ｺﾛｽぞ";
    const s = rulesOnly(text).signals[0];
    assert.ok(s);
    assert.equal(text.slice(s.start, s.end), s.text);
    assert.equal(s.text, "ｺﾛｽぞ");
  });
  it("across removed masking characters and after emoji", () => {
    const text = "😡😡😡 税.金.泥.棒 め";
    const s = rulesOnly(text).signals[0];
    assert.ok(s);
    assert.equal(s.text, "税.金.泥.棒");
    assert.equal(text.slice(s.start, s.end), "税.金.泥.棒");
    assert.equal(s.rule, "abuse.insult");
  });
  it("for a masked character", () => {
    const text = "担当者は〇ねよ";
    const s = rulesOnly(text).signals[0];
    assert.ok(s);
    assert.equal(s.text, "〇ね");
    assert.equal(s.masked, true);
  });
  it("signals carry a rule id, Japanese label and explanation", () => {
    const s = rulesOnly("この税金泥棒が").signals[0];
    assert.ok(s);
    assert.equal(s.rule, "abuse.insult");
    assert.equal(s.labelJa, "暴言・侮辱");
    assert.ok(s.explanationJa.length > 10);
  });
});

describe("triage: invalid and extreme input never crashes", () => {
  it("empty text", () => {
    const r = rulesOnly("");
    assert.equal(r.flag, "none");
    assert.deepEqual(r.signals, []);
  });
  it("non-string input is treated as empty", () => {
    assert.equal(rulesOnly(undefined as unknown as string).flag, "none");
    assert.equal(rulesOnly(42 as unknown as string).flag, "none");
  });
  // Speed on long texts is measured by `npm run bench -- triage`, not here (no timed unit tests).
  it("1 MB of text with a threat near the end: flagged, with the span in the original text", () => {
    const filler = "住民税の納付についてお尋ねします。".repeat(60_000);
    const text = `${filler}庁舎を爆破する`;
    const r = rulesOnly(text);
    assert.equal(r.flag, "urgent");
    assert.equal(text.slice(r.signals[0]!.start, r.signals[0]!.end), "爆破する");
  });
  it("1 MB of repeated insults keeps every signal within the text", () => {
    const r = rulesOnly("無能".repeat(500_000));
    assert.equal(r.flag, "review");
    assert.equal(r.signals.length, 1); // adjacent matches of one code merge into one span
    assert.equal(r.signals[0]!.end, 1_000_000);
  });
  it("binary garbage", () => {
    let s = "";
    let x = 12345;
    for (let i = 0; i < 100_000; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      s += String.fromCharCode(x & 0xffff);
    }
    const r = rulesOnly(s);
    assert.ok(["none", "review", "urgent"].includes(r.flag));
    for (const sig of r.signals) assert.equal(s.slice(sig.start, sig.end), sig.text);
  });
  it("lone surrogates and emoji around a threat", () => {
    const text = "\uD83D殺すぞ\uDE00🔥🔥";
    const r = rulesOnly(text);
    assert.equal(r.flag, "urgent");
    assert.equal(r.signals[0]!.text, "殺す");
  });
  it("mixed scripts", () => {
    assert.equal(flagOf("Hello, 担当者さん. Привет. 안녕하세요. 你好。書類を送ってください"), "none");
  });
  it("text beyond maxChars is truncated and reported", () => {
    const r = rulesOnly(`${"あ".repeat(100)}殺すぞ`, { maxChars: 50 });
    assert.equal(r.truncated, true);
    assert.equal(r.flag, "none");
  });
  it("is deterministic", () => {
    const t = "お前らは税金泥棒だ。土下座しろ。晒してやる。";
    assert.deepEqual(rulesOnly(t), rulesOnly(t));
  });
});

describe("triage: output size is bounded", () => {
  it("1 MB of separated insults returns at most MAX_SIGNALS signals, all inside the text", async () => {
    const { MAX_SIGNALS } = await import("./engine.ts");
    const text = "無能。".repeat(300_000);
    const r = rulesOnly(text);
    assert.equal(r.signals.length, MAX_SIGNALS);
    for (const s of r.signals.slice(0, 5)) assert.equal(text.slice(s.start, s.end), "無能");
  });
});

describe("triage: titles of works and listed-then-denied demands (round 6)", () => {
  it("a violent word inside the quoted title of a film, play or book is not a threat", () => {
    for (const text of [
      "「ぶっ殺すほど笑える」ってタイトルの演劇、市民会館で上演しますよね？",
      "映画『市役所を燃やせ』の上映会を市民センターでやりたいのですが、会場予約はどこですか。",
      "図書館に『爆破予告』という小説はありますか。",
    ]) {
      assert.equal(flagOf(text), "none", text);
    }
  });
  it("the same words quoted as the counterpart's, or said outright, stay threats", () => {
    assert.equal(flagOf("相手方は「燃やしてやる」と叫んだ。"), "urgent");
    assert.equal(flagOf("お前を「殺してやる」。"), "urgent");
    assert.equal(flagOf("映画館の前で待ち伏せして刺してやる。"), "urgent");
  });
  it("demands listed with とか and denied as a whole are not signals; the same list demanded is", () => {
    assert.equal(flagOf("晒すとか拡散とか、そういうことをする気はありません。"), "none");
    assert.equal(flagOf("慰謝料とか、そういうのは一切求めていません。返金の手続きだけ教えてください。"), "none");
    assert.deepEqual(rulesOnly("慰謝料とか、そういうのを払え。").groups, [3]);
  });
});

describe("triage: round 7 rules (from the test-v7 error list and training part 7a)", () => {
  it("plain stabbing and head-splitting at a clause end, and 'not letting you leave alive', are threats", () => {
    assert.equal(flagOf("市民会館の館長、明日の式典で壇上に上がったら刺すから。"), "urgent");
    assert.equal(flagOf("説明に来た職員を生きて帰さない。"), "urgent");
    assert.equal(flagOf("斧で頭かち割ったるけぇの。"), "urgent");
  });
  it("insects, needles and the idiom 釘を刺す are not", () => {
    for (const text of ["蜂が刺すから気をつけて。", "釘を刺すからね。", "注射を刺すから痛くないよ"]) assert.equal(flagOf(text), "none", text);
  });
  it("denials and reports in more words: なんて言ってません, とかは言いません, と大声を出していて, a video's title", () => {
    for (const text of [
      "包丁を持って行くなんて言ってません！包丁研ぎのイベントの会場を聞いただけです。",
      "市役所を燃やすとかは冗談でも言いませんけど、正直、心が燃え尽きそうです。",
      "窓口で前の人が「殺すぞ」と大声を出していて子どもが泣いてしまいました。",
      "ゲーム実況者の「〇〇をぶっ殺す縛りプレイ」って動画、子どもが真似しないか心配です。",
    ]) {
      assert.equal(flagOf(text), "none", text);
    }
    assert.equal(flagOf("相手方は「殺すぞ」と大声を出した。"), "urgent", "a staff record still counts");
    assert.equal(flagOf("燃やすとかは言わせないぞ、燃やしてやる。"), "urgent");
  });
});
