/**
 * Letters to a counterpart: four kinds, each with a default text written for Mamoru. The texts
 * state what happened and what the organisation decided — never insults, never threats — and
 * say plainly that the person's requests and rights as such are not refused.
 *
 * Templates are plain text with {{placeholders}}; central may edit them. Filling replaces each
 * placeholder with the facts from the incident; an unknown placeholder is an error, so a typo
 * never reaches the addressee as "{{conduckt}}".
 */
export const LETTER_KINDS = ["warning", "end_of_response", "written_only", "restriction_notice"] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const PLACEHOLDERS = ["addressee", "issueDate", "incidentDate", "department", "conduct", "organisation", "contact", "number", "restriction"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface LetterTemplate {
  title: string;
  body: string;
}

export const LETTER_LABELS: Record<LetterKind, { ja: string; en: string }> = {
  warning: { ja: "警告書", en: "Warning" },
  end_of_response: { ja: "対応終了のお知らせ", en: "Notice of ending the response" },
  written_only: { ja: "文書での対応のお願い", en: "Request to communicate in writing only" },
  restriction_notice: { ja: "出入禁止等のお知らせ", en: "Notice of restriction" },
};

export const DEFAULT_TEMPLATES: Record<LetterKind, LetterTemplate> = {
  warning: {
    title: "警告書",
    body: [
      "{{incidentDate}}、{{department}}での応対の際に、次の行為がありました。",
      "",
      "{{conduct}}",
      "",
      "これらの行為は、職員が安全に、また他の方への応対を含めて適切に業務を行うことを妨げるものです。{{organisation}}は、これをカスタマーハラスメントに当たると判断しました。",
      "",
      "今後、同様の行為があった場合には、応対の終了、応対方法の制限、庁舎への立入りの制限などの措置をとることがあります。",
      "",
      "ご意見やご要望そのものは、これからも受け付けます。落ち着いた話し合いの中でお聞かせください。",
      "",
      "(記録番号 {{number}})",
    ].join("\n"),
  },
  end_of_response: {
    title: "対応終了のお知らせ",
    body: [
      "{{incidentDate}}に{{department}}でお受けしたお申し出について、{{organisation}}はこれまで説明を重ねてまいりました。",
      "",
      "その中で、次の行為がありました。",
      "",
      "{{conduct}}",
      "",
      "{{organisation}}は、このお申し出への対応を本書をもって終了することとしました。同じ内容のお申し出をいただいても、これまでの回答は変わりません。",
      "",
      "別のご用件や、法令に基づく手続については、これまでどおりお受けします。",
      "",
      "(記録番号 {{number}})",
    ].join("\n"),
  },
  written_only: {
    title: "文書での対応のお願い",
    body: [
      "{{incidentDate}}に{{department}}でお受けしたお申し出の際に、次の行為がありました。",
      "",
      "{{conduct}}",
      "",
      "このため、{{organisation}}は、今後このお申し出については電話や窓口での口頭のやり取りを控え、文書でのみ対応することとしました。",
      "",
      "ご用件は、下記のお問い合わせ先あてに文書(郵送)でお送りください。いただいた文書には文書でお答えします。",
      "",
      "(記録番号 {{number}})",
    ].join("\n"),
  },
  restriction_notice: {
    title: "出入禁止等のお知らせ",
    body: [
      "{{incidentDate}}、{{department}}において、次の行為がありました。",
      "",
      "{{conduct}}",
      "",
      "{{organisation}}は、職員と来庁される方々の安全を守るため、次のとおり応対の方法を制限することとしました。",
      "",
      "{{restriction}}",
      "",
      "この措置は、法令に基づく手続やサービスを受ける権利を制限するものではありません。必要な手続は、上記の方法により引き続き行うことができます。",
      "",
      "(記録番号 {{number}})",
    ].join("\n"),
  },
};

const TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Placeholders in a text that do not exist. */
export function unknownPlaceholders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (!(PLACEHOLDERS as readonly string[]).includes(m[1] as string)) out.add(m[1] as string);
  return [...out];
}

/** Replaces every placeholder; the values are inserted as text, never re-read as placeholders. */
export function fillLetter(text: string, values: Record<Placeholder, string>): string {
  return text.replace(TOKEN, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole));
}

/** "・" bullet lines of the conduct recorded on the incident. */
export function conductLines(labels: readonly string[], summary: string): string {
  if (labels.length === 0) return summary.trim() ? `・${summary.trim()}` : "・(記録された行為)";
  return labels.map((l) => `・${l}`).join("\n");
}
