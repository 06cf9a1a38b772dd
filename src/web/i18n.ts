import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { webEn } from "../i18n/web.en.ts";
import { webJa } from "../i18n/web.ja.ts";

export type Locale = "ja" | "en";
export const LOCALES: readonly Locale[] = ["ja", "en"];
const COOKIE = "mamoru_lang";

/** The language chosen before signing in (or on this device): the `mamoru_lang` cookie, else Japanese. */
export function cookieLocale(): Locale | null {
  const m = /(?:^|;\s*)mamoru_lang=(ja|en)(?:;|$)/.exec(document.cookie);
  return (m?.[1] as Locale | undefined) ?? null;
}

function rememberLocale(locale: Locale) {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the Cookie Store API is missing in some browsers still used at city halls
  document.cookie = `${COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

export function currentLocale(): Locale {
  return i18next.language === "en" ? "en" : "ja";
}

/** Switches the UI language, remembers it on this device and keeps <html lang> in sync. */
export async function applyLocale(locale: Locale, remember = true) {
  if (remember) rememberLocale(locale);
  document.documentElement.lang = locale;
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
}

const initial = cookieLocale() ?? "ja";
document.documentElement.lang = initial;

void i18next.use(initReactI18next).init({
  initAsync: false,
  lng: initial,
  fallbackLng: "ja",
  supportedLngs: ["ja", "en"],
  resources: { ja: { translation: webJa }, en: { translation: webEn } },
  interpolation: { escapeValue: false },
  returnObjects: false,
});

export default i18next;
