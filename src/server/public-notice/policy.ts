import { definePolicy } from "../platform/authz.ts";

/**
 * The public notice is the organisation's voice to residents: central administration (総務局)
 * writes it. Anyone — signed in or not — reads the published page; that needs no policy.
 */
export const publicNoticePolicy = definePolicy<null, "read_settings" | "edit">("public_notice", {
  read_settings: (a) => a.roles.has("central"),
  edit: (a) => a.roles.has("central"),
});

/**
 * Posters are printed and put up at counters by the departments themselves, so staff and
 * supervisors may download them as well as central. The desk, administrators and auditors have no
 * counter to put them on.
 */
export const posterPolicy = definePolicy<null, "download">("poster", {
  download: (a) => a.roles.has("central") || a.roles.has("supervisor") || a.roles.has("staff"),
});
