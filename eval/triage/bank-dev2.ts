import type { Bank, Core, Flag, Group } from "./build.ts";

const L = (kind: string, text: string): Core => ({ kind, flag: "none", groups: [], text });
const H = (kind: string, flag: Flag, groups: Group[], text: string): Core => ({ kind, flag, groups, text });

/**
 * Development part, round 2 (added in the second tuning round; used for tuning). Written to widen
 * the phrasings of restraint and persistence, separator obfuscation, cross-sentence online
 * exposure, fee/charge demands, and the hard negatives around them (ordinary words that contain a
 * short insult, calm statements about staying or calling again).
 */
export const BANK: Bank = {
  name: "dev2",
  seed: 2026_0311,
  departments: ["税制課", "国保年金課", "保育課", "地域福祉課", "交通政策課", "市民センター", "斎場", "消費生活センター", "建築指導課", "水道お客さまセンター"],
  names: ["大野", "石川", "前田 恵", "藤田", "岡本", "村上 拓", "近藤", "坂本", "遠藤", "青木"],
  wrappers: [
    "件名：{dept}について\n\n{body}\n\n{name}",
    "■ご意見・ご要望フォーム\n所管：{dept}\n氏名：{name}\n本文：{body}",
    "{dept} 担当者様\n{body}\n（{date}）",
    "【SNSのダイレクトメッセージ】{body}",
    "{body}",
    "はがき（{date}消印）\n{dept}へ\n{body}\n{name}",
  ],
  contexts: [
    "水道料金の検針票の数字が先月と大きく違います。",
    "保育所の入所が決まらず仕事に戻れません。",
    "バスの路線が廃止されると聞きました。",
    "市民センターの予約システムが使いにくいです。",
    "建築確認の手続きで三か月待たされています。",
    "国民年金の免除申請の結果がまだ届きません。",
    "斎場の予約が取れず困っています。",
    "訪問販売の件で消費生活センターに相談しました。",
  ],
  copies: { legit_inquiry: 1, legit_angry: 2, benign_sense: 2, lawful: 1, accommodation: 1, quotation: 2, negation: 2 },
  cores: [
    // ---- legitimate: inquiries
    L("legit_inquiry", "水道の使用中止の届出は引っ越しの何日前までに出せばよいですか。"),
    L("legit_inquiry", "保育所の一時預かりを利用したいのですが、事前の登録は必要ですか。"),
    L("legit_inquiry", "敬老乗車証の更新手続きはどこでできますか。"),
    L("legit_inquiry", "市民センターの和室を月に二回借りたいです。空き状況はどこで確認できますか。"),
    L("legit_inquiry", "斎場の利用料金は市外の者でも同じでしょうか。"),
    L("legit_inquiry", "窓口は何時まで開いていますか。仕事帰りに寄るので、閉まる時間まで待っていても大丈夫か知りたいです。"),
    L("legit_inquiry", "毎月の検針日を教えてください。毎日メーターを見ていますが、数字の読み方が分かりません。"),
    L("legit_inquiry", "ごみ置き場のくずかごが壊れています。交換をお願いできますか。"),
    L("legit_inquiry", "紙くずや木くずは燃えるごみとして出してよいのでしょうか。"),
    L("legit_inquiry", "延滞金の計算方法を教えてください。分割で納める場合はどうなりますか。"),
    L("legit_inquiry", "手数料の免除の対象になるか確認したいです。障害者手帳を持っています。"),
    L("legit_inquiry", "朝まで営業している休日診療所はありますか。子どもが熱を出しました。"),
    L("legit_inquiry", "YouTubeで市の広報動画を見ました。字幕付きの版はありますか。"),
    // ---- legitimate: angry but sincere
    L("legit_angry", "建築確認の審査がこれほど遅いのは異常です。いつまで待たせるつもりですか。具体的な見通しを文書で示してください。"),
    L("legit_angry", "説明を聞くために半日休みを取ったのに、担当者不在で帰されました。あまりにも不誠実です。"),
    L("legit_angry", "先週も問い合わせましたが返事がありません。来週もう一度お電話します。こちらも生活がかかっているのです。"),
    L("legit_angry", "バス路線の廃止は住民の足を奪うものです。強く抗議します。説明会を開いてください。"),
    L("legit_angry", "毎週のように書類の追加を求められ、もううんざりです。最初に全部まとめて教えてください。"),
    L("legit_angry", "延滞金がつくなんて聞いていません。通知が届かなかったのはそちらの落ち度ではないですか。説明を求めます。"),
    L("legit_angry", "明日もう一度窓口に行きます。今度こそきちんと説明してください。"),
    // ---- legitimate: benign senses
    L("benign_sense", "害虫駆除の業者を紹介してもらえますか。殺虫剤を使っても効きません。"),
    L("benign_sense", "花火大会の爆音で犬が怯えています。開催時間を教えてください。"),
    L("benign_sense", "焼却炉の火災報知器が鳴りっぱなしです。点検をお願いします。"),
    L("benign_sense", "エアコンの室外機がぶっ壊れたので、粗大ごみで出したいです。"),
    L("benign_sense", "死体検案書の写しはどこで請求できますか。"),
    // ---- legitimate: quotation / reporting
    L("quotation", "隣の人に「出ていけ、殺すぞ」と怒鳴られて怖いです。市営住宅の管理の方から注意してもらえませんか。"),
    L("quotation", "息子が学校で「死ね」と言われ続けています。教育委員会として対応してください。"),
    L("quotation", "窓口で前の人が「税金泥棒」と叫んでいて、職員の方が気の毒でした。"),
    // ---- legitimate: negation
    L("negation", "別に職員さんを責めるつもりはありません。制度の仕組みが分かりにくいのだと思います。"),
    L("negation", "ネットに書き込むようなことはしません。ただ、きちんと答えてほしいだけです。"),
    L("negation", "居座るつもりはありませんので、説明の資料だけ郵送してください。"),
    // ---- legitimate: lawful
    L("lawful", "この決定には納得できないので、審査請求の手続きを教えてください。"),
    L("lawful", "市議会の議員さんにも相談してみます。"),
    // ---- legitimate: accommodation
    L("accommodation", "聴覚に障害があるため、電話ではなくメールかチャットで回答をいただけますか。"),
    L("accommodation", "発達障害があり、長い説明だと理解が追いつきません。要点を紙に書いていただけると助かります。"),

    // ---- group 1: restraint, persistence
    H("restraint", "review", [1], "回答をもらうまで、この窓口から一歩も動かないからな。"),
    H("restraint", "review", [1], "閉庁時間なんか関係ない。納得するまでここに居座ってやる。"),
    H("restraint", "review", [1], "今日は何時間でも付き合ってもらうぞ。"),
    H("restraint", "review", [1], "担当の課長が来るまで、ここで待たせてもらう。帰る気はないから。"),
    H("restraint", "review", [1], "電話を切ったら、また最初から全部話すからな。切るんじゃないぞ。"),
    H("persistent", "review", [1], "認めるまで毎日でも窓口に来てやる。"),
    H("persistent", "review", [1], "返事があるまで一日に何十回でも電話してやるからな。"),
    H("persistent", "review", [1], "毎朝八時半に必ず電話するので、そのつもりでいろ。"),
    H("persistent", "review", [1], "お前が根負けするまで、何度でもメールを送り続けてやる。"),
    // ---- group 2: obfuscation, abuse, intimidation, threats
    H("obfuscation", "urgent", [2], "担当のやつ、こ・ろ・す。"),
    H("obfuscation", "urgent", [2], "庁舎 ば く は してやる"),
    H("obfuscation", "review", [2], "し　ね　よ、役立たず"),
    H("obfuscation", "urgent", [2], "窓口のあいつ、ぶっ○す"),
    H("threat", "urgent", [2], "次に窓口で同じ対応をしたら、その場でぶん殴るぞ。"),
    H("threat", "urgent", [2], "ガソリンを持って庁舎に行く。"),
    H("threat", "urgent", [2], "帰り道、せいぜい後ろに気をつけることだな。"),
    H("abuse", "review", [2], "お前ら公務員はクズばかりだ。"),
    H("abuse", "review", [2], "担当者は本当に役立たずのボンクラだ。"),
    H("intimidation", "review", [2], "お前の住んでる所くらい、すぐに突き止められるんだぞ。"),
    H("intimidation", "review", [2], "職員の顔は全員覚えたからな。"),
    // ---- group 3: demands
    H("demand_money", "review", [3], "延滞金を全額免除しろ。それが筋だろう。"),
    H("demand_money", "review", [3], "わざわざ足を運んだんだから交通費と迷惑料を払え。"),
    H("demand_money", "review", [3], "誠意を見せろ。言っている意味は分かるだろう。金だよ。"),
    H("demand_apology", "review", [3], "課長が家まで来て頭を下げろ。"),
    H("dogeza", "review", [3], "地面に手をついて謝れ。"),
    H("demand_punish", "review", [3], "あの職員をクビにしろ。"),
    H("demand_special", "review", [3], "順番なんか関係ない。俺の申請を今日中に通せ。"),
    H("demand_special", "review", [3], "市長を今すぐここに呼べ。"),
    // ---- group 4: online
    H("online", "review", [2, 4], "全部録音してある。YouTubeで流すから覚悟しておけ。"),
    H("online", "review", [4], "お前の名札の写真、Xに上げておいたぞ。"),
    H("online", "review", [4], "対応した職員の名前をネットで晒す。"),
    // ---- group 5
    H("discrimination", "review", [5], "外国人の職員なんかに担当させるな。日本人を出せ。"),
    H("sexual", "review", [5], "窓口のお姉さん、今度二人で飲みに行こうよ。連絡先教えて。"),
    H("discrimination", "review", [5], "女には分からないだろうから、男の職員に代われ。"),
    // ---- mixed
    H("mixed", "urgent", [1, 2], "認めるまで毎日来るし、それでも駄目なら刺してやる。"),
    H("mixed", "review", [2, 3], "この無能が。慰謝料を払え。"),
  ],
  threads: [
    {
      kind: "thread_first",
      senders: ["ono.t@example.jp", "ONO.T@example.jp", "大野 <ono.t@example.jp>"],
      texts: [
        "水道料金が急に倍になっています。漏水はしていません。検針の誤りではないか調べてください。",
        "水道料金が急に倍になっています。漏水はしていません。検針の誤りではないか調べてください。先週も同じ内容を送りました。",
        "水道料金が倍になっている件です。漏水はしていません。検針の誤りではないか、調べてください。",
        "水道料金が急に倍になっています。漏水はしていません。検針の誤りではないか調べてください。\n\n三回目の連絡です。いい加減に返事をください。",
      ],
      sameDemand: true,
      base: { flag: "none", groups: [] },
      startDate: "2025-08-04T09:00:00+09:00",
      dayStep: 3,
    },
    {
      kind: "thread_control",
      senders: ["022-345-6789"],
      texts: [
        "市民センターの和室の予約方法を教えてください。",
        "敬老乗車証の更新はいつからできますか。",
        "斎場の駐車場は何台停められますか。",
      ],
      sameDemand: false,
      base: { flag: "none", groups: [] },
      startDate: "2025-09-01T10:00:00+09:00",
      dayStep: 5,
    },
  ],
};
