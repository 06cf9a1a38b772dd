/**
 * The languages of the public page. やさしい日本語 (easy Japanese) is Japanese for the purposes of
 * `<html lang>` but has its own texts, so it has its own locale id.
 */
export const PUBLIC_LOCALES = ["ja", "en", "zh-Hans", "ko", "ja-easy"] as const;
export type PublicLocale = (typeof PUBLIC_LOCALES)[number];

export interface PublicLanguage {
  locale: PublicLocale;
  /** The URL segment: /public/{path}. */
  path: string;
  /** The BCP 47 tag for `lang` attributes. */
  htmlLang: string;
  /** The language's name in itself, for the language switcher. */
  label: string;
}

export const PUBLIC_LANGUAGES: readonly PublicLanguage[] = [
  { locale: "ja", path: "ja", htmlLang: "ja", label: "日本語" },
  { locale: "ja-easy", path: "easy", htmlLang: "ja", label: "やさしい にほんご" },
  { locale: "en", path: "en", htmlLang: "en", label: "English" },
  { locale: "zh-Hans", path: "zh", htmlLang: "zh-Hans", label: "简体中文" },
  { locale: "ko", path: "ko", htmlLang: "ko", label: "한국어" },
];

export function languageByPath(path: string): PublicLanguage | undefined {
  return PUBLIC_LANGUAGES.find((l) => l.path === path);
}

export function languageByLocale(locale: PublicLocale): PublicLanguage {
  return PUBLIC_LANGUAGES.find((l) => l.locale === locale) as PublicLanguage;
}

export function isPublicLocale(value: string): value is PublicLocale {
  return (PUBLIC_LOCALES as readonly string[]).includes(value);
}

/** The sections of the public notice, in page order. */
export const SECTION_IDS = ["stance", "definition", "behaviours", "response", "recording", "contact"] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}

export interface Section {
  id: SectionId;
  heading: string;
  /** Markdown: headings, paragraphs, lists, emphasis, links (http, https, mailto, tel). */
  markdown: string;
}

/** The words around the sections: page title, skip link, navigation and contact labels. */
export interface PageWords {
  title: string;
  lead: string;
  skipLink: string;
  languageNav: string;
  contentsNav: string;
  contactHeading: string;
  department: string;
  address: string;
  phone: string;
  hours: string;
  footer: string;
}

export interface NoticeTexts {
  words: PageWords;
  sections: readonly Section[];
}
