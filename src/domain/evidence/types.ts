/**
 * What may be attached to an incident as evidence, and whether a file's bytes are what its type
 * claims. Pure rules: the server feeds in the first bytes of the upload (SNIFF_BYTES) while it is
 * still streaming and refuses the file before anything is kept.
 */
export const EVIDENCE_KINDS = ["audio", "video", "image", "pdf", "email", "text"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Recordings carry the "recording notice given" flag (録音・録画の告知). */
export const isRecording = (kind: EvidenceKind) => kind === "audio" || kind === "video";

/** Which signature family a claimed type must show. */
type Family = "mp3" | "m4a" | "wav" | "ogg" | "webm" | "flac" | "mp4" | "mov" | "jpeg" | "png" | "gif" | "webp" | "heic" | "pdf" | "eml" | "text";

interface TypeInfo {
  kind: EvidenceKind;
  /** Any of these families satisfies the type (e.g. an .m4a and an .mp4 share the ISO container). */
  families: readonly Family[];
  extensions: readonly string[];
}

export const EVIDENCE_TYPES: Record<string, TypeInfo> = {
  "audio/mpeg": { kind: "audio", families: ["mp3"], extensions: ["mp3"] },
  "audio/mp4": { kind: "audio", families: ["m4a", "mp4"], extensions: ["m4a"] },
  "audio/x-m4a": { kind: "audio", families: ["m4a", "mp4"], extensions: [] },
  "audio/wav": { kind: "audio", families: ["wav"], extensions: ["wav"] },
  "audio/x-wav": { kind: "audio", families: ["wav"], extensions: [] },
  "audio/wave": { kind: "audio", families: ["wav"], extensions: [] },
  "audio/ogg": { kind: "audio", families: ["ogg"], extensions: ["ogg", "oga", "opus"] },
  "audio/webm": { kind: "audio", families: ["webm"], extensions: ["weba"] },
  "audio/flac": { kind: "audio", families: ["flac"], extensions: ["flac"] },
  "video/mp4": { kind: "video", families: ["mp4", "m4a"], extensions: ["mp4", "m4v"] },
  "video/quicktime": { kind: "video", families: ["mov", "mp4"], extensions: ["mov"] },
  "video/webm": { kind: "video", families: ["webm"], extensions: ["webm"] },
  "image/jpeg": { kind: "image", families: ["jpeg"], extensions: ["jpg", "jpeg"] },
  "image/png": { kind: "image", families: ["png"], extensions: ["png"] },
  "image/gif": { kind: "image", families: ["gif"], extensions: ["gif"] },
  "image/webp": { kind: "image", families: ["webp"], extensions: ["webp"] },
  "image/heic": { kind: "image", families: ["heic"], extensions: ["heic", "heif"] },
  "application/pdf": { kind: "pdf", families: ["pdf"], extensions: ["pdf"] },
  "message/rfc822": { kind: "email", families: ["eml"], extensions: ["eml"] },
  "text/plain": { kind: "text", families: ["text"], extensions: ["txt", "log", "csv"] },
};

/** The canonical type stored for a claimed one (aliases like audio/x-wav become audio/wav). */
const CANONICAL: Record<string, string> = { "audio/x-m4a": "audio/mp4", "audio/x-wav": "audio/wav", "audio/wave": "audio/wav" };

/** How many leading bytes the content check needs. */
export const SNIFF_BYTES = 4096;

export function kindOf(mediaType: string): EvidenceKind | null {
  return EVIDENCE_TYPES[mediaType]?.kind ?? null;
}

const extensionOf = (filename: string) => /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1]?.toLowerCase() ?? "";

/**
 * The type a client claims for a file: the part's Content-Type when it is one we accept, otherwise
 * (browsers send application/octet-stream or nothing for .eml and friends) the file name's extension.
 * null: not a type we accept.
 */
