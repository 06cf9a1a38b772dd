import { CARE_FLAGS, CARE_FLAG_LABELS, CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from "../../domain/consultations/workflow.ts";

/**
 * What the consultation pages say, in Japanese and English: the protection against retaliation,
 * the channels, and what anonymity means. Served by GET /api/consultation-info so a screen (and the
 * logged-out receipt page) shows exactly this text.
 */
type Text = { ja: string; en: string };

export const NO_RETALIATION: Text = {
  ja: "相談したこと、相談の中で事実を話したことを理由に、異動・評価・配置などで不利益な取扱いを受けることはありません。これは市の方針であり、法律(労働施策総合推進法)でも定められています。もし不利益な扱いを受けたと感じたら、それ自体をこの窓口に相談してください。窓口が「不利益な取扱いの心配」として別に記録し、対応します。",
  en: "Consulting the desk, or stating facts in a consultation, will never be a reason for any disadvantageous treatment in transfers, evaluations or assignments. This is the city's policy and is also required by law (the Comprehensive Labour Policy Promotion Act). If you feel you have been treated unfairly because you consulted, tell the desk: it records this as a retaliation concern of its own and acts on it.",
};

export const CONFIDENTIALITY: Text = {
  ja: "相談の内容を読めるのは職員相談窓口の担当者だけです。上司・総務局・システム管理者・監査担当も内容を見ることはできません。ご本人の同意がない限り、相談が上司や事案の記録に伝わることはありません。",
  en: "Only the staff of the consultation desk can read what you write. Your supervisor, central administration, system administrators and auditors cannot see it. Nothing reaches your supervisor or an incident record unless you agree.",
};

export const ANONYMITY: Text = {
  ja: "匿名で相談すると、お名前も、どの端末から送ったかも記録されません。代わりに「受付番号」を一度だけ表示します。受付番号があれば、ログインしなくても返信を読んだり、続けて書き込んだりできます。受付番号は窓口でも再発行・照会ができません。なくした場合はもとの相談に戻れないため、メモや写真などで大切に控えてください(なくしたときは、新しく相談していただいて構いません)。",
  en: "An anonymous consultation records neither your name nor the device you used. Instead you are shown a receipt code, once. With it you can read replies and write again without signing in. Nobody — not even the desk — can look up or reissue a lost code, so the consultation cannot be reached again without it. Keep it safely (a note or a photo); if it is lost, you are welcome to start a new consultation.",
};

export const BORDERLINE: Text = {
  ja: "「これくらいで相談していいのかな」「自分が気にしすぎかも」と感じることも、そのまま相談してください。判断に迷う段階での相談を歓迎します。",
  en: "You are welcome to consult even if you wonder whether it is worth it or whether you are being oversensitive. Borderline cases are exactly what the desk is for.",
};

export const CHANNELS: ReadonlyArray<{ id: string; name: Text; how: Text }> = [
  {
    id: "desk",
    name: { ja: "職員相談窓口(このシステム)", en: "Staff consultation desk (this system)" },
    how: { ja: "名前を伝えて、または匿名で。平日の勤務時間内に返信します。", en: "Named or anonymous. Replies are sent during office hours on business days." },
  },
  {
    id: "personnel",
    name: { ja: "総務局人事課 職員相談窓口(対面・電話)", en: "Personnel Division staff consultation desk (in person or by phone)" },
    how: { ja: "庁内電話・内線または来庁で。個室で話を聞きます。", en: "By internal phone or in person; you are heard in a private room." },
  },
  {
    id: "occupational_health",
    name: { ja: "産業医・保健師(健康管理担当)", en: "Occupational physician and public health nurse" },
    how: { ja: "眠れない、食欲がないなど、心身の不調があるときに。", en: "When your health is affected: trouble sleeping, loss of appetite, anxiety." },
  },
  {
    id: "counselling",
    name: { ja: "外部カウンセリング窓口", en: "External counselling service" },
    how: { ja: "市の外の専門家に、匿名で相談できます。", en: "Talk anonymously to professionals outside the city." },
  },
  {
    id: "personnel_commission",
    name: { ja: "人事委員会(職員の苦情相談)", en: "Personnel Commission (staff grievance consultation)" },
    how: {
      ja: "不利益な取扱いを受けたと感じるときに、市の組織から独立して相談できます。",
      en: "An independent channel if you feel you were treated unfairly.",
    },
  },
];

export function consultationInfo() {
  return {
    noRetaliation: NO_RETALIATION,
    confidentiality: CONFIDENTIALITY,
    anonymity: ANONYMITY,
    borderline: BORDERLINE,
    channels: CHANNELS,
    categories: CATEGORIES.map((id) => ({ id, label: CATEGORY_LABELS[id] })),
    statuses: STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] })),
    careFlags: CARE_FLAGS.map((id) => ({ id, label: CARE_FLAG_LABELS[id] })),
  };
}
