/**
 * Demo incidents (`npm run mamoru -- demo generate --incidents N [--seed S]`, and a modest set on
 * the first demo start): realistic records for demos, tests and benchmarks, deterministic for a
 * seed. The mix follows the priors in the design brief: Sendai FY2024 (暴言 566, 時間拘束 523,
 * 過剰要求 292; mostly by phone and at the counter), the 総務省 survey's departments (広報広聴,
 * 年金, 福祉事務所, 戸籍等窓口, 税務 highest) and behaviours (継続的・執拗 72.3%, 威圧的 66.4%).
 *
 * Every text is written for this generator; people, numbers and places are fictional.
 *
 * Records are written with batched INSERTs (100k must finish in minutes), not through the incident
 * service: the service would write several audit rows per incident, where a generation run is one
 * audited act ("demo.generate"). What the service guarantees is kept: numbers come from the same
 * fiscal-year counters (reserved atomically, so later API-created incidents never collide), the
 * search columns come from the domain's bigram function over the same texts, each record's
 * timeline runs through legal transitions, and judgements pass the domain's validation. The tests
 * check the generated inputs against the API's request schema.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { type BehaviourCode, type Channel, type CounterpartType, type Group, type LadderStep, groupsOf } from "../../domain/incidents/codes.ts";
import { normaliseEmail, normaliseName, normalisePhone } from "../../domain/incidents/counterpart-match.ts";
import { type Answer, type Judgement, deriveOutcome, validateJudgement } from "../../domain/incidents/judgement.ts";
import { type Status, nextStates } from "../../domain/incidents/lifecycle.ts";
import { bigramsOf, searchText } from "../../domain/incidents/search.ts";
import { refresh as refreshRollup } from "../analytics/rollup.ts";
import * as audit from "../audit/service.ts";
import { fiscalYear } from "../incidents/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";

// ───────────────────────────── seeded randomness ─────────────────────────────

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of entries) {
      r -= w;
      if (r < 0) return v;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }
  /** Log-normal around a median: the long tail of contact durations. */
  lognormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-9);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
}

// ───────────────────────────── the priors ─────────────────────────────

export type DepartmentKind = "tax" | "welfare" | "koseki" | "pension" | "hearing" | "school" | "garbage" | "housing";

/** Demo department code → kind and weight (survey rates × how much contact each has). */
export const DEPARTMENT_KINDS: ReadonlyArray<{ code: string; kind: DepartmentKind; weight: number; place: string }> = [
  { code: "fukushi-hogo", kind: "welfare", weight: 18, place: "保護課 相談室" },
  { code: "ku-koseki", kind: "koseki", weight: 17, place: "中央区役所1階 戸籍住民課窓口" },
  { code: "shimin-kocho", kind: "hearing", weight: 16, place: "市民の声 受付窓口" },
  { code: "ku-hoken", kind: "pension", weight: 15, place: "中央区役所2階 保険年金課窓口" },
  { code: "zaisei-zeimu-shiminzei", kind: "tax", weight: 15, place: "市民税課 納税相談窓口" },
  { code: "kankyo", kind: "garbage", weight: 7, place: "家庭ごみ減量課 事務室" },
  { code: "kyoiku-gakuji", kind: "school", weight: 6, place: "学事課 窓口" },
  { code: "toshi-jutaku", kind: "housing", weight: 6, place: "市営住宅管理課 窓口" },
];

/** Mostly phone and counter. */
const CHANNEL_WEIGHTS: ReadonlyArray<readonly [Channel, number]> = [
  ["phone", 46],
  ["counter", 34],
  ["visit", 5],
  ["email", 8],
  ["letter", 3],
  ["online", 4],
];

/** Primary group: 暴言 566 ≈ group 2, 時間拘束 523 ≈ group 1, 過剰要求 292 ≈ group 3; online and discrimination rarer. */
const GROUP_WEIGHTS: ReadonlyArray<readonly [Group, number]> = [
  [2, 566],
  [1, 523],
  [3, 292],
  [4, 55],
  [5, 60],
];

const FINER: Record<Group, ReadonlyArray<readonly [BehaviourCode, number]>> = {
  1: [
    ["persistent_conduct", 5],
    ["restraint", 4],
    ["repeated_contact", 4],
    ["nitpicking", 2],
  ],
  2: [
    ["mental_attack", 6],
    ["intimidation", 5],
    ["threat", 1.5],
    ["property_damage", 0.7],
    ["physical_attack", 0.4],
  ],
  3: [
    ["compensation_demand", 4],
    ["special_treatment", 4],
    ["staff_directed_demand", 3],
    ["dogeza_demand", 1],
  ],
  4: [
    ["online_defamation", 3],
    ["online_exposure", 2],
  ],
  5: [
    ["discriminatory_conduct", 3],
    ["sexual_conduct", 2],
  ],
};

const STATUS_WEIGHTS: ReadonlyArray<readonly [Status, number]> = [
  ["draft", 5],
  ["reported", 30],
  ["under_review", 22],
  ["judged", 16],
  ["response_done", 13],
  ["closed", 14],
];

const COUNTERPART_TYPES: ReadonlyArray<readonly [CounterpartType, number]> = [
  ["resident", 80],
  ["business", 6],
  ["facility_user", 3],
  ["councillor", 1],
  ["anonymous", 7],
  ["unknown", 3],
];

// ───────────────────────────── texts ─────────────────────────────

interface Topic {
  subject: string;
  demand: string;
  answer: string;
  /** Would the demand itself be legitimate (axis ①)? */
  legitimate: boolean;
  /** Words typical of this topic, said by the counterpart. */
  quote: string;
  /** A plausible own error of the city behind a sincere complaint. */
  ownError: string;
}

