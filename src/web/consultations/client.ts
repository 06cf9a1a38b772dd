/**
 * The consultation desk's API shapes and the two requests the generic client cannot make: a
 * multipart upload and a file download by receipt code (a POST whose answer is a file).
 */
import { useQuery } from "@tanstack/react-query";
import { ApiError, api } from "../api.ts";
import { currentLocale } from "../i18n.ts";

export const CATEGORIES = ["incident_related", "borderline", "retaliation_concern", "other"] as const;
export const STATUSES = ["new", "in_progress", "awaiting_staff", "closed"] as const;
export const CARE_FLAGS = ["health_affected", "referred_occupational_health", "referred_counselling", "taken_off_case", "on_leave"] as const;
/** The moves the desk may make (same as src/domain/consultations/workflow.ts). */
export { canMove } from "../../domain/consultations/workflow.ts";
export { ACCEPTED_LABEL, ACCEPT_ATTRIBUTE, formatSize } from "../../domain/consultations/attachments.ts";

type Text = { ja: string; en: string };
export interface ConsultationInfo {
  noRetaliation: Text;
  confidentiality: Text;
  anonymity: Text;
  borderline: Text;
  channels: Array<{ id: string; name: Text; how: Text }>;
  attachmentMaxBytes?: number;
}

export interface Message {
  id: string;
  authorKind: "staff" | "desk";
  deskUserName?: string | null;
  body: string;
  createdAt: string;
}
export interface Attachment {
  id: string;
  authorKind: "staff" | "desk";
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}
export interface Consent {
  incidentId: string;
  givenAt: string;
  withdrawnAt: string | null;
}
export interface Thread {
  id: string | null;
  anonymous: boolean;
  category: string;
  status: string;
  body: string;
  messages: Message[];
  consents: Consent[];
  attachments: Attachment[];
  createdAt: string;
  updatedAt: string;
}
export interface DeskThread extends Thread {
  id: string;
  staffUserId: string | null;
  staffName?: string | null;
  assignedTo: string | null;
  careFlags: string[];
  followUpOn: string | null;
  followUpDue: boolean;
  closedAt: string | null;
  notes: Array<{ id: string; authorName: string; body: string; createdAt: string }>;
}
export interface DeskListItem {
  id: string;
  anonymous: boolean;
  staff: { id: string; displayName: string } | null;
  category: string;
  status: string;
  assignedTo: string | null;
  careFlags: string[];
  followUpOn: string | null;
  followUpDue: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The text of the information page in the UI language. */
export const inLocale = (t: Text, lang: string) => (lang === "en" ? t.en : t.ja);

export function useConsultationInfo() {
  return useQuery({ queryKey: ["consultation-info"], queryFn: () => api<ConsultationInfo>("GET", "/consultation-info"), staleTime: 60 * 60_000 });
}

async function failure(res: Response): Promise<ApiError> {
  type Body = { error?: { code?: string; message?: string } } | null;
  const parsed: Body = await res.json().then(
    (v: unknown) => v as Body,
    () => null,
  );
  return new ApiError(res.status, parsed?.error?.code ?? "http_error", parsed?.error?.message ?? `HTTP ${res.status}`);
}

/** Uploads one file (multipart). `csrf` for signed-in uploads; `code` for the receipt holder. */
export async function uploadAttachment<T>(path: string, file: File, opts: { csrf?: string | null; code?: string }): Promise<T> {
  const form = new FormData();
  if (opts.code !== undefined) form.set("code", opts.code);
  form.set("file", file, file.name);
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": currentLocale() };
  if (opts.csrf) headers["X-CSRF-Token"] = opts.csrf;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method: "POST", headers, body: form, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network_error", currentLocale() === "en" ? "Could not reach the Mamoru server." : "Mamoru のサーバーに接続できません。");
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Saves a file to the device (the browser's own download). */
function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads an attachment of an anonymous consultation with its receipt code. */
export async function downloadByReceipt(code: string, attachment: Attachment) {
  const res = await fetch("/api/consultations/receipt/attachments/download", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": currentLocale() },
    body: JSON.stringify({ code, attachmentId: attachment.id }),
    credentials: "omit",
  });
  if (!res.ok) throw await failure(res);
  save(await res.blob(), attachment.filename);
}
