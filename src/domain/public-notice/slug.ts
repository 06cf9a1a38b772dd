/** The organisation's own path for the public page, e.g. /kasuhara. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** Paths the server or the staff web app already uses: an alias must never shadow them. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "api",
  "public",
  "assets",
  "login",
  "logout",
  "healthz",
  "readyz",
  "account",
  "admin",
  "audit",
  "users",
  "departments",
  "incidents",
  "consultations",
  "home",
  "settings",
  "posters",
  "static",
  "favicon",
]);

export type SlugProblem = "slug_invalid" | "slug_reserved";

export function checkSlug(slug: string): SlugProblem | null {
  if (!SLUG_PATTERN.test(slug)) return "slug_invalid";
  if (RESERVED_SLUGS.has(slug)) return "slug_reserved";
  return null;
}