const TOPICS: Record<DepartmentKind, Topic[]> = {
  tax: [
    { subject: "住民税の税額", demand: "今年度の住民税を減額し、延滞金を取り消すこと", answer: "税額は前年の所得に基づいて算定しており、減免の要件には当たらないことを説明した", legitimate: false, quote: "去年より上がってるのはおかしいだろ。計算し直せ", ownError: "税額通知書の送付が遅れた" },
    { subject: "差押予告の通知", demand: "差押えを直ちに取りやめること", answer: "分納の相談には応じられるが、通知自体は撤回できないことを説明した", legitimate: false, quote: "勝手に口座を差し押さえたら訴えるからな", ownError: "分納の約束が記録されていなかった" },
    { subject: "納税証明書の手数料", demand: "証明書の手数料を無料にすること", answer: "手数料は条例で定められており、免除できないことを説明した", legitimate: false, quote: "自分の税金の証明に金を取るのか", ownError: "窓口で手数料の案内が誤っていた" },
  ],
  welfare: [
    { subject: "保護費の支給額", demand: "保護費を増額し、今日中に追加で支給すること", answer: "基準に基づく支給額であり、臨時の支給は要件を満たさないことを説明した", legitimate: false, quote: "これで一か月暮らせると思ってるのか", ownError: "支給日の案内に誤りがあった" },
    { subject: "担当ケースワーカーの対応", demand: "担当のケースワーカーを今すぐ替えること", answer: "担当の変更は組織として判断することを説明し、意見は課長に伝えると答えた", legitimate: false, quote: "あいつの顔はもう見たくない", ownError: "家庭訪問の日時が本人に伝わっていなかった" },
    { subject: "申請書類の不足", demand: "書類がそろっていなくても今日申請を受理すること", answer: "申請の意思は受け止め、不足書類と代わりに使える書類を案内した", legitimate: true, quote: "書類書類って、困ってるのが分からないのか", ownError: "前回の来庁時に必要書類の案内が漏れていた" },
  ],
  koseki: [
    { subject: "住民票の写しの交付", demand: "本人確認書類なしで住民票の写しを交付すること", answer: "本人確認は法令で求められていることを説明し、使える書類を案内した", legitimate: false, quote: "本人が来てるんだから出せばいいだろ", ownError: "案内表示の必要書類が古いままだった" },
    { subject: "戸籍謄本の請求", demand: "親族ではない人物の戸籍謄本を交付すること", answer: "請求できる者は法律で限られていることを説明した", legitimate: false, quote: "相手の本籍くらい教えられるだろう", ownError: "電話での案内内容が職員によって違っていた" },
    { subject: "窓口の待ち時間", demand: "待たされた時間の補償と責任者の謝罪", answer: "混雑をお詫びし、順番に受け付けていることを説明した", legitimate: false, quote: "何分待たせるんだ。こっちは仕事を休んで来てるんだぞ", ownError: "番号札の呼び出しが飛ばされていた" },
  ],
  pension: [
    { subject: "国民健康保険料の額", demand: "保険料を今年度分からすぐに下げること", answer: "所得に応じた算定であることを説明し、軽減・減免の制度を案内した", legitimate: false, quote: "こんな額、払えるわけがない", ownError: "所得の申告内容が反映されていなかった" },
    { subject: "国民年金保険料の免除申請", demand: "免除の審査結果を窓口で覆すこと", answer: "審査は日本年金機構が行うことを説明し、再申請の方法を案内した", legitimate: false, quote: "区役所で受け付けたんだから区役所が責任を取れ", ownError: "申請書の回送が遅れた" },
    { subject: "保険証の再発行", demand: "郵送ではなく今日その場で保険証を渡すこと", answer: "即日交付の条件を説明し、資格確認書の取扱いを案内した", legitimate: true, quote: "明日病院なんだよ。どうしてくれるんだ", ownError: "住所変更後の送付先が更新されていなかった" },
  ],
  hearing: [
    { subject: "市政への意見", demand: "市長に直接会わせ、その場で回答させること", answer: "意見は担当部署に伝え、文書で回答することを説明した", legitimate: false, quote: "お前じゃ話にならん。市長を出せ", ownError: "前回の意見への回答期限を過ぎていた" },
    { subject: "道路工事の騒音", demand: "工事を今日から止めさせること", answer: "担当課に状況を伝え、作業時間の確認を依頼すると答えた", legitimate: true, quote: "夜中まで音がしてるんだ。寝られないんだよ", ownError: "工事のお知らせが配布されていなかった" },
    { subject: "以前の回答内容", demand: "以前の回答を撤回し、文書で謝罪すること", answer: "回答の趣旨を改めて説明し、撤回はできないことを伝えた", legitimate: false, quote: "あの回答を書いた人間の名前を出せ", ownError: "回答文に事実の誤りが一か所あった" },
  ],
  school: [
    { subject: "指定校の変更", demand: "要件を満たさなくても希望の学校に変更すること", answer: "指定校変更の要件と申立ての手続を説明した", legitimate: false, quote: "うちの子だけ遠くに通わせる気か", ownError: "通知書に誤った学校名が印字されていた" },
    { subject: "教員の対応", demand: "担任の教員を処分し、氏名を公表すること", answer: "学校と事実を確認し、結果を連絡すると答えた", legitimate: false, quote: "あの担任を辞めさせるまで毎日電話するからな", ownError: "学校からの連絡が保護者に届いていなかった" },
    { subject: "就学援助の決定", demand: "所得の基準を超えていても援助を認めること", answer: "認定基準を説明し、世帯状況が変わった場合の再申請を案内した", legitimate: false, quote: "こっちは生活が苦しいんだ", ownError: "決定通知の理由欄が空欄だった" },
  ],
  garbage: [
    { subject: "ごみの収集漏れ", demand: "今すぐ回収に来ること", answer: "収集漏れをお詫びし、当日中に回収することを伝えた", legitimate: true, quote: "カラスが散らかしてるんだよ。今すぐ来い", ownError: "収集車が集積所を一か所飛ばした" },
    { subject: "分別ルールの警告シール", demand: "警告シールを貼った職員を謝罪させること", answer: "分別区分を説明し、シールの趣旨を伝えた", legitimate: false, quote: "人のごみを勝手に開けたのか", ownError: "分別の冊子の記載が古かった" },
    { subject: "集積所の場所", demand: "自宅前の集積所を別の場所に移すこと", answer: "集積所は町内会と協議して決めていることを説明した", legitimate: false, quote: "うちの前に置くのをやめろと言ってるんだ", ownError: "移設の相談への回答が漏れていた" },
  ],
  housing: [
    { subject: "市営住宅の修繕", demand: "今日中に修繕業者を寄こすこと", answer: "修繕の受付順と緊急修繕の基準を説明した", legitimate: true, quote: "水漏れしてるのに何日待たせるんだ", ownError: "修繕依頼が業者に伝わっていなかった" },
    { subject: "家賃の滞納", demand: "滞納分の家賃を帳消しにすること", answer: "分納と家賃減免の制度を案内した", legitimate: false, quote: "払えないものは払えない。追い出せるものならやってみろ", ownError: "減免制度の案内が送られていなかった" },
    { subject: "入居者の抽選", demand: "抽選に関係なく入居させること", answer: "公平のため抽選で決めていることを説明した", legitimate: false, quote: "何回外れたと思ってるんだ。今回は入れろ", ownError: "抽選結果の通知が遅れた" },
  ],
};

