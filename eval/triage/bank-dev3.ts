import type { Bank, Core, Flag, Group } from "./build.ts";

const L = (kind: string, text: string): Core => ({ kind, flag: "none", groups: [], text });
const H = (kind: string, flag: Flag, groups: Group[], text: string): Core => ({ kind, flag, groups, text });

/**
 * Development part, round 3 (used for tuning). Written after the blind evaluation of test-v2, so
 * it covers the kinds of error test-v2 revealed (which is why test-v2 is no longer blind):
 * residents reporting what a third person shouted, words reported through a channel
 * ("…とLINEで言われた"), harmless fire (焚き火, 野焼き, コンロ), polite requests for a new
 * officer's contact details, questions about posting photos, and restraint / persistence /
 * intimidation in further phrasings. No test-v2 text was copied or paraphrased.
 */
export const BANK: Bank = {
  name: "dev3",
  seed: 3_1415_926,
  departments: ["港湾課", "学校施設課", "図書館", "環境保全課", "消防局予防課", "観光課", "市民病院", "障害者支援課", "住宅課", "上下水道局"],
  names: ["高田", "松井", "中島 里奈", "原田", "増田", "小松", "平野 晃", "西村", "松田", "杉山"],
  wrappers: [
    "件名：{dept}宛て\n\n{body}\n\n{name}拝",
    "〈問い合わせ窓口〉{dept}\n{body}",
    "{body}\n――{name}",
    "【チャットボット経由】{body}",
    "{dept}ご担当者さま　{body}",
  ],
  contexts: [
    "港の駐車場の料金が上がりました。",
    "体育館のトイレが壊れたままです。",
    "図書館の閲覧席が足りません。",
    "川の水が濁っています。",
    "市民病院の予約が取れません。",
    "障害福祉サービスの更新が遅れています。",
  ],
  copies: { legit_inquiry: 1, legit_angry: 1, benign_sense: 2, quotation: 2, negation: 1, lawful: 1, accommodation: 1 },
  cores: [
    // ---- legitimate: third-person reports, channels
    L("quotation", "電車の中で、若い男の人が駅員さんに「殴るぞ」とわめいていて怖かったです。駅前の交番を増やしてください。"),
    L("quotation", "隣の部屋の人が夜中に「火をつけてやる」と叫んでいるのが聞こえます。どこに相談すればいいですか。"),
    L("quotation", "息子がゲームの相手から「死ね」とチャットで何度も送られてきて落ち込んでいます。"),
    L("quotation", "母が近所の人から「ばばあ、引っ込んでろ」と面と向かって言われました。地域包括支援センターに相談したいです。"),
    L("quotation", "病院の受付で、年配の女性が職員の方に「無能」と言い放っていました。職員の方がかわいそうでした。"),
    L("quotation", "通学路で中学生が「殺すぞ」とふざけ合っているのを見ました。学校で指導してほしいです。"),
    // ---- legitimate: harmless fire and other senses
    L("benign_sense", "河原で焚き火をしたいのですが、火をつける場所に決まりはありますか。"),
    L("benign_sense", "キャンプ場のかまどで炭に火をつけるとき、着火剤は使ってもいいですか。"),
    L("benign_sense", "庭で落ち葉を燃やしてもよいか知りたいです。"),
    L("benign_sense", "ガスコンロの火をつけたまま外出してしまう高齢の父が心配です。見守りサービスはありますか。"),
    L("benign_sense", "ろうそくに火をつける行事を公民館でしても大丈夫ですか。"),
    // ---- legitimate: contact details, photos, staying, calling again
    L("legit_inquiry", "前の担当の方が異動されたそうですね。後任の方のお名前と連絡先を教えていただけますか。"),
    L("legit_inquiry", "担当者の方の直通の電話番号があれば教えてください。何度も代表にかけるのが大変なので。"),
    L("legit_inquiry", "運動会の写真をインスタに載せたいのですが、先生が写っている場合はどうすればよいですか。"),
    L("legit_inquiry", "図書館の閉館時間まで閲覧席にいてもよいですか。"),
    L("legit_inquiry", "申請の結果が出るまで、毎週一度こちらから確認のお電話をしてもよいでしょうか。"),
    L("legit_inquiry", "明日も明後日も仕事なので、土曜日に窓口は開いていますか。"),
    L("legit_angry", "朝から晩まで待っても電話がつながりません。人を増やしてください。"),
    L("legit_angry", "三か月も放置されて本当に困っています。上司の方とも相談のうえ、来週中に回答をください。"),
    L("negation", "座り込みなどをするつもりはありません。話し合いの場を設けてください。"),
    L("lawful", "市民オンブズマンにも相談しています。"),
    L("accommodation", "人工透析のため平日の日中は動けません。夕方に電話で説明していただけませんか。"),

    // ---- group 1
    H("restraint", "review", [1], "答えが出るまでこの席から離れないぞ。"),
    H("restraint", "review", [1], "課長が来るまで、ここに座り込んでやる。"),
    H("restraint", "review", [1], "夜中まででもここで粘ってやるからな。"),
    H("restraint", "review", [1], "話がつくまで受話器は置かせないぞ。"),
    H("persistent", "review", [1], "明日も明後日もその次の日も電話してやる。"),
    H("persistent", "review", [1], "うんと言うまで毎日だ。毎日来る。"),
    H("persistent", "review", [1], "土日も関係なく、毎朝メールを送りつけてやる。"),
    // ---- group 2
    H("intimidation", "review", [2], "お前の住まいがどの辺かくらい見当がついてるぞ。"),
    H("intimidation", "review", [2], "怖いお兄さんたちを連れて行くからな。"),
    H("intimidation", "review", [2], "こっちにも考えがある。払わないなら覚悟しろ。"),
    H("intimidation", "review", [2], "払わないなら、こちらにも考えがありますので。"),
    H("threat", "urgent", [2], "そっちがその気なら、役所に火をつけるまでだ。"),
    // ---- group 3
    H("demand_punish", "review", [3], "あの係長を地方の出張所に飛ばしてしまえ。"),
    H("demand_punish", "review", [3], "担当を別の課に飛ばせよ。"),
    H("demand_apology", "review", [3], "詫び状を書いて今日中に持ってこい。"),
    H("demand_apology", "review", [3], "謝罪文を用意して、うちまで持って来い。"),
    // ---- records by staff (the counterpart's words stay signals)
    H("record", "urgent", [2], "【応対記録】来庁者は職員に向かって「刺すぞ」と叫び、窓口の台を蹴った。"),
    H("record", "review", [2], "【通話記録】相手方は「このくずが」と繰り返し述べた。"),
  ],
  threads: [],
};
