import type { NoticeTexts, PublicLocale, Section, SectionId } from "./languages.ts";
import { PUBLIC_LOCALES, SECTION_IDS } from "./languages.ts";
import { textsEasy } from "./texts-easy.ts";
import { textsEn } from "./texts-en.ts";
import { textsJa } from "./texts-ja.ts";
import { textsKo } from "./texts-ko.ts";
import { textsZh } from "./texts-zh.ts";

export const DEFAULT_TEXTS: Readonly<Record<PublicLocale, NoticeTexts>> = {
  ja: textsJa,
  "ja-easy": textsEasy,
  en: textsEn,
  "zh-Hans": textsZh,
  ko: textsKo,
};

/** The organisation's name and contact point, in one language. Empty strings are left off the page. */
export interface OrganisationDetails {
  name: string;
  department: string;
  address: string;
  hours: string;
}

export interface NoticeSettings {
  organisation: Record<PublicLocale, OrganisationDetails>;
  phone: string;
  /** The organisation's own path for the public page, e.g. "kasuhara" for /kasuhara. */
  slug: string;
}

const DEFAULT_NAMES: Record<PublicLocale, string> = { ja: "市役所", "ja-easy": "市役所", en: "City Hall", "zh-Hans": "市政府", ko: "시청" };

export const DEFAULT_SLUG = "kasuhara";

export function defaultSettings(): NoticeSettings {
  const organisation = {} as Record<PublicLocale, OrganisationDetails>;
  for (const l of PUBLIC_LOCALES) organisation[l] = { name: DEFAULT_NAMES[l], department: "", address: "", hours: "" };
  return { organisation, phone: "", slug: DEFAULT_SLUG };
}

/** Fills missing languages or fields of stored settings with the defaults (a newer release may add a language). */
export function completeSettings(stored: Partial<NoticeSettings> | null | undefined): NoticeSettings {
  const base = defaultSettings();
  if (!stored) return base;
  for (const l of PUBLIC_LOCALES) {
    const s = stored.organisation?.[l];
    if (s) base.organisation[l] = { ...base.organisation[l], ...s };
  }
  return { organisation: base.organisation, phone: stored.phone ?? base.phone, slug: stored.slug ?? base.slug };
}

/** The sections of one language: central's overrides where there are any, else the defaults. */
export function effectiveSections(locale: PublicLocale, overrides: ReadonlyMap<SectionId, string>): Section[] {
  return SECTION_IDS.map((id) => {
    const d = DEFAULT_TEXTS[locale].sections.find((s) => s.id === id) as Section;
    const markdown = overrides.get(id);
    return markdown === undefined ? d : { ...d, markdown };
  });
}
