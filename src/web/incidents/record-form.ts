import type { Incident } from "../api.ts";
import { fromLocalInput, toLocalInput } from "./labels.ts";

/**
 * The full record as the edit form holds it (strings for inputs), made from an incident and turned
 * back into the PATCH body. Kept in localStorage under the incident id while unsaved, with the
 * version it was based on, so a reload or a dropped connection loses nothing.
 */
export interface RecordForm {
  place: string;
  startedAt: string;
  endedAt: string;
  summary: string;
  narrative: string;
  demand: string;
  answersGiven: string;
  quotes: Array<{ text: string; isAct: boolean; at: string; speaker?: string; offsetSeconds?: number | null }>;
  codes: string[];
  staff: Array<{ userId: string; role: string }>;
  supervisorId: string;
  counterpartType: string;
  counterpartName: string;
  counterpartPhone: string;
  counterpartEmail: string;
  personsCount: string;
  ladder: Record<string, { on: boolean; at: string }>;
  policeContacted: boolean;
  policeStation: string;
  policeReference: string;
  harmed: boolean;
  harmDescription: string;
  harmCare: string;
  pdDemanded: boolean;
  pdExposed: boolean;
  pdDetails: string;
  ownError: "unknown" | "yes" | "no";
  retentionClass: string;
  legalHold: boolean;
}

const local = (iso: string | null | undefined) => (iso ? toLocalInput(new Date(iso)) : "");
const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function formFrom(inc: Incident): RecordForm {
  const ladder: RecordForm["ladder"] = {};
  for (const s of inc.ladderSteps ?? []) ladder[s.step] = { on: true, at: local(s.at) };
  return {
    place: inc.place ?? "",
    startedAt: local(inc.startedAt),
    endedAt: local(inc.endedAt),
    summary: inc.summary,
    narrative: inc.narrative,
    demand: inc.demand,
    answersGiven: inc.answersGiven,
    quotes: inc.quotes.map((q) => ({ text: q.text, isAct: q.isAct, at: local(q.at), speaker: q.speaker, offsetSeconds: q.offsetSeconds })),
    codes: [...inc.codes],
    staff: inc.staff.map((s) => ({ userId: s.userId, role: s.role })),
    supervisorId: inc.supervisorId ?? "",
    counterpartType: inc.counterpart?.type ?? "unknown",
    counterpartName: inc.counterpart?.name ?? "",
    counterpartPhone: inc.counterpart?.phone ?? "",
    counterpartEmail: inc.counterpart?.email ?? "",
    personsCount: inc.personsCount ? String(inc.personsCount) : "",
    ladder,
    policeContacted: inc.police?.contacted === true,
    policeStation: inc.police?.station ?? "",
    policeReference: inc.police?.reference ?? "",
    harmed: inc.harm?.harmed === true,
    harmDescription: inc.harm?.description ?? "",
    harmCare: inc.harm?.care ?? "",
    pdDemanded: inc.personalData?.demanded === true,
    pdExposed: inc.personalData?.exposed === true,
    pdDetails: inc.personalData?.details ?? "",
    ownError: inc.ownErrorContributed === true ? "yes" : inc.ownErrorContributed === false ? "no" : "unknown",
    retentionClass: inc.retentionClass,
    legalHold: inc.legalHold,
  };
}

/** The PATCH body (without the version); retention only for those who may set it. */
export function bodyFrom(f: RecordForm, opts: { hadCounterpart: boolean; setRetention: boolean }): Record<string, unknown> {
  const persons = Number.parseInt(f.personsCount, 10);
  const counterpartGiven = !!(f.counterpartName.trim() || f.counterpartPhone.trim() || f.counterpartEmail.trim() || f.counterpartType !== "unknown");
  const body: Record<string, unknown> = {
    place: orNull(f.place),
    startedAt: fromLocalInput(f.startedAt),
    endedAt: fromLocalInput(f.endedAt),
    summary: f.summary.trim(),
    narrative: f.narrative.trim(),
    demand: f.demand.trim(),
    answersGiven: f.answersGiven.trim(),
    quotes: f.quotes
      .filter((q) => q.text.trim())
      .map((q) => ({
        text: q.text.trim(),
        isAct: q.isAct,
        at: fromLocalInput(q.at),
        ...(q.speaker ? { speaker: q.speaker } : {}),
        offsetSeconds: q.offsetSeconds ?? null,
      })),
    codes: [...f.codes].sort(),
    staff: f.staff.filter((s) => s.userId),
    supervisorId: f.supervisorId || null,
    personsCount: Number.isFinite(persons) && persons > 0 ? persons : null,
    ladderSteps: Object.entries(f.ladder)
      .filter(([, v]) => v.on)
      .map(([step, v]) => ({ step, at: fromLocalInput(v.at) })),
    police: {
      contacted: f.policeContacted,
      station: f.policeContacted ? orNull(f.policeStation) : null,
      reference: f.policeContacted ? orNull(f.policeReference) : null,
    },
    harm: { harmed: f.harmed, description: f.harmed ? orNull(f.harmDescription) : null, care: orNull(f.harmCare) },
    personalData: { demanded: f.pdDemanded, exposed: f.pdExposed, details: orNull(f.pdDetails) },
    ownErrorContributed: f.ownError === "yes" ? true : f.ownError === "no" ? false : null,
  };
  if (counterpartGiven || opts.hadCounterpart) {
    body.counterpart = { type: f.counterpartType, name: orNull(f.counterpartName), phone: orNull(f.counterpartPhone), email: orNull(f.counterpartEmail) };
  }
  if (opts.setRetention) {
    body.retentionClass = f.retentionClass;
    body.legalHold = f.legalHold;
  }
  return body;
}

interface Stored {
  version: number;
  form: RecordForm;
}

const storageKey = (id: string) => `mamoru.incident-edit.${id}`;

export function storeLocal(id: string, version: number, form: RecordForm) {
  try {
    window.localStorage.setItem(storageKey(id), JSON.stringify({ version, form } satisfies Stored));
  } catch {
    /* storage full or disabled: autosave to the server still works */
  }
}

export function loadLocal(id: string): Stored | null {
  try {
    const raw = window.localStorage.getItem(storageKey(id));
    if (!raw) return null;
    const s = JSON.parse(raw) as Stored;
    return typeof s.version === "number" && s.form && typeof s.form === "object" ? s : null;
  } catch {
    return null;
  }
}

export function clearLocal(id: string) {
  try {
    window.localStorage.removeItem(storageKey(id));
  } catch {
    /* nothing to clear */
  }
}
