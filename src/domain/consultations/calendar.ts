/**
 * Japanese public holidays (国民の祝日に関する法律, rules in force since 2022) and business-day
 * arithmetic for city-hall follow-ups. Dates are plain "YYYY-MM-DD" strings in Japan time.
 * Rules: fixed dates, Happy Monday days, the equinoxes by the standard approximation formula
 * (valid 1980–2099), 振替休日 (a holiday on Sunday moves to the next non-holiday) and 国民の休日
 * (a weekday between two holidays). City offices also close from 12/29 to 1/3 (年末年始).
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;

function toUtc(date: IsoDate): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(toUtc(date)).getUTCDay();
}

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number): IsoDate => `${y}-${pad(m)}-${pad(d)}`;

/** The n-th Monday of a month. */
function nthMonday(year: number, month: number, n: number): IsoDate {
  const first = weekday(ymd(year, month, 1));
  const offset = (8 - first) % 7; // days from the 1st to the first Monday
  return ymd(year, month, 1 + offset + (n - 1) * 7);
}

/** Vernal (春分) and autumnal (秋分) equinox days by the approximation formula used for the official calendar. */
export function vernalEquinoxDay(year: number): number {
  return Math.floor(20.8431 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}
export function autumnalEquinoxDay(year: number): number {
  return Math.floor(23.2488 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

const cache = new Map<number, Map<IsoDate, string>>();

/** Every public holiday of a year with its Japanese name. */
export function holidaysOf(year: number): Map<IsoDate, string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const base = new Map<IsoDate, string>([
    [ymd(year, 1, 1), "元日"],
    [nthMonday(year, 1, 2), "成人の日"],
    [ymd(year, 2, 11), "建国記念の日"],
    [ymd(year, 2, 23), "天皇誕生日"],
    [ymd(year, 3, vernalEquinoxDay(year)), "春分の日"],
    [ymd(year, 4, 29), "昭和の日"],
    [ymd(year, 5, 3), "憲法記念日"],
    [ymd(year, 5, 4), "みどりの日"],
    [ymd(year, 5, 5), "こどもの日"],
    [nthMonday(year, 7, 3), "海の日"],
    [ymd(year, 8, 11), "山の日"],
    [nthMonday(year, 9, 3), "敬老の日"],
    [ymd(year, 9, autumnalEquinoxDay(year)), "秋分の日"],
    [nthMonday(year, 10, 2), "スポーツの日"],
    [ymd(year, 11, 3), "文化の日"],
    [ymd(year, 11, 23), "勤労感謝の日"],
  ]);
  const out = new Map(base);
  // 国民の休日: a day between two holidays that is not itself a holiday.
  for (const day of base.keys()) {
    const next = addDays(day, 1);
    if (!base.has(next) && base.has(addDays(day, 2)) && weekday(next) !== 0) out.set(next, "国民の休日");
  }
  // 振替休日: a holiday on Sunday makes the next day that is not a holiday a holiday.
  for (const day of base.keys()) {
    if (weekday(day) !== 0) continue;
    let d = addDays(day, 1);
    while (out.has(d)) d = addDays(d, 1);
    out.set(d, "振替休日");
  }
  const sorted = new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
  cache.set(year, sorted);
  return sorted;
}

export function holidayName(date: IsoDate): string | null {
  return holidaysOf(Number(date.slice(0, 4))).get(date) ?? null;
}

/** 年末年始: offices close 12/29–1/3. */
export function isYearEndClosure(date: IsoDate): boolean {
  const md = date.slice(5);
  return md >= "12-29" || md <= "01-03";
}

export function isBusinessDay(date: IsoDate): boolean {
  const w = weekday(date);
  return w !== 0 && w !== 6 && holidayName(date) === null && !isYearEndClosure(date);
}

/** The date `n` business days after `from` (n ≥ 1). `from` itself does not count. */
export function addBusinessDays(from: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError("business days must be a non-negative integer");
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isBusinessDay(d)) left--;
  }
  return d;
}

/** Business days strictly after `from` up to and including `to` (0 when `to` is not later). */
export function businessDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d)) count++;
  return count;
}

/** Today's date in Japan. */
export function todayInJapan(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
