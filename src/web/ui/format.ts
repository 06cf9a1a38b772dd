const formatters = new Map<string, Intl.DateTimeFormat>();

/** Date and time in Japan time, formatted for the UI language. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return "";
  const key = locale === "en" ? "en-GB" : "ja-JP";
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(key, {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(key, f);
  }
  return f.format(new Date(iso));
}
