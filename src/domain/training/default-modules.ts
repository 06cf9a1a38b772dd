import type { PolicySectionId } from "../policy/pack.ts";
import type { AxisAnswer, NextStep } from "./quiz.ts";

/**
 * The default training: one module per behaviour group (what it is and the examples come from the
 * published policy; what to do is written here) and one on telling harassment apart from sincere
 * complaints and requests for reasonable accommodation. Every scenario is fictional.
 */
export interface DefaultScenario {
  text: string;
  isHarassment: boolean;
  axis: AxisAnswer;
  nextStep: NextStep;
  explanation: string;
}

export interface DefaultModule {
  key: string;
  /** The policy section the module explains (null: the module on the judgement itself). */
  policySection: PolicySectionId | null;
  title: string;
  whatToDo: string;
  scenarios: DefaultScenario[];
}

export const DEFAULT_MODULES: DefaultModule[] = [
  {
    key: "basics",
    policySection: "definition",
    title: "判断の基本:苦情・合理的配慮とカスタマーハラスメントの違い",
    whatToDo: `- 強い口調だけでは判断しません。要求の中身(①)と伝え方(②)、職場への影響(③)を分けて考えます。
- 誠実な苦情やご意見は、サービス改善の材料として受け止め、説明を尽くします。
- 障害のある方からの配慮の申出には、過重な負担にならない範囲で、どうすればできるかを一緒に考えます。`,
    scenarios: [
      {
        text: "住民票の写しの手数料が以前と違うとして、来庁者がやや強い口調で理由の説明を求めた。職員が改定の経緯を説明すると、納得して手続きを済ませて帰った。",
        isHarassment: false,
        axis: "none",
        nextStep: "sincere_response",
        explanation: "口調が強くても、説明を求めることは正当な苦情です。要求は妥当で、伝え方も常識の範囲内でした。これまでどおり丁寧に説明するのが正しい対応です。",
      },
      {
        text: "耳の不自由な方が、窓口での説明を筆談でしてほしい、順番の呼び出しも番号表示で分かるようにしてほしいと申し出た。",
        isHarassment: false,
        axis: "none",
        nextStep: "accommodate",
        explanation: "障害のある方からの合理的配慮の申出です。ハラスメントではありません。筆談や表示での呼び出しなど、できる方法を一緒に考えて対応します。",
      },
      {
        text: "職員の案内が誤っていたため二度来庁することになった市民が、電話で経緯の説明と再発防止を求めた。口調は厳しいが、侮辱や脅しはなく、15分ほどで話が終わった。",
        isHarassment: false,
        axis: "none",
        nextStep: "sincere_response",
        explanation: "市の側に誤りがあり、要求は妥当です。伝え方も相当な範囲でした。おわびと経緯の説明、再発防止策の説明を誠実に行います。",
      },
    ],
  },
  {
    key: "group-1",
    policySection: "group-1",
    title: "長時間の拘束・しつこい要望への対応",
    whatToDo: `- 同じ説明を繰り返す前に、上司に報告し、複数の職員で対応します。
- 回答が変わらないことを、日付と内容を示して落ち着いて伝えます(「○月○日にもお答えしたとおりです」)。
- 電話・窓口とも、行き詰まりが続く場合(目安30分)は、理由を伝えて対応を終えます。時刻と判断した上司を記録します。`,
    scenarios: [
      {
        text: "制度上お受けできないと3回説明したが、来庁者は「納得するまで帰らない」と言って2時間窓口に座り続けている。後ろの方の受付が止まっている。上司も同席している。",
        isHarassment: true,
        axis: "means",
        nextStep: "end_response",
        explanation: "説明を尽くした後の長時間の居座りは、②の手段・態様が相当ではありません。受付が止まり③の影響も出ています。上司と相談して、これ以上対応できない理由を伝え、対応を終えます。それでも帰らない場合は退去を求めます。",
      },
      {
        text: "同じ内容の電話が1日に十数回かかってくる。毎回同じ回答をしているが、そのたびに30分以上話が続き、課のほかの電話を受けられない。",
        isHarassment: true,
        axis: "means",
        nextStep: "end_response",
        explanation: "同じ主張のしつこい繰り返しは②に当たり、業務に支障(③)が出ています。回答は変わらないことを伝え、理由を述べて電話を終えます。窓口を一本化し、やり取りを記録します。",
      },
      {
        text: "申請期限を過ぎて受付できないことに納得できないと、市民が電話で20分ほど不満を述べた。途中から落ち着き、次回の申請方法を聞いて電話を終えた。",
        isHarassment: false,
        axis: "none",
        nextStep: "sincere_response",
        explanation: "不満を述べること自体は苦情の範囲です。時間も常識的で、職場への支障もありません。次回の手続きを丁寧に案内するのが適切です。",
      },
    ],
  },
  {
    key: "group-2",
    policySection: "group-2",
    title: "暴行・暴言・威嚇・脅迫への対応",
    whatToDo: `- 一人で対応しません。すぐに周りの職員と上司を呼びます。
- 暴力、脅迫、凶器など身の危険があるときは、手順を飛ばしてすぐ110番します。
- 相手の言葉はそのまま記録します(要約しない)。録音できる場合は録音告知をしたうえで録音します。`,
    scenarios: [
      {
        text: "窓口で来庁者が「無能」「税金泥棒」と大声で繰り返し、机を何度もたたいた。職員は一人で対応している。",
        isHarassment: true,
        axis: "means",
        nextStep: "team_and_report",
        explanation: "侮辱と威圧は②に当たり、職員の心身に影響します(③)。まず一人で対応せず、上司と周りの職員を呼んで複数で対応し、報告します。",
      },
      {
        text: "来庁者が「家まで行くぞ、覚えておけ」と言いながら、カウンター越しに職員の胸ぐらをつかんだ。",
        isHarassment: true,
        axis: "means",
        nextStep: "police",
        explanation: "暴行と脅迫です。身の危険があるため、段階を踏まずにすぐ110番通報します。職員の安全確保が最優先です。",
      },
      {
        text: "上司と二人で対応しているが、大声での罵倒が続いている。やめるよう2回伝えたが、おさまらない。",
        isHarassment: true,
        axis: "means",
        nextStep: "order_to_leave",
        explanation: "中止の求めに応じないため、次の段階として庁舎の管理権に基づき退去を求めます。それでも帰らない場合は、警察に通報すると最終の警告をします。",
      },
    ],
  },
  {
    key: "group-3",
    policySection: "group-3",
    title: "不当・過剰な要求への対応",
    whatToDo: `- 市に誤りがあったかを、事実で確認します。誤りがない場合、金銭や特別扱いには応じません。
- 職員の処分や異動の要求には、人事のことはお答えできないと伝えます。
- 謝罪の強要(土下座を含む)には応じません。上司と一緒に対応します。`,
    scenarios: [
      {
        text: "市の手続きに誤りはなかったが、来庁者が「待たされた分の交通費と慰謝料を払え」と求めた。支払えない理由を説明すると、課長を出せと言って同じ要求を続けている。大声や侮辱はない。",
        isHarassment: true,
        axis: "demand",
        nextStep: "team_and_report",
        explanation: "市に落ち度がないのに金銭を求めることは、①の要求内容が妥当ではありません。伝え方に問題がなくても、要求が続けば業務に影響します。上司に報告し、複数で対応します。",
      },
      {
        text: "上司が同席する中、来庁者が職員の説明が気に入らないとして「土下座して謝れ」「あの職員をクビにしろ」と繰り返し求めている。",
        isHarassment: true,
        axis: "both",
        nextStep: "ask_to_stop",
        explanation: "土下座や処分の要求は①の妥当性を欠き、繰り返しの強要は②にも当たります。すでに複数で対応しているので、次はそうした要求をやめるよう落ち着いて伝えます。",
      },
      {
        text: "市から届いた通知に氏名の誤記があり、市民が訂正と、誤りを認める文書を求めた。",
        isHarassment: false,
        axis: "none",
        nextStep: "sincere_response",
        explanation: "市の誤りに対する訂正と説明の求めは妥当です。速やかに訂正し、おわびと経緯を伝えます。",
      },
    ],
  },
  {
    key: "group-4",
    policySection: "group-4",
    title: "インターネット上での誹謗中傷・拡散への対応",
    whatToDo: `- 職員の撮影や投稿の予告があれば、撮影をやめるよう求め、上司に報告します。
- 投稿を見つけたら、画面を保存して日時とともに記録し、個人で反論しません。
- 削除の依頼や法的な対応は、組織として判断します。`,
    scenarios: [
      {
        text: "来庁者が窓口の職員を無断で撮影し、「この職員の対応は最悪」と職員の名札の名前を添えてSNSに投稿した。",
        isHarassment: true,
        axis: "means",
        nextStep: "team_and_report",
        explanation: "職員個人を特定できる形での投稿は②に当たり、職員の安心して働ける環境を損ないます(③)。記録を残し、上司に報告して組織として対応します。",
      },
      {
        text: "市民が、手続きの待ち時間が長すぎるという不満を、職員の名前や写真を出さずにSNSに投稿した。内容に侮辱はない。",
        isHarassment: false,
        axis: "none",
        nextStep: "sincere_response",
        explanation: "サービスへの批判は意見の範囲で、ハラスメントではありません。改善の材料として受け止めます。",
      },
    ],
  },
  {
    key: "group-5",
    policySection: "group-5",
    title: "差別的な言動・性的な言動への対応",
    whatToDo: `- 差別的な発言や性的な言動には、担当を替えるなどして職員を守り、上司が対応します。
- 言動をやめるよう、はっきり伝えます。
- 被害を受けた職員の心身のケアを忘れず、相談窓口を案内します。`,
    scenarios: [
      {
        text: "来庁者が女性職員に対して「女に聞いても分からない、男を出せ」と繰り返している。職員は一人で対応している。",
        isHarassment: true,
        axis: "means",
        nextStep: "team_and_report",
        explanation: "性別を理由にした発言は②に当たり、職員の尊厳を傷つけます(③)。一人で抱えず、上司に報告して組織で対応します。",
      },
      {
        text: "上司が同席している窓口で、来庁者が外国籍の職員に「国に帰れ」と言った。",
        isHarassment: true,
        axis: "means",
        nextStep: "ask_to_stop",
        explanation: "国籍を理由にした差別的発言です。すでに上司が同席しているので、そうした発言をやめるようはっきり伝えます。",
      },
      {
        text: "車いすを使う方が、記載台が高くて書けないので、低い机で記入を手伝ってほしいと申し出た。",
        isHarassment: false,
        axis: "none",
        nextStep: "accommodate",
        explanation: "合理的配慮の申出です。低い机の用意や記入の補助など、できる方法で対応します。",
      },
    ],
  },
];