const CHANNEL_OPENING: Record<Channel, string> = {
  counter: "窓口に来庁し、",
  phone: "電話で",
  visit: "家庭訪問の際、",
  email: "メールで",
  letter: "文書で",
  online: "SNSへの投稿と問合せフォームで",
};

interface GroupText {
  narrative: (t: Topic, ch: Channel, minutes: number | null) => string;
  quotes: string[];
  acts?: string[];
  axis2: string;
  axis3: string;
}

const GROUP_TEXT: Record<Group, GroupText> = {
  1: {
    narrative: (t, ch, m) =>
      `${CHANNEL_OPENING[ch]}${t.subject}について問合せがあった。説明を繰り返しても同じ内容の説明を求め続け、${ch === "phone" ? "切電に応じず" : ch === "counter" || ch === "visit" ? "「納得するまで帰らない」と述べて退去せず" : "同じ内容の送信を繰り返し"}、${m ? `対応は約${m}分に及んだ` : "対応に多くの時間を要した"}。`,
    quotes: ["納得するまで帰らないからな", "さっきと言ってることが違うだろ。最初から説明し直せ", "上の人間を出せ。出てくるまで何時間でも待つ", "昨日も電話したよな。答えが同じなら明日もかける", "今『えー』と言ったな。それも記録に残しておけ", "説明になってない。もう一回"],
    axis2: "同じ説明を繰り返し求め、終了の申出にも応じず長時間にわたり拘束した",
    axis3: "応対職員が長時間他の業務に就けず、窓口・電話の対応が滞った",
  },
  2: {
    narrative: (t, ch) =>
      `${CHANNEL_OPENING[ch]}${t.subject}について説明していたところ、突然大声を上げ、職員を繰り返し罵倒した。${ch === "counter" || ch === "visit" ? "机を叩くなど威圧的な態度が続いた" : "威圧的な口調が続いた"}。`,
    quotes: ["この税金泥棒が", "お前みたいな無能がいるから役所はダメなんだ", "ふざけるな!", "夜道に気をつけろよ", "顔は覚えたからな", "黙って言うことを聞け"],
    acts: ["カウンターを拳で何度も叩く", "パンフレット立てを床に投げつける", "記載台の椅子を蹴り倒す"],
    axis2: "大声で侮辱的な言葉を繰り返し、威圧的な言動で要求を通そうとした",
    axis3: "応対職員が強い恐怖を感じ、周囲の来庁者の手続も中断した",
  },
  3: {
    narrative: (t, ch) => `${CHANNEL_OPENING[ch]}${t.subject}をめぐり、応じられない要求を繰り返した。できないことを説明すると、謝罪や職員個人への処分を求める要求に変わった。`,
    quotes: ["土下座して謝れ。それで許してやる", "迷惑料として10万円払え", "あの職員をクビにしろ。名前をフルネームで言え", "俺の分だけ特別に今日中にやれば済む話だろ", "謝罪文を書いて家まで持ってこい"],
    axis2: "制度上応じられない要求を、謝罪の強要や職員個人への処分要求を交えて繰り返した",
    axis3: "応対職員が個人として責任を問われ、精神的な負担が大きかった",
  },
  4: {
    narrative: (t) => `${t.subject}の応対の後、応対職員の氏名と窓口の写真をSNSに投稿し、「無能な職員」などと書き込んだ。投稿は拡散され、問合せフォームにも同じ内容が送られた。`,
    quotes: ["お前の顔、撮ったからな。ネットに上げてやる", "名札の名前、ちゃんと見たぞ", "拡散されて困るのはそっちだろ"],
    axis2: "職員の氏名・写真を本人の同意なく公開し、侮辱的な内容を拡散した",
    axis3: "応対職員が外出や窓口業務に不安を感じ、配置の見直しが必要になった",
  },
  5: {
    narrative: (t, ch) => `${CHANNEL_OPENING[ch]}${t.subject}について応対中、職員の性別や年齢、容姿に関する発言を繰り返し、担当の交代を求めた。`,
    quotes: ["女じゃ話にならない。男を出せ", "若いのに偉そうだな", "外国人に対応されたくない", "今度食事でもどう?連絡先を教えてよ"],
    axis2: "職員の属性に基づく差別的・性的な発言を繰り返した",
    axis3: "応対職員が強い不快感を訴え、以後の応対を別の職員に替えた",
  },
};

