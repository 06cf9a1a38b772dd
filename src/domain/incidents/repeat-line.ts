/** The ready-made line for repeat contacts, with the real dates (Asia/Tokyo). */
const MONTH_DAY = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", month: "numeric", day: "numeric" });
const DAY_KEY = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" });

/** 「11月3日」 for a moment, in Japan time. */
export function monthDayJa(d: Date): string {
  const parts = MONTH_DAY.formatToParts(d);
  const month = parts.find((p) => p.type === "month")?.value;
  const day = parts.find((p) => p.type === "day")?.value;
  return `${month}月${day}日`;
}

/** Distinct calendar days in Japan, oldest first. */
export function distinctDays(dates: readonly Date[]): Date[] {
  const seen = new Map<string, Date>();
  for (const d of [...dates].sort((a, b) => a.getTime() - b.getTime())) {
    const key = DAY_KEY.format(d);
    if (!seen.has(key)) seen.set(key, d);
  }
  return [...seen.values()];
}

/** 「11月3日、11月10日にも同じご用件でご連絡をいただいており、回答は変わりません」; null without dates. */
export function repeatContactLine(dates: readonly Date[]): string | null {
  const days = distinctDays(dates);
  if (days.length === 0) return null;
  return `${days.map(monthDayJa).join("、")}にも同じご用件でご連絡をいただいており、回答は変わりません`;
}
