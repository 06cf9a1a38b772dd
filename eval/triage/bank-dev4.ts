import type { Bank, Core, Flag, Group } from "./build.ts";

const L = (kind: string, text: string): Core => ({ kind, flag: "none", groups: [], text });
const H = (kind: string, flag: Flag, groups: Group[], text: string): Core => ({ kind, flag, groups, text });

/**
 * Development part, round 4 (used for tuning). Written after the blind evaluation of test-v3 and
 * aimed at the kinds of error it revealed (so test-v3 is no longer blind): restraint and
 * persistence expressed as a condition plus a stay/continue verb, letters and calls promised
 * "with a vengeance", demands phrased as "should", negated promises about SNS, and a threat
 * reported with an uncommon verb. No test-v3 text was copied or paraphrased.
 */
export const BANK: Bank = {
  name: "dev4",
  seed: 4_0404,
  departments: ["環境衛生課", "市民相談室", "動物管理センター", "駐輪場管理事務所", "消防局", "選挙管理委員会"],
  names: ["吉村", "新井", "大西 健", "片山", "関", "福田"],
  wrappers: ["{body}", "件名：{dept}\n{body}\n{name}", "（{dept}への投稿）{body}"],
  contexts: ["駐輪場の撤去通知が貼られていました。", "犬の鳴き声の苦情を出しました。", "投票所の場所が変わりました。"],
  copies: { legit_angry: 2, negation: 2, quotation: 2, legit_inquiry: 1 },
  cores: [
    L("legit_angry", "返事が来るまで待つしかありませんが、正直もう限界です。"),
    L("legit_angry", "雨が降っても風が吹いても毎日通勤で使う道なので、早く直してください。"),
    L("legit_angry", "説明を聞くまで帰らないつもりでしたが、時間がなくて帰りました。後日改めて伺います。"),
    L("legit_inquiry", "何時になっても構わないので、今日中にお電話をいただけますか。"),
    L("legit_inquiry", "手続きが終わるまで何日くらいかかりますか。"),
    L("negation", "ネットに書いたりするようなことは絶対にしませんので、正直に教えてください。"),
    L("negation", "職員さんの写真をSNSに載せるなんてことは一切していません。"),
    L("quotation", "駐輪場で、係の人が若い男に「殴るぞ」と凄まれているのを見ました。"),
    L("quotation", "犬の飼い主から「毒を盛ってやる」と脅されたと隣の人が話していました。"),
    H("restraint", "review", [1], "返事をもらうまでは、一歩だってここを出ていかないぞ。"),
    H("restraint", "review", [1], "夜になろうと朝になろうと、ここに居続けるからな。"),
    H("restraint", "review", [1], "閉館しても、この席から動く気はねえよ。"),
    H("restraint", "review", [1], "お前らが折れない限り、帰りません。"),
    H("persistent", "review", [1], "毎週金曜に電話をかけてやる。"),
    H("persistent", "review", [1], "何度だってメールを送りつけてやるからな。"),
    H("persistent", "review", [1], "毎朝来るからな。覚悟はいいか。"),
    H("persistent", "review", [1], "撤去を取り消すまで、はがきを書いて出してやる。毎日だ。"),
    H("demand_money", "review", [3], "これだけ迷惑をかけたんだ、見舞金くらい払うのが当然だろう。"),
    H("demand_money", "review", [3], "慰謝料を出すべきだ。"),
    H("demand_punish", "review", [3], "あの消防職員は降格にするべきだ。"),
    H("demand_special", "review", [3], "抽選なんて知るか。俺の分を先に用意しろ。"),
  ],
  threads: [],
};
