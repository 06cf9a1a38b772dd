import i18next, { type TFunction } from "i18next";
import { errorsEn } from "./errors.en.ts";
import { type ErrorCode, errorsJa } from "./errors.ja.ts";

export type Locale = "ja" | "en";
export const LOCALES: readonly Locale[] = ["ja", "en"];

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  lng: "ja",
  fallbackLng: "ja",
  resources: { ja: { errors: errorsJa }, en: { errors: errorsEn } },
  interpolation: { escapeValue: false },
});

const fixed: Record<Locale, TFunction> = {
  ja: instance.getFixedT("ja", "errors"),
  en: instance.getFixedT("en", "errors"),
};

export function errorMessage(locale: Locale, code: ErrorCode, params: Record<string, unknown> = {}): string {
  return fixed[locale](code, params) as string;
}

/** Picks ja or en from an explicit choice, else the Accept-Language header; Japanese is the default. */
export function pickLocale(explicit: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (explicit === "ja" || explicit === "en") return explicit;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(",")
      .map((part) => {
        const [tag = "", ...params] = part.trim().split(";");
        const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
        return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      if (tag.startsWith("ja")) return "ja";
      if (tag.startsWith("en")) return "en";
    }
  }
  return "ja";
}
