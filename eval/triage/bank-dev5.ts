import type { Bank, Core, Flag, Group } from "./build.ts";

const L = (kind: string, text: string): Core => ({ kind, flag: "none", groups: [], text });
const H = (kind: string, flag: Flag, groups: Group[], text: string): Core => ({ kind, flag, groups, text });

/**
 * Development part, round 5 (used for tuning). Written after the blind evaluation of test-v4 and
 * aimed at the kinds of error it revealed and their neighbours (so test-v4 is no longer blind):
 * veiled threats to staff's families, homes and ways home; harmless fire (barbecue, stoves,
 * field burning, fireworks) next to arson threats; third parties' threats reported through
 * katakana channel words (メール, LINE, コメント, ボイスメッセージ) next to the writer's own
 * threats; restraint and persistence in open-ended words; veiled money demands (〜てもらおう);
 * knowing where staff live; sexual questions to staff next to ordinary size and weight
 * questions. Written in new words: no test-v4 text was copied or paraphrased.
 */
export const BANK: Bank = {
  name: "dev5",
  seed: 5_2026,
  departments: ["公園緑地課", "子育て支援課", "危機管理課", "農政課", "市民プール", "教育委員会学務課", "道路維持課", "国保年金課"],
  names: ["岡本", "森 直子", "石田", "村上", "柴田 亮", "内田", "酒井", "横山"],
  wrappers: [
    "{body}",
    "【{dept}・受付フォーム】\n{body}\n（送信者：{name}）",
    "{dept} 御中\n{body}\n{date} {name}",
    "[アプリ「まちの声」より] {body}",
    "Re: {dept}からのお知らせ\n\n{body}",
  ],
  contexts: [
    "公園の遊具が撤去されたままです。",
    "保育園の入園選考について連絡しました。",
    "先月の大雨で道路が冠水しました。",
    "国民健康保険料の通知が届きました。",
    "市民プールの営業時間が短くなりました。",
  ],
  copies: { quotation: 2, benign_sense: 2, legit_inquiry: 1, legit_angry: 1, accommodation: 1 },
  cores: [
    // ---- legitimate: harmless mentions of family, children, the way home, safety
    L("legit_inquiry", "子どもの通学路にあるブロック塀が傾いています。倒れる前に点検してください。"),
    L("legit_inquiry", "娘の学校が統合で移転するので、新しい通学バスの停留所を知りたいです。"),
    L("legit_angry", "台風の夜に家族が無事でいられたのは消防団のおかげです。お礼を伝えてください。"),
    L("legit_angry", "一回で手続きが済むと思っていたのに、書類の不備で三回も来ることになりました。案内を改善してください。"),
    L("legit_angry", "帰り道の街灯が二本続けて切れていて、夜は真っ暗で怖いです。"),
    L("legit_inquiry", "担当の方のお子さんが生まれたと伺いました。おめでとうございますとお伝えください。"),
    L("legit_angry", "あなたの家族が同じ目にあったらと想像して、もう少し親身に対応してほしかったです。"),
    L("legit_angry", "家族が無事でいられると思うと、避難所の職員さんには頭が下がります。"),
    L("legit_inquiry", "一人暮らしの母の身の安全が心配です。見守りの制度を教えてください。"),
    L("legit_angry", "通学路に歩道もないなんて、子どもがどうなってもいいんですか。"),
    L("legit_angry", "謝って済むと思うなよ、と言いたいくらい腹が立っています。きちんと説明してください。"),
    L("legit_angry", "こんな対応で市民が安心して暮らせると思うなよ。"),
    L("legit_angry", "空き家の持ち主なんて登記簿を調べれば分かるだろう。なぜ放置するのか。"),
    L("legit_inquiry", "公用車が歩道に停まっていて危ないです。ナンバーも控えてあります。"),
    L("legit_angry", "この件、黙って見過ごすと思ったら大間違いです。議会でも取り上げてもらいます。"),
    L("legit_inquiry", "石油ストーブ用の灯油をポリタンクで持って帰りたいのですが、車に積んでも大丈夫ですか。"),
    L("legit_inquiry", "子どもの体重が増えないので、栄養相談を受けたいです。"),
    L("legit_inquiry", "娘の通う保育園の送迎時間を教えてください。"),
    L("legit_angry", "お前の子どもの将来を考えろ、と父に言われて育ちました。だからこそ教育予算を削らないでほしいです。"),
    L("quotation", "「お前の家を燃やす」とツイートしている人がいます。通報できますか。"),
    L("quotation", "LINEのトークで「殺すぞ」と来たので、警察に行きました。"),
    // ---- legitimate: harmless fire and fuel
    L("benign_sense", "バーベキュー広場では、炭に火をつけるためのガスバーナーを持ち込めますか。"),
    L("benign_sense", "着火剤を使って薪ストーブに火をつけるのは、集合住宅でも問題ありませんか。"),
    L("benign_sense", "畑の野焼きの許可を取りたいのですが、火をつける日は消防への届け出が必要ですか。"),
    L("benign_sense", "子ども会で手持ち花火をします。火をつける係は大人がやるべきでしょうか。"),
    L("benign_sense", "古くなったストーブの灯油を持って行ける回収場所はありますか。"),
    L("benign_sense", "どんど焼きで正月飾りを燃やす行事は今年も河川敷でありますか。"),
    // ---- legitimate: third parties' threats reported through a channel (katakana words)
    L("quotation", "別れた夫から「お前の職場に火をつけに行く」とショートメールが届きます。DVの相談窓口を教えてください。"),
    L("quotation", "息子の動画に「学校を爆破する」とコメントが書き込まれていました。警察と学校のどちらに相談すべきですか。"),
    L("quotation", "知らないアカウントから「ぶっ殺してやる」というダイレクトメッセージを受け取りました。"),
    L("quotation", "職場のグループチャットに「覚えとけよ」とスタンプ付きで投稿されていて、気味が悪いです。"),
    L("quotation", "留守電に「ただじゃおかない」と吹き込まれていました。録音は残してあります。"),
    L("quotation", "近所の人に「お宅の子どもが無事で済むと思うな」と言われ、警察にも相談しました。"),
    // ---- legitimate: staying, coming back, finishing, persistence of others
    L("legit_inquiry", "来週、残りの書類を出しにもう一度伺います。受付は何時までですか。"),
    L("legit_inquiry", "手続きが全部終わるまで、何度か窓口に通うことになると思います。よろしくお願いします。"),
    L("accommodation", "入院中の母に付き添って病院に泊まり込むことが多く、平日の窓口に行けません。郵送で申請できますか。"),
    L("legit_angry", "業者との交渉に根負けして、結局自分で修理を頼みました。費用の補助は出ますか。"),
    L("legit_angry", "雪で車が立ち往生し、レッカーが来るまでその場から動けませんでした。除雪の計画を教えてください。"),
    L("legit_angry", "工事の車両が道を退かないので、救急車が通れるのか心配です。"),
    L("legit_inquiry", "この手続きを今日中に終わらせたいので、必要な書類を教えてください。"),
    L("legit_inquiry", "審査の結果が出るまで待ちますので、急がなくて大丈夫です。"),
    L("legit_inquiry", "息子は合格するまで諦めないと言って毎日塾に通っています。奨学金の案内をください。"),
    L("legit_angry", "避難所に泊まり込みで対応された職員の皆さんには本当に感謝しています。"),
    // ---- legitimate: money and addresses
    L("legit_inquiry", "児童手当を振り込んでもらう口座を変更したいです。"),
    L("legit_inquiry", "高額療養費を払い戻してもらおうと思い、必要な書類を確認したいです。"),
    L("legit_inquiry", "修理代は保険で負担してもらおうと考えていますが、市の保険の対象になりますか。"),
    L("legit_inquiry", "新しい住所は前回の届出を調べていただければ分かると思います。"),
    L("legit_inquiry", "避難所の場所は地図アプリで調べたらすぐ分かりました。ありがとうございました。"),
    // ---- legitimate: sizes, weight, measurement
    L("legit_inquiry", "中学校の制服のサイズが合わなくなりました。リユース制服の申込方法を教えてください。"),
    L("legit_inquiry", "乳幼児健診の体重測定は、服を着たままでもいいですか。"),
    L("legit_inquiry", "防災ヘルメットには子ども用と大人用のサイズがありますか。"),
    L("legit_inquiry", "市民プールで貸し出している水着は、サイズを選べますか。"),
    L("legit_angry", "受付の職員さんの制服はサイズが合っていないようで暑そうでした。夏服を検討してあげてください。"),

    // ---- group 2, urgent: threats to family, home, the way home, arson
    H("threat", "urgent", [2], "あんたの息子がどこの小学校に通ってるか、こっちはもう調べてあるんだよ。"),
    H("threat", "urgent", [2], "担当者の子どもが保育園から帰る時間くらい把握してるからな。"),
    H("threat", "urgent", [2], "奥さんと子どもが無事で済むと思うなよ。"),
    H("threat", "urgent", [2], "このまま家族が平穏に暮らせると思ったら大間違いだぞ。"),
    H("threat", "urgent", [2], "帰り道、せいぜい一人にならないようにしな。"),
    H("threat", "urgent", [2], "安心して眠れると思うな。"),
    H("threat", "urgent", [2], "子どもの通学路で待っててやろうか。"),
    H("threat", "urgent", [2], "庁舎に火を放つつもりだ。"),
    H("threat", "urgent", [2], "あの窓口ごと焼き払ってやる。"),
    H("threat", "urgent", [2], "お前らの詰所、灯油まいて火をつけたらよく燃えるだろうな。"),
    H("threat", "urgent", [2], "メールでも送ったが、あの窓口の連中は一人ずつ痛めつけてやる。"),
    H("threat", "urgent", [2], "LINEで何度も伝えたとおり、お前の車に火をつけてやる。"),
    H("threat", "urgent", [2, 4], "「燃やしてやる」ってメールしといたから、覚悟しとけ。ネットにも名前を晒してやる。"),
    H("record", "urgent", [2], "【受信記録】相手方は「殺してやる」とメールで繰り返し送ってきた。"),
    // ---- group 2, review: intimidation, knowing where staff live
    H("intimidation", "review", [2], "お前の住んでる所なんか、ちょっと調べりゃすぐ出てくるんだよ。"),
    H("intimidation", "review", [2], "あんたの住所なんて、名簿をたどれば簡単に見つかるんだぜ。"),
    H("intimidation", "review", [2], "担当者の自宅？その気になれば一日で突き止められる。"),
    H("intimidation", "review", [2], "お前の車のナンバーは控えてある。"),
    H("intimidation", "review", [2], "このまま済むと思うなよ。"),
    H("intimidation", "review", [2], "逃げ切れると思うな。"),
    H("threat", "urgent", [2], "お前の娘さん、可愛い制服着て毎朝あの角を通るよな。"),
    H("threat", "urgent", [2], "あんたの家族、ちゃんと守れるといいな。"),
    H("threat", "urgent", [2], "夜、一人で帰るときは背中に気をつけるんだな。"),
    H("threat", "urgent", [2], "五体満足で定年を迎えられると思うな。"),
    H("threat", "urgent", [2], "庁舎に火をかけてやる。"),
    H("intimidation", "review", [2], "てめえの家の場所はもう割れてるんだよ。"),
    H("intimidation", "review", [2], "タダで帰れると思うなよ。"),
    H("restraint", "review", [1], "返答があるまでは、このロビーで夜を明かすつもりです。"),
    H("persistent", "review", [1], "結論が出るまで何度でも足を運ぶからな。"),
    H("restraint", "review", [1], "許可が出るまで、てこでもこの部屋から出ないぞ。"),
    H("persistent", "review", [1], "そっちが折れるまで、この戦いはやめないよ。"),
    H("demand_money", "review", [3], "迷惑かけたんだから、それ相応のものは用意してもらおうか。"),
    H("sexual", "review", [5], "お姉さんのスタイルいいね、何カップ？"),
    // ---- group 1: restraint and persistence in open-ended words
    H("restraint", "review", [1], "納得いく答えをもらうまで、一晩でもこのロビーに泊まり込むからな。"),
    H("persistent", "review", [1], "お前らが根負けするまで、毎日この窓口に座ってやる。"),
    H("restraint", "review", [1], "市長が会うと言うまで、俺は絶対に引き下がらないぞ。"),
    H("restraint", "review", [1], "お前が認めるまで、この話は終わりにさせないからな。"),
    H("restraint", "review", [1], "謝罪の言葉を聞くまで、受話器は絶対に置かないよ。"),
    H("restraint", "review", [1], "閉庁時間が来たって知ったことか、俺は残り続ける。"),
    H("persistent", "review", [1], "結論が出ない限り、何日だろうと通い詰めてやる。"),
    H("restraint", "review", [1], "朝一番から夜まで、ずっとこのカウンターの前に居てやるからな。"),
    H("restraint", "review", [1], "返事がもらえるまで、この通話を終わりにする気はないからな。"),
    H("persistent", "review", [1], "今月いっぱい、一日も欠かさず苦情のメールを送りつけるつもりだ。"),
    // ---- group 3: veiled money demands
    H("demand_money", "review", [3], "こっちは仕事を休んで来てるんだ。半日分の稼ぎは市に持ってもらおうか。"),
    H("demand_money", "review", [3], "壊れた自転車の代金、そっちで弁償してもらおうじゃないか。"),
    H("demand_money", "review", [3], "それなりの額を包んでもらえれば、この件は水に流してやる。"),
    H("demand_money", "review", [3], "通院にかかったタクシー代は全部そちらに出してもらおう。"),
    // ---- group 5: sexual questions to staff
    H("sexual", "review", [5], "受付のお姉さん、バストはいくつ？カップも教えてよ。"),
    H("sexual", "review", [5], "あんた体重何キロ？抱き心地よさそうだな。"),
    H("sexual", "review", [5], "窓口の女の職員、下着は何色か当ててやろうか。"),
    H("sexual", "review", [5], "担当の子、ウエスト細いね。測らせてよ。"),
  ],
  threads: [],
};
