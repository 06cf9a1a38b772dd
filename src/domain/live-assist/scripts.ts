/**
 * The default script library: the words staff use at each step, in Japanese, English and
 * やさしい日本語. Written for this project. Every line states the real reason (the time, the
 * behaviour, the rules of the building) — never an invented excuse such as a meeting or a visitor.
 * Central may replace any line; a line left empty falls back to these defaults.
 */
export const SCRIPT_LANGUAGES = ["ja", "en", "easy"] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];

export const SCRIPT_KEYS = [
  "recording_notice",
  "time_notice",
  "explanation",
  "same_answer",
  "request_stop",
  "order_leave",
  "final_warning",
  "police",
  "end_response",
  "end_call",
] as const;
export type ScriptKey = (typeof SCRIPT_KEYS)[number];

export type ScriptLine = Record<ScriptLanguage, string>;
export type ScriptLibrary = Record<ScriptKey, ScriptLine>;

export const SCRIPT_CATEGORY: Record<ScriptKey, "notice" | "warning" | "ending" | "answer"> = {
  recording_notice: "notice",
  time_notice: "notice",
  explanation: "answer",
  same_answer: "answer",
  request_stop: "warning",
  order_leave: "warning",
  final_warning: "warning",
  police: "warning",
  end_response: "ending",
  end_call: "ending",
};

export const DEFAULT_SCRIPTS: ScriptLibrary = {
  recording_notice: {
    ja: "正確に記録するため、このやり取りを録音しています。",
    en: "So that we keep an accurate record, this conversation is being recorded.",
    easy: "まちがいが ないように、この 話を 録音(ろくおん)して います。",
  },
  time_notice: {
    ja: "ほかの方の手続きもありますので、このご用件に充てられる時間は {{minutes}} 分までとさせていただいています。",
    en: "Other residents are also waiting for us, so we can spend up to {{minutes}} minutes on this matter.",
    easy: "ほかの 人も 待って います。この 話は {{minutes}} 分(ふん)までに します。",
  },
  explanation: {
    ja: "市の取り扱いについてご説明します。ご要望にはお応えできませんが、その理由は次のとおりです。",
    en: "Let me explain how the city handles this. We cannot do what you ask, and here is why.",
    easy: "市(し)の きまりを 説明(せつめい)します。この おねがいは できません。理由(りゆう)を 話します。",
  },
  same_answer: {
    ja: "以前にも同じお問い合わせをいただいており、お答えはそのときと変わりません。",
    en: "You asked us the same question before, and our answer has not changed.",
    easy: "前(まえ)にも 同じ 質問(しつもん)を もらいました。答えは 前と 同じです。",
  },
  request_stop: {
    ja: "大きな声や威圧的な言い方をやめてください。このままでは対応を続けることができません。",
    en: "Please stop raising your voice and speaking in a threatening way. We cannot go on like this.",
    easy: "大きな 声や こわい 言い方を やめて ください。このままでは 話を つづけられません。",
  },
  order_leave: {
    ja: "これ以上の対応はいたしかねます。庁舎の管理者として、お引き取りいただくようお願いします。",
    en: "We cannot continue. As the managers of this building, we ask you to leave now.",
    easy: "これで 終わりに します。この 建物(たてもの)から 出て ください。",
  },
  final_warning: {
    ja: "お帰りいただけない場合は、警察に通報します。",
    en: "If you do not leave, we will call the police.",
    easy: "帰らない ときは、警察(けいさつ)を よびます。",
  },
  police: {
    ja: "これから警察に通報します。",
    en: "We are now calling the police.",
    easy: "いまから 警察(けいさつ)を よびます。",
  },
  end_response: {
    ja: "本日の対応はここまでとさせていただきます。理由は、{{reason}}ためです。",
    en: "We are ending today's conversation here, because {{reason}}.",
    easy: "きょうの 話は ここで 終わります。理由(りゆう)は {{reason}} からです。",
  },
  end_call: {
    ja: "これ以上お話を続けることができないため、お電話を切らせていただきます。理由は、{{reason}}ためです。",
    en: "We cannot continue this call, so we will hang up now, because {{reason}}.",
    easy: "これ以上(いじょう) 話せないので、電話(でんわ)を 切ります。理由(りゆう)は {{reason}} からです。",
  },
};

/** Phrases that would be a false excuse for ending a contact; no script may contain them. */
export const FALSE_EXCUSE_PATTERNS: readonly RegExp[] = [/会議/, /来客/, /別の用事/, /急用/, /\bmeeting\b/i, /\bvisitor\b/i, /another appointment/i, /something came up/i];

export function offersFalseExcuse(text: string): boolean {
  return FALSE_EXCUSE_PATTERNS.some((p) => p.test(text));
}

/** The line to say, with placeholders filled; an empty override falls back to the default. */
export function scriptText(lib: Partial<Record<ScriptKey, Partial<ScriptLine>>>, key: ScriptKey, lang: ScriptLanguage, params: Record<string, string | number> = {}): string {
  const raw = lib[key]?.[lang]?.trim() || DEFAULT_SCRIPTS[key][lang];
  return raw.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => (params[name] === undefined ? `{{${name}}}` : String(params[name])));
}
