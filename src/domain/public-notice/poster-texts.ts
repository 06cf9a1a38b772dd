/** The three poster templates: what each says, in Japanese and (for the bilingual option) English. */
export const POSTER_TEMPLATES = ["basic-stance", "recording-notice", "ending-response"] as const;
export type PosterTemplate = (typeof POSTER_TEMPLATES)[number];
export const POSTER_SIZES = ["A4", "A3"] as const;
export type PosterSize = (typeof POSTER_SIZES)[number];

export interface PosterText {
  /** The large headline. */
  title: string;
  /** Supporting sentences, one paragraph each. */
  body: readonly string[];
}

export const POSTER_TEXTS: Readonly<Record<PosterTemplate, { ja: PosterText; en: PosterText }>> = {
  "basic-stance": {
    ja: {
      title: "職員を守ります",
      body: [
        "皆さまからの誠実なご意見・ご要望を歓迎します。いただいた声は、行政サービスの改善に生かします。",
        "一方で、暴言・威圧・長時間の拘束・不当な要求などのカスタマーハラスメントには、組織として毅然と対応します。",
        "職員と、ほかの利用者の皆さまが安心して過ごせる窓口づくりにご協力をお願いします。",
      ],
    },
    en: {
      title: "We protect our staff",
      body: [
        "Sincere opinions and requests are always welcome: they help us improve our services.",
        "Abuse, intimidation, keeping staff for hours or unjustified demands are customer harassment, and we respond to them firmly as an organisation.",
        "Please help us keep this a safe place for our staff and for everyone who visits.",
      ],
    },
  },
  "recording-notice": {
    ja: {
      title: "通話・会話を録音しています",
      body: [
        "正確な対応と、お客さまと職員の双方を守るため、窓口での会話や電話の内容を録音・記録させていただく場合があります。",
        "録音は対応内容の確認と再発防止のためにのみ使い、定められた期間の経過後に消去します。",
        "ご理解とご協力をお願いいたします。",
      ],
    },
    en: {
      title: "Calls and conversations may be recorded",
      body: [
        "To respond accurately and to protect both you and our staff, conversations at this counter and telephone calls may be recorded.",
        "Recordings are used only to confirm what was said and to prevent harassment, and are deleted after a fixed period.",
        "Thank you for your understanding.",
      ],
    },
  },
  "ending-response": {
    ja: {
      title: "対応を終了し、警察に通報することがあります",
      body: [
        "暴力・暴言・脅迫・差別的な言動などがあり、おやめいただけない場合は、職員の安全を守るため、ただちに対応を終了します。",
        "同じ内容のご説明を繰り返してもご理解いただけない場合も、その旨をお伝えしたうえで対応を終了し、退去をお願いすることがあります。",
        "悪質な場合は、警察に通報・相談します。",
      ],
    },
    en: {
      title: "We may end the conversation and call the police",
      body: [
        "If violence, abusive language, threats or discrimination do not stop, we will end the conversation at once to keep our staff safe.",
        "If the same explanation has been given repeatedly without agreement, we may also end the conversation and ask you to leave.",
        "In serious cases we will call the police.",
      ],
    },
  },
};

export function isPosterTemplate(value: string): value is PosterTemplate {
  return (POSTER_TEMPLATES as readonly string[]).includes(value);
}