export function claimedType(partType: string | undefined, filename: string): string | null {
  const t = (partType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (EVIDENCE_TYPES[t]) return CANONICAL[t] ?? t;
  if (t === "" || t === "application/octet-stream") {
    const ext = extensionOf(filename);
    for (const [type, info] of Object.entries(EVIDENCE_TYPES)) if (info.extensions.includes(ext)) return type;
  }
  return null;
}

const ascii = (b: Uint8Array, at: number, s: string) => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};
const bytes = (b: Uint8Array, at: number, sig: readonly number[]) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The ISO base media brand (ftyp box) decides MP4 / M4A / QuickTime / HEIC. */
function isoFamily(b: Uint8Array): Family | null {
  if (!ascii(b, 4, "ftyp")) return null;
  const brand = String.fromCharCode(...b.subarray(8, 12));
  if (/^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) return "heic";
  if (brand === "qt  ") return "mov";
  if (/^(M4A |M4B |M4P )$/.test(brand)) return "m4a";
  return "mp4";
}

function looksLikeMp3(b: Uint8Array): boolean {
  if (ascii(b, 0, "ID3")) return true;
  // An MPEG audio frame header: 11 sync bits, a valid layer, a bitrate index that is not "bad".
  const b0 = b[0] ?? 0;
  const b1 = b[1] ?? 0;
  const b2 = b[2] ?? 0;
  return b0 === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0 && (b2 & 0xf0) !== 0xf0;
}

/** Text: no NUL bytes and no control characters other than tab, newlines, form feed and escape. */
function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  for (const x of b) if (x < 0x20 && x !== 0x09 && x !== 0x0a && x !== 0x0d && x !== 0x0c && x !== 0x1b) return false;
  return true;
}

const EML_HEADER =
  /^(received|return-path|from|to|cc|date|subject|message-id|mime-version|delivered-to|reply-to|sender|x-[a-z0-9-]+|dkim-signature|authentication-results|content-type|arc-[a-z-]+|envelope-to)[ \t]*:/im;

/** An e-mail message: text whose first lines are header fields (and at least a From or Date among them). */
function looksLikeEml(b: Uint8Array): boolean {
  if (!looksLikeText(b)) return false;
  const head = new TextDecoder("latin1").decode(b);
  const firstLine = head.split(/\r?\n/, 1)[0] ?? "";
  if (!EML_HEADER.test(firstLine) && !/^From [^\r\n]+$/.test(firstLine)) return false;
  return /^(from|date)[ \t]*:/im.test(head);
}

/** The signature family of the leading bytes, or null when none is recognised. */
export function sniff(b: Uint8Array): Family | null {
  if (ascii(b, 0, "%PDF-")) return "pdf";
  if (bytes(b, 0, [0xff, 0xd8, 0xff])) return "jpeg";
  if (bytes(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) return "gif";
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return "webp";
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) return "wav";
  if (ascii(b, 0, "OggS")) return "ogg";
  if (ascii(b, 0, "fLaC")) return "flac";
  if (bytes(b, 0, [0x1a, 0x45, 0xdf, 0xa3])) return "webm";
  const iso = isoFamily(b);
  if (iso) return iso;
  if (looksLikeMp3(b)) return "mp3";
  if (looksLikeEml(b)) return "eml";
  if (looksLikeText(b)) return "text";
  return null;
}

export type ContentCheck = { ok: true } | { ok: false; detected: string | null };

/**
 * Do these leading bytes fit the claimed type? An e-mail is also text, so a .txt that is really a
 * saved message is accepted as text; anything binary claimed as text is refused.
 */
export function checkContent(mediaType: string, head: Uint8Array): ContentCheck {
  const info = EVIDENCE_TYPES[mediaType];
  if (!info) return { ok: false, detected: null };
  const found = sniff(head);
  if (found && info.families.includes(found)) return { ok: true };
  if (found === "eml" && info.families.includes("text")) return { ok: true };
  const detected = found ? (Object.entries(EVIDENCE_TYPES).find(([, i]) => i.families[0] === found)?.[0] ?? null) : null;
  return { ok: false, detected };
}

/** Accepted types as a list for the UI's file picker (accept attribute) and for error messages. */
export const ACCEPT_LIST = [...new Set(Object.entries(EVIDENCE_TYPES).flatMap(([t, i]) => [t, ...i.extensions.map((e) => `.${e}`)]))].join(",");