/** Sincere but angry complaints: the city was at fault; welcome, and not harassment. */
const SINCERE_QUOTES = ["何度も説明が違うじゃないか。ちゃんと調べてくれ", "そちらの間違いで二度も来ることになったんですよ", "こっちは困ってるんだ。きちんと対応してほしい"];

const FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "斎藤", "清水", "阿部", "菅原", "千葉", "遠藤", "大友"];
const GIVEN = ["太郎", "健一", "誠", "浩", "隆", "修", "茂", "聡", "一郎", "和子", "洋子", "恵子", "幸子", "美香", "直美", "由美", "正樹", "大輔", "翔太", "陽子"];
const KANA: Record<string, string> = { 佐藤: "サトウ", 鈴木: "スズキ", 高橋: "タカハシ", 田中: "タナカ", 伊藤: "イトウ", 渡辺: "ワタナベ", 山本: "ヤマモト", 中村: "ナカムラ" };

/** The same number written the ways different departments write it. */
const PHONE_FORMATS: ReadonlyArray<(d: string) => string> = [
  (d) => `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`,
  (d) => d,
  (d) => `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`,
  (d) => `(${d.slice(0, 3)})${d.slice(3, 7)}-${d.slice(7)}`,
  (d) => `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`.replace(/[0-9-]/g, (c) => (c === "-" ? "－" : String.fromCharCode(c.charCodeAt(0) + 0xfee0))),
  (d) => `+81 ${d.slice(1, 3)}-${d.slice(3, 7)}-${d.slice(7)}`,
];

// ───────────────────────────── the generated record ─────────────────────────────

interface Person {
  key: number;
  type: CounterpartType;
  family: string;
  given: string;
  digits: string | null;
  email: string | null;
  homeKind: DepartmentKind | null;
}

export interface DemoDepartmentRef {
  id: string;
  kind: DepartmentKind;
  place: string;
  weight: number;
  staffIds: string[];
  supervisorIds: string[];
}

export interface DemoContext {
  departments: DemoDepartmentRef[];
  /** Anyone with the staff role: responders when a department has none of its own. */
  anyStaffIds: string[];
  centralIds: string[];
}

