/** Shared vocabulary of the incident screens (the API's ids; labels come from the UI catalogue). */
export const CHANNELS = ["counter", "phone", "visit", "email", "letter", "online"] as const;
export const GROUPS = [1, 2, 3, 4, 5] as const;
export const STATUSES = ["draft", "reported", "under_review", "judged", "response_done", "closed"] as const;
export const OUTCOME_FILTERS = ["none", "harassment", "not_harassment", "pending"] as const;

/** The badge class for a judgement outcome; null (not judged yet) is neutral, never "harassment". */
export function outcomeBadge(outcome: string | null): string {
  if (outcome === "harassment") return "badge badge-error";
  if (outcome === "not_harassment") return "badge badge-ok";
  if (outcome === "pending") return "badge badge-warn";
  return "badge badge-muted";
}

/** A `<input type="datetime-local">` value for an instant, in the browser's time zone. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant of a `datetime-local` value (browser time zone), or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}
