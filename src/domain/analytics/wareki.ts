/**
 * 和暦 (Japanese era) dates and fiscal years. Pure functions, no time-zone data needed: callers
 * pass calendar dates (year, month, day) as they are in Japan.
 *
 * A fiscal year (年度) runs from April 1 to March 31 and is named by the year it starts in:
 * 2024年度 = 2024-04-01 … 2025-03-31 = 令和6年度. A fiscal year in which the era changed is named
 * by the era that held most of it (so 2019年度 is 令和元年度 and 1988年度 is 昭和63年度, as the
 * government named them): we take the era in force on October 1.
 */
export interface Era {
  ja: string;
  en: string;
  /** First day of the era, as [year, month, day]. */
  start: readonly [number, number, number];
}

export const ERAS: readonly Era[] = [
  { ja: "令和", en: "Reiwa", start: [2019, 5, 1] },
  { ja: "平成", en: "Heisei", start: [1989, 1, 8] },
  { ja: "昭和", en: "Showa", start: [1926, 12, 25] },
  { ja: "大正", en: "Taisho", start: [1912, 7, 30] },
  { ja: "明治", en: "Meiji", start: [1868, 10, 23] },
];

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const key = (y: number, m: number, d: number) => y * 10_000 + m * 100 + d;

/** The era and the year within it of a calendar date; null before Meiji. */
export function eraOf(date: CalendarDate): { era: Era; year: number } | null {
  const k = key(date.year, date.month, date.day);
  for (const era of ERAS) {
    if (k >= key(...era.start)) return { era, year: date.year - era.start[0] + 1 };
  }
  return null;
}

const eraYear = (n: number) => (n === 1 ? "元" : String(n));

/** 令和6年11月24日 (falls back to 西暦 before Meiji). */
export function formatWarekiDate(date: CalendarDate): string {
  const e = eraOf(date);
  if (!e) return `${date.year}年${date.month}月${date.day}日`;
  return `${e.era.ja}${eraYear(e.year)}年${date.month}月${date.day}日`;
}

/** 令和6年 for a calendar year's date. */
export function formatWarekiYear(date: CalendarDate): string {
  const e = eraOf(date);
  return e ? `${e.era.ja}${eraYear(e.year)}年` : `${date.year}年`;
}

export interface FiscalYearLabel {
  fiscalYear: number;
  /** 令和6年度 */
  wareki: string;
  /** 2024年度 */
  seireki: string;
  /** 令和6年度(2024年度) */
  ja: string;
  /** FY2024 (Reiwa 6) */
  en: string;
}

export function fiscalYearLabel(fiscalYear: number): FiscalYearLabel {
  if (!Number.isInteger(fiscalYear)) throw new RangeError("fiscal year must be an integer");
  const e = eraOf({ year: fiscalYear, month: 10, day: 1 });
  const wareki = e ? `${e.era.ja}${eraYear(e.year)}年度` : `${fiscalYear}年度`;
  const seireki = `${fiscalYear}年度`;
  return {
    fiscalYear,
    wareki,
    seireki,
    ja: `${wareki}(${seireki})`,
    en: e ? `FY${fiscalYear} (${e.era.en} ${e.year})` : `FY${fiscalYear}`,
  };
}

/** The fiscal year a calendar date falls in (April–March). */
export function fiscalYearOf(date: CalendarDate): number {
  return date.month >= 4 ? date.year : date.year - 1;
}

/** The calendar date in Japan (UTC+9, no daylight saving) of an instant. */
export function japanDate(instant: Date): CalendarDate {
  const j = new Date(instant.getTime() + 9 * 3600_000);
  return { year: j.getUTCFullYear(), month: j.getUTCMonth() + 1, day: j.getUTCDate() };
}

/** The instants a fiscal year spans in Japan time: [from, to). */
export function fiscalYearRange(fiscalYear: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(fiscalYear, 3, 1) - 9 * 3600_000), to: new Date(Date.UTC(fiscalYear + 1, 3, 1) - 9 * 3600_000) };
}

/** The instants a calendar month spans in Japan time: [from, to). */
export function monthRange(year: number, month: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(year, month - 1, 1) - 9 * 3600_000), to: new Date(Date.UTC(year, month, 1) - 9 * 3600_000) };
}

/** The twelve months of a fiscal year in order, as "YYYY-MM" (April first). */
export function fiscalMonths(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    const y = i < 9 ? fiscalYear : fiscalYear + 1;
    return `${y}-${String(m).padStart(2, "0")}`;
  });
}

/** 令和6年4月 for "2024-04". */
export function formatWarekiMonth(ym: string): string {
  const [y, m] = ym.split("-").map(Number) as [number, number];
  const e = eraOf({ year: y, month: m, day: 28 });
  return e ? `${e.era.ja}${eraYear(e.year)}年${m}月` : `${y}年${m}月`;
}