/** One generated incident, shaped like the API's create body plus what later steps set. */
export interface GeneratedIncident {
  departmentId: string;
  kind: DepartmentKind;
  channel: Channel;
  place: string | null;
  startedAt: Date;
  endedAt: Date | null;
  createdAt: Date;
  summary: string;
  narrative: string;
  demand: string;
  answersGiven: string;
  quotes: Array<{ text: string; speaker: "counterpart"; isAct: boolean; offsetSeconds: number | null }>;
  codes: string[];
  staff: Array<{ userId: string; role: "responder" | "recorder" | "present" }>;
  createdBy: string;
  supervisorId: string | null;
  personKey: number | null;
  counterpart: { type: CounterpartType; name: string | null; phone: string | null; email: string | null } | null;
  personsCount: number;
  ladderSteps: Array<{ step: LadderStep; at: string; count?: number; approver?: string; words?: string }>;
  police: { contacted: boolean; at?: string; station?: string; notes?: string };
  harm: { harmed: boolean; description?: string; care?: string };
  ownErrorContributed: boolean | null;
  centralReportAt: Date | null;
  status: Status;
  /** Status changes after creation, in order, with their times. */
  steps: Array<{ to: Status; at: Date; actorId: string }>;
  judgement: Judgement | null;
  judgedBy: string | null;
  judgedAt: Date | null;
  sincere: boolean;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function personName(p: Person, variant: number): string | null {
  if (p.type === "anonymous") return null;
  if (variant === 1 && KANA[p.family]) return `${KANA[p.family]} ${p.given}`;
  if (variant === 2) return `${p.family}${p.given}様`;
  return `${p.family} ${p.given}`;
}

/**
 * A deterministic stream of incidents for a seed. `today` anchors the dates (the last ~18 months,
 * office hours in Japan mostly); pass the same day for the same records.
 */
export function* buildIncidents(count: number, seed: number, ctx: DemoContext, today: Date): Generator<GeneratedIncident> {
  if (ctx.departments.length === 0) throw new Error("no departments to generate incidents for");
  const dice = new Dice(prng(seed));
  const deptWeights = ctx.departments.map((d) => [d, d.weight] as const);
  // Repeat counterparts: a small pool called on again and again (Zipf-like), across departments.
  const repeaters: Person[] = [];
  const repeaterCount = Math.max(3, Math.round(count / 40));
  let personKey = 0;
  const newPerson = (homeKind: DepartmentKind | null): Person => {
    const type = dice.weighted(COUNTERPART_TYPES);
    const mobile = dice.chance(0.7);
    const digits = type === "anonymous" && dice.chance(0.5) ? null : mobile ? `0${dice.pick(["90", "80", "70"])}${String(dice.int(0, 99_999_999)).padStart(8, "0")}` : `022${String(dice.int(0, 9_999_999)).padStart(7, "0")}`;
    return {
      key: ++personKey,
      type,
      family: dice.pick(FAMILY),
      given: dice.pick(GIVEN),
      digits,
      email: dice.chance(0.15) ? `user${personKey}.${String(dice.int(100, 999))}@example.jp` : null,
      homeKind,
    };
  };
  for (let i = 0; i < repeaterCount; i++) repeaters.push(newPerson(dice.pick(DEPARTMENT_KINDS).kind));
  const repeaterWeights = repeaters.map((p, i) => [p, 1 / (i + 1)] as const);
  const midnightJst = Math.floor((today.getTime() + 9 * 3600_000) / DAY) * DAY - 9 * 3600_000;

  for (let n = 0; n < count; n++) {
    // Who, where, how.
    let person: Person | null = null;
    let dept: DemoDepartmentRef;
    if (dice.chance(0.3)) {
      person = dice.weighted(repeaterWeights);
      const home = person.homeKind ? ctx.departments.filter((d) => d.kind === person?.homeKind) : [];
      dept = home.length > 0 && dice.chance(0.7) ? dice.pick(home) : dice.weighted(deptWeights);
    } else {
      dept = dice.weighted(deptWeights);
      person = dice.chance(0.85) ? newPerson(dept.kind) : null;
    }
    const topic = dice.pick(TOPICS[dept.kind]);
    const sincere = dice.chance(0.1);
    let group = sincere ? dice.weighted<Group>([[1, 1], [2, 1]]) : dice.weighted(GROUP_WEIGHTS);
    let channel = dice.weighted(CHANNEL_WEIGHTS);
    if (sincere && channel === "online") channel = "email";
    if (group === 4) channel = dice.chance(0.7) ? "online" : "counter";
    else if (channel === "online") group = 4;
    if (dept.kind === "welfare" && channel === "phone" && dice.chance(0.15)) channel = "visit";

    // Codes: the quick form records only the group; fuller records the finer codes, often several.
    const codes = new Set<string>();
    if (dice.chance(0.3)) codes.add(`group${group}`);
    else {
      codes.add(dice.weighted(FINER[group]));
      if (group !== 1 && dice.chance(0.35)) codes.add("persistent_conduct");
      if (group !== 2 && !sincere && dice.chance(0.3)) codes.add("intimidation");
      if (group === 2 && dice.chance(0.3)) codes.add(dice.weighted(FINER[2]));
    }
    const restraint = codes.has("restraint");

    // When and how long: office hours in Japan time; long-tailed; restraint 30–180 min.
    const daysAgo = Math.floor(dice.next() ** 1.3 * 540);
    const dayStart = midnightJst - daysAgo * DAY;
    const afterHours = channel === "phone" && dice.chance(0.08);
    const startMinute = afterHours ? dice.int(17 * 60 + 15, 21 * 60) : dice.int(8 * 60 + 30, 16 * 60 + 45);
    const startedAt = new Date(dayStart + startMinute * MINUTE);
    const written = channel === "email" || channel === "letter" || channel === "online";
    let minutes: number | null = null;
    if (!written) {
      minutes = restraint
        ? Math.min(180, Math.max(30, Math.round(dice.lognormal(70, 0.5))))
        : Math.min(240, Math.max(3, Math.round(dice.lognormal(channel === "phone" ? 18 : 25, 0.75))));
    }
    const endedAt = minutes === null ? startedAt : new Date(startedAt.getTime() + minutes * MINUTE);
    const createdAt = new Date(endedAt.getTime() + dice.int(10, 180) * MINUTE);

    // Staff: 1–3 responding, the first files it.
    const pool = dept.staffIds.length > 0 ? [...dept.staffIds, ...ctx.anyStaffIds.filter((s) => !dept.staffIds.includes(s))] : ctx.anyStaffIds;
    if (pool.length === 0) throw new Error("no staff users to record incidents");
    const localPool = dept.staffIds.length > 0 ? dept.staffIds : pool;
    const createdBy = dice.pick(localPool);
    const staffCount = Math.min(pool.length, written ? 1 : dice.weighted([[1, 45], [2, 40], [3, 15]] as const));
    const staffIds = [createdBy, ...pool.filter((s) => s !== createdBy)].slice(0, staffCount);
    const roles = ["responder", "recorder", "present"] as const;
    const staff = staffIds.map((userId, i) => ({ userId, role: roles[i] as (typeof roles)[number] }));
    const supervisorId = dept.supervisorIds.length > 0 ? dice.pick(dept.supervisorIds) : null;

    // Words.
    const gt = GROUP_TEXT[group];
    const quotes: GeneratedIncident["quotes"] = [];
    const wordCount = dice.int(1, 3);
    const said = sincere ? [dice.pick(SINCERE_QUOTES), topic.quote] : [topic.quote, ...gt.quotes];
    for (let i = 0; i < wordCount && said.length > 0; i++) {
      const idx = i === 0 ? 0 : dice.int(0, said.length - 1);
      const text = said.splice(idx, 1)[0] as string;
      quotes.push({ text, speaker: "counterpart", isAct: false, offsetSeconds: minutes ? Math.round(((i + 1) / (wordCount + 1)) * minutes * 60) : null });
    }
    if (!sincere && gt.acts && (channel === "counter" || channel === "visit") && dice.chance(0.4)) {
      quotes.push({ text: dice.pick(gt.acts), speaker: "counterpart", isAct: true, offsetSeconds: minutes ? Math.round(minutes * 45) : null });
    }
    const narrative = sincere
      ? `${CHANNEL_OPENING[channel]}${topic.subject}について強い口調で苦情があった。確認したところ、${topic.ownError}ことが分かった。${minutes ? `対応は約${minutes}分。` : ""}`
      : gt.narrative(topic, channel, minutes) + (restraint && minutes && minutes >= 60 ? "終了を複数回申し出た後、課長と協議して対応を終了した。" : "");
    const summary = sincere ? `${topic.subject}についての強い苦情(市の誤りあり)` : `${topic.subject}をめぐり${group === 1 ? "長時間の対応" : group === 2 ? "暴言・威圧" : group === 3 ? "過剰な要求" : group === 4 ? "職員の情報の拡散" : "差別的・性的な言動"}`;

    // Ladder, police, harm.
    const ladderSteps: GeneratedIncident["ladderSteps"] = [];
    const at = (frac: number) => new Date(startedAt.getTime() + Math.round((minutes ?? 0) * frac) * MINUTE).toISOString();
    if (restraint && minutes && minutes >= 45) {
      ladderSteps.push({ step: "end_response_decided", at: at(0.6), approver: "課長" });
      ladderSteps.push({ step: "asked_to_stop", at: at(0.7), count: dice.int(2, 3), words: "これ以上のご説明はできませんので、本日はお引き取りください" });
      if (channel === "phone") ladderSteps.push({ step: "call_ended", at: at(1), approver: "課長", words: "同じご説明の繰り返しになるため、お電話を終了します" });
      else ladderSteps.push({ step: "ordered_to_leave", at: at(0.9), count: dice.int(1, 3), approver: "課長", words: "庁舎管理上、退去をお願いします" });
    }
    const serious = codes.has("threat") || codes.has("physical_attack") || codes.has("property_damage");
    const policeCalled = !sincere && group === 2 && channel !== "phone" && (serious ? dice.chance(0.5) : dice.chance(0.04));
    const police: GeneratedIncident["police"] = policeCalled ? { contacted: true, at: at(0.8), station: "中央警察署", notes: "警察官が到着し、本人は退去した" } : { contacted: false };
    if (policeCalled) {
      ladderSteps.push({ step: "final_warning", at: at(0.75), words: "お帰りいただけない場合は警察に通報します" });
      ladderSteps.push({ step: "police_called", at: at(0.8), approver: "課長" });
    }
    const harmed = codes.has("physical_attack") || (!sincere && group !== 1 && dice.chance(0.08));
    const harm: GeneratedIncident["harm"] = harmed
      ? { harmed: true, description: codes.has("physical_attack") ? "胸ぐらをつかまれ、首に軽い擦り傷" : "応対後に動悸と不眠を訴えた", care: "産業医との面談を案内し、当面の応対から外した" }
      : { harmed: false };

    // Counterpart: one record per person and department; each department writes the number its own way.
    let counterpart: GeneratedIncident["counterpart"] = null;
    if (person) {
      const deptIndex = ctx.departments.indexOf(dept);
      counterpart = {
        type: person.type,
        name: personName(person, (deptIndex + person.key) % 3),
        phone: person.digits ? (PHONE_FORMATS[(deptIndex + person.key) % PHONE_FORMATS.length] as (d: string) => string)(person.digits) : null,
        email: person.email,
      };
    }

    // Lifecycle.
    let status = dice.weighted(STATUS_WEIGHTS);
    if (daysAgo < 3 && (status === "closed" || status === "response_done")) status = "under_review";
    const judgeAt = (): string => (supervisorId ?? ctx.centralIds[0] ?? createdBy) as string;
    const steps: GeneratedIncident["steps"] = [];
    let t = createdAt.getTime();
    const limit = Math.max(midnightJst + DAY - MINUTE, t);
    let s: Status = "draft";
    let judgement: Judgement | null = null;
    let judgedAt: Date | null = null;
    while (s !== status) {
      const to = nextStates(s)[0] as Status;
      t = Math.min(limit, t + (to === "reported" ? dice.int(5, 90) * MINUTE : dice.int(2, 96) * 3600_000));
      const actor = to === "reported" ? createdBy : to === "response_done" ? createdBy : judgeAt();
      if (to === "judged") {
        judgement = makeJudgement(dice, { sincere, topic, group, crossedAt: !written && minutes ? at(0.3) : null });
        judgedAt = new Date(t);
      }
      steps.push({ to, at: new Date(t), actorId: actor });
      s = to;
    }
    const centralReportAt = policeCalled && status !== "draft" ? (steps[0]?.at ?? null) : null;

    yield {
      departmentId: dept.id,
      kind: dept.kind,
      channel,
      place: channel === "counter" ? dept.place : channel === "visit" ? "相手方の自宅" : null,
      startedAt,
      endedAt,
      createdAt,
      summary,
      narrative,
      demand: topic.demand,
      answersGiven: topic.answer,
      quotes,
      codes: [...codes].sort(),
      staff,
      createdBy,
      supervisorId,
      personKey: person?.key ?? null,
      counterpart,
      personsCount: channel === "counter" && dice.chance(0.1) ? 2 : 1,
      ladderSteps,
      police,
      harm,
      ownErrorContributed: sincere ? true : topic.legitimate && dice.chance(0.3) ? true : dice.chance(0.5) ? false : null,
      centralReportAt,
      status,
      steps,
      judgement,
      judgedBy: judgement ? judgeAt() : null,
      judgedAt,
      sincere,
    };
  }
}

function makeJudgement(dice: Dice, c: { sincere: boolean; topic: Topic; group: Group; crossedAt: string | null }): Judgement {
  const gt = GROUP_TEXT[c.group];
  if (c.sincere) {
    const j: Judgement = {
      demandLegitimate: { answer: "yes", reason: `${c.topic.ownError}ことが原因であり、是正を求める内容は正当` },
      meansAppropriate: { answer: "yes", reason: "口調は強かったが、侮辱や威圧はなく、説明を聞いて納得した" },
      environmentHarmed: { answer: "no", reason: "通常の苦情対応の範囲で終わり、業務への支障はなかった" },
      exclusions: { sincereComplaint: dice.chance(0.6), reasonableAccommodation: false, reason: "" },
      crossedAt: null,
    };
    if (j.exclusions.sincereComplaint) j.exclusions.reason = "市の誤りに対する真摯な苦情であり、業務改善につなげる";
    return j;
  }
  // Some cases stay open on one axis (pending); a few are not harassment on the facts.
  const open = dice.chance(0.08);
  const notHarmed = !open && dice.chance(0.07);
  const legit: Answer = c.topic.legitimate ? "yes" : "no";
  const harmed: Answer = open ? "undetermined" : notHarmed ? "no" : "yes";
  const j: Judgement = {
    demandLegitimate: {
      answer: legit,
      reason: c.topic.legitimate ? `${c.topic.demand.replace(/こと$/, "")}という要求自体には理由がある` : `${c.topic.answer.replace(/。$/, "")}とおり、市に応じる義務はない`,
    },
    meansAppropriate: { answer: "no", reason: gt.axis2 },
    environmentHarmed: {
      answer: harmed,
      reason: open ? "職員の体調への影響を確認中(産業医面談の結果待ち)" : notHarmed ? "短時間で終わり、業務への支障は生じなかった" : gt.axis3,
    },
    exclusions: { sincereComplaint: false, reasonableAccommodation: false, reason: "" },
    crossedAt: notHarmed ? null : c.crossedAt,
  };
  return j;
}

// ───────────────────────────── writing ─────────────────────────────

/** Departments and users of this instance: the demo departments by code, else every active department. */
export async function loadDemoContext(db: Executor): Promise<DemoContext> {
  const depts = await db.selectFrom("departments").select(["id", "code"]).where("active", "=", true).orderBy("code").execute();
  const roles = await db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select(["user_roles.user_id", "user_roles.role", "user_roles.department_id", "users.department_id as home"])
    .where("users.active", "=", true)
    .orderBy("users.username")
    .execute();
  const staffRoles = roles.filter((r) => r.role === "staff");
  const known = new Map(DEPARTMENT_KINDS.map((k) => [k.code, k]));
  let chosen = depts.filter((d) => known.has(d.code)).map((d) => ({ ...d, info: known.get(d.code) as (typeof DEPARTMENT_KINDS)[number] }));
  if (chosen.length === 0) {
    chosen = depts.map((d, i) => ({ ...d, info: { ...(DEPARTMENT_KINDS[i % DEPARTMENT_KINDS.length] as (typeof DEPARTMENT_KINDS)[number]), code: d.code, place: "窓口", weight: 1 } }));
  }
  return {
    departments: chosen.map((d) => ({
      id: d.id,
      kind: d.info.kind,
      place: d.info.place,
      weight: d.info.weight,
      staffIds: [...new Set(staffRoles.filter((r) => r.home === d.id).map((r) => r.user_id))],
      supervisorIds: [...new Set(roles.filter((r) => r.role === "supervisor" && r.department_id === d.id).map((r) => r.user_id))],
    })),
    anyStaffIds: [...new Set(staffRoles.map((r) => r.user_id))],
    centralIds: [...new Set(roles.filter((r) => r.role === "central").map((r) => r.user_id))],
  };
}

export interface GenerateOptions {
  count: number;
  seed?: number | undefined;
  /** Anchors the dates; defaults to now. */
  today?: Date | undefined;
  /** Incidents per transaction. */
  batchSize?: number | undefined;
  onProgress?: ((done: number) => void) | undefined;
  /** false: leave the analytics rollup's dirty buckets for the next read or the background job (benchmarks). */
  refreshRollup?: boolean | undefined;
}

export interface GenerateResult {
  created: number;
  seed: number;
  counterparts: number;
  ms: number;
  /** Of `ms`: bringing the analytics rollup up to date at the end. */
  rollupMs: number;
}

export const DEFAULT_SEED = 20240401;

/** PostgreSQL allows 65,535 parameters per statement; stay well below. */
async function insertMany<T extends keyof Database & string>(db: Executor, table: T, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(30_000 / Object.keys(rows[0] as object).length));
  for (let i = 0; i < rows.length; i += per) await db.insertInto(table).values(rows.slice(i, i + per) as never).execute();
}

