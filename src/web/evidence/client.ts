/** Evidence API calls the JSON client cannot make: a multipart upload with progress, and a verified download. */
import { ApiError } from "../api.ts";
import { currentLocale } from "../i18n.ts";

export interface Evidence {
  id: string;
  incidentId: string;
  originalName: string;
  mediaType: string;
  kind: "audio" | "video" | "image" | "pdf" | "email" | "text";
  size: number;
  sha256: string;
  uploadedBy: { id: string; name: string | null };
  uploadedAt: string;
  recordingNotice: boolean | null;
  note: string;
  version: number;
  deleted: { at: string; by: string | null; kind: "manual" | "retention"; reason: string; fileRemoved: boolean } | null;
}

export interface EvidenceList {
  items: Evidence[];
  canUpload: boolean;
  canDelete: boolean;
  legalHold: boolean;
  retentionClass: string;
  maxBytes: number;
  accept: string;
}

function errorOf(status: number, text: string, fallback: string): ApiError {
  try {
    const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    return new ApiError(status, e?.code ?? "http_error", e?.message ?? fallback);
  } catch {
    return new ApiError(status, "http_error", fallback);
  }
}

/** Sends the file with XMLHttpRequest (fetch cannot report upload progress). */
export function uploadEvidence(
  incidentId: string,
  input: { file: File; note: string; recordingNotice: boolean | null },
  opts: { csrf: string | null; onProgress: (fraction: number) => void; failed: string },
): Promise<Evidence> {
  const form = new FormData();
  if (input.note) form.append("note", input.note);
  if (input.recordingNotice !== null) form.append("recordingNotice", String(input.recordingNotice));
  form.append("file", input.file, input.file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/incidents/${encodeURIComponent(incidentId)}/evidence`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", currentLocale());
    if (opts.csrf) xhr.setRequestHeader("X-CSRF-Token", opts.csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) resolve(JSON.parse(xhr.responseText) as Evidence);
      else reject(errorOf(xhr.status, xhr.responseText, opts.failed));
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", opts.failed));
    xhr.send(form);
  });
}

export const contentUrl = (id: string, download = false) => `/api/evidence/${encodeURIComponent(id)}/content${download ? "?download=1" : ""}`;

/**
 * Downloads through fetch so that a refusal (an altered file, a missing file) is shown as the
 * server's message instead of being saved as a file; a verified file is then saved under its name.
 */
export async function downloadEvidence(item: Evidence, failed: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(contentUrl(item.id, true), { credentials: "same-origin", headers: { "Accept-Language": currentLocale() } });
  } catch {
    throw new ApiError(0, "network_error", failed);
  }
  if (!res.ok) throw errorOf(res.status, await res.text(), failed);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = item.originalName || "evidence";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Why playback failed: the same request with a one-byte range returns the server's message. */
export async function playbackError(id: string, failed: string): Promise<ApiError> {
  try {
    const res = await fetch(contentUrl(id), { credentials: "same-origin", headers: { Range: "bytes=0-0", "Accept-Language": currentLocale() } });
    if (!res.ok) return errorOf(res.status, await res.text(), failed);
  } catch {
    /* network */
  }
  return new ApiError(0, "playback_failed", failed);
}

export function formatSize(n: number, locale: string): string {
  const fmt = new Intl.NumberFormat(locale === "en" ? "en" : "ja", { maximumFractionDigits: 1 });
  if (n >= 1024 * 1024 * 1024) return `${fmt.format(n / 1024 / 1024 / 1024)} GB`;
  if (n >= 1024 * 1024) return `${fmt.format(n / 1024 / 1024)} MB`;
  if (n >= 1024) return `${fmt.format(n / 1024)} KB`;
  return `${n} B`;
}