/** Reserves `n` numbers of a fiscal year atomically and returns the first. */
async function reserveNumbers(db: Executor, fy: number, n: number): Promise<number> {
  const r = await sql<{ last_number: number }>`
    INSERT INTO incident_counters (fiscal_year, last_number) VALUES (${fy}, ${n})
    ON CONFLICT (fiscal_year) DO UPDATE SET last_number = incident_counters.last_number + ${n}
    RETURNING last_number`.execute(db);
  return Number(r.rows[0]?.last_number) - n + 1;
}

const json = (v: unknown) => JSON.stringify(v);

/**
 * Generates `count` incidents in batches, then writes one audit row for the run. Counterparts are
 * one record per person and department (the same person's number written differently across
 * departments, as in real life, for the matching to find).
 */
export async function generateIncidents(db: Kysely<Database>, ctx: RequestContext, opts: GenerateOptions): Promise<GenerateResult> {
  const began = Date.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const demo = await loadDemoContext(db);
  const batchSize = opts.batchSize ?? 1000;
  const counterpartIds = new Map<string, string>();
  let created = 0;
  let batch: GeneratedIncident[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    await db.transaction().execute((trx) => writeBatch(trx, items, counterpartIds));
    created += items.length;
    opts.onProgress?.(created);
  };
  for (const inc of buildIncidents(opts.count, seed, demo, opts.today ?? new Date())) {
    batch.push(inc);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  // The triggers marked the new incidents' buckets; leave the analytics rollup fresh.
  const r0 = Date.now();
  if (opts.refreshRollup !== false) await refreshRollup(db, null);
  const rollupMs = Date.now() - r0;
  await audit.record(db, ctx, { action: "demo.generate", resourceType: "incident", details: { count: created, seed, counterparts: counterpartIds.size } });
  return { created, seed, counterparts: counterpartIds.size, ms: Date.now() - began, rollupMs };
}

async function writeBatch(trx: Executor, items: GeneratedIncident[], counterpartIds: Map<string, string>) {
  // Numbers per fiscal year, in start order within the batch.
  const byYear = new Map<number, GeneratedIncident[]>();
  for (const inc of items) {
    const fy = fiscalYear(inc.startedAt);
    byYear.set(fy, [...(byYear.get(fy) ?? []), inc]);
  }
  const numbers = new Map<GeneratedIncident, string>();
  for (const [fy, list] of [...byYear].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const first = await reserveNumbers(trx, fy, list.length);
    for (const [i, inc] of list.entries()) numbers.set(inc, `${fy}-${String(first + i).padStart(6, "0")}`);
  }

  const counterpartRows: Record<string, unknown>[] = [];
  const incidentRows: Record<string, unknown>[] = [];
  const codeRows: Record<string, unknown>[] = [];
  const staffRows: Record<string, unknown>[] = [];
  const quoteRows: Record<string, unknown>[] = [];
  const eventRows: Record<string, unknown>[] = [];
  for (const inc of items) {
    const id = randomUUID();
    let counterpartId: string | null = null;
    if (inc.counterpart && inc.personKey !== null) {
      const key = `${inc.personKey}:${inc.departmentId}`;
      counterpartId = counterpartIds.get(key) ?? null;
      if (!counterpartId) {
        counterpartId = randomUUID();
        counterpartIds.set(key, counterpartId);
        const c = inc.counterpart;
        counterpartRows.push({
          id: counterpartId,
          type: c.type,
          name: c.name,
          name_normalised: c.name ? normaliseName(c.name) || null : null,
          phone: c.phone,
          phone_normalised: normalisePhone(c.phone),
          email: c.email,
          email_normalised: normaliseEmail(c.email),
          created_by: inc.createdBy,
          created_at: inc.createdAt,
          updated_at: inc.createdAt,
        });
      }
    }
    const texts = [inc.summary, inc.narrative, inc.demand, ...inc.quotes.map((q) => q.text)];
    const last = inc.steps[inc.steps.length - 1]?.at ?? inc.createdAt;
    const number = numbers.get(inc) as string;
    const outcome = inc.judgement ? deriveOutcome(inc.judgement) : null;
    incidentRows.push({
      id,
      number,
      department_id: inc.departmentId,
      created_by: inc.createdBy,
      supervisor_id: inc.supervisorId,
      status: inc.status,
      channel: inc.channel,
      place: inc.place,
      started_at: inc.startedAt,
      ended_at: inc.endedAt,
      counterpart_id: counterpartId,
      persons_count: inc.personsCount,
      summary: inc.summary,
      narrative: inc.narrative,
      demand: inc.demand,
      answers_given: inc.answersGiven,
      ladder_steps: json(inc.ladderSteps),
      police: json(inc.police),
      harm: json(inc.harm),
      personal_data: json({ demanded: inc.codes.includes("online_exposure"), exposed: inc.codes.includes("online_exposure") }),
      own_error_contributed: inc.ownErrorContributed,
      central_report_at: inc.centralReportAt,
      retention_class: "3y",
      legal_hold: false,
      judgement: inc.judgement ? json(inc.judgement) : null,
      judged_by: inc.judgedBy,
      judged_at: inc.judgedAt,
      judgement_proposal: null,
      outcome,
      crossed_at: inc.judgement?.crossedAt ? new Date(inc.judgement.crossedAt) : null,
      version: 1 + inc.steps.length + (inc.judgement ? 1 : 0),
      idempotency_key: null,
      search_bigrams: bigramsOf(...texts),
      search_text: searchText(...texts),
      created_at: inc.createdAt,
      updated_at: last,
    });
    for (const code of inc.codes) codeRows.push({ incident_id: id, code });
    for (const s of inc.staff) staffRows.push({ incident_id: id, user_id: s.userId, role: s.role });
    for (const [i, q] of inc.quotes.entries()) {
      const at = q.offsetSeconds === null ? null : new Date(inc.startedAt.getTime() + q.offsetSeconds * 1000);
      quoteRows.push({ id: randomUUID(), incident_id: id, position: i + 1, text: q.text, speaker: q.speaker, is_act: q.isAct, at, offset_seconds: q.offsetSeconds });
    }
    let seq = 0;
    const event = (e: { kind: string; at: Date; actorId: string; from?: Status | null; to?: Status | null; data?: Record<string, unknown> }) =>
      eventRows.push({ incident_id: id, seq: ++seq, kind: e.kind, at: e.at, actor_id: e.actorId, from_status: e.from ?? null, to_status: e.to ?? null, reason: null, data: json(e.data ?? {}) });
    event({ kind: "created", at: inc.createdAt, actorId: inc.createdBy, to: "draft", data: { number, channel: inc.channel, demo: true } });
    let from: Status = "draft";
    for (const step of inc.steps) {
      if (step.to === "judged" && inc.judgement) event({ kind: "judged", at: step.at, actorId: step.actorId, data: { outcome, previousOutcome: null, judgement: inc.judgement } });
      event({ kind: "status_changed", at: step.at, actorId: step.actorId, from, to: step.to });
      from = step.to;
    }
  }
  await insertMany(trx, "counterparts", counterpartRows);
  await insertMany(trx, "incidents", incidentRows);
  await insertMany(trx, "incident_codes", codeRows);
  await insertMany(trx, "incident_staff", staffRows);
  await insertMany(trx, "incident_quotes", quoteRows);
  await insertMany(trx, "incident_events", eventRows);
}

/** For tests: every generated judgement passes the domain's validation against its contact window. */
export function judgementProblems(inc: GeneratedIncident) {
  return inc.judgement ? validateJudgement(inc.judgement, { startedAt: inc.startedAt, endedAt: inc.endedAt }) : [];
}

/** The groups of a generated incident (for distribution checks). */
export function groupsOfIncident(inc: GeneratedIncident): Group[] {
  return groupsOf(inc.codes);
}

/** How many incidents the first demo start creates: enough to look alive, fast on PGlite. */
export const DEMO_START_INCIDENTS = 120;
