/**
 * What may be attached to a consultation: photos, screenshots, recordings, PDFs, plain text and
 * Office documents. The type is decided from the content (its leading "magic" bytes), never from
 * what the sender's browser claimed, so a renamed executable or HTML page is refused.
 */
export interface AttachmentType {
  mime: string;
  /** What the screens call it. */
  label: string;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

const ext = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? "";

/** Plain text: valid UTF-8 without control characters other than tab, CR and LF. */
function isPlainText(b: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

const ISO_BRANDS_IMAGE = new Set(["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"]);
const ISO_BRANDS_AUDIO = new Set(["M4A ", "M4B "]);
const ISO_BRANDS_VIDEO = new Set(["isom", "iso2", "mp41", "mp42", "avc1", "qt  ", "3gp4", "3gp5", "MSNV"]);

/** The type of a file, or null when it is not one we accept. `filename` only separates formats that share a container (zip, text). */
export function detectAttachmentType(bytes: Uint8Array, filename: string): AttachmentType | null {
  const b = bytes;
  if (b.length === 0) return null;
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: "application/pdf", label: "PDF" };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: "image/png", label: "PNG" };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", label: "JPEG" };
  if (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a") return { mime: "image/gif", label: "GIF" };
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return { mime: "image/webp", label: "WebP" };
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE") return { mime: "audio/wav", label: "WAV" };
  if (ascii(b, 4, 8) === "ftyp") {
    const brand = ascii(b, 8, 12);
    if (ISO_BRANDS_IMAGE.has(brand)) return { mime: "image/heic", label: "HEIC" };
    if (ISO_BRANDS_AUDIO.has(brand)) return { mime: "audio/mp4", label: "M4A" };
    if (ISO_BRANDS_VIDEO.has(brand)) return ext(filename) === "m4a" ? { mime: "audio/mp4", label: "M4A" } : { mime: "video/mp4", label: "MP4" };
    return null;
  }
  if (ascii(b, 0, 3) === "ID3" || (b.length > 1 && b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return { mime: "audio/mpeg", label: "MP3" };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML files are zip archives; only these two are accepted, not zip in general.
    const e = ext(filename);
    if (e === "docx") return { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "Word" };
    if (e === "xlsx") return { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "Excel" };
    return null;
  }
  if (ext(filename) === "txt" && isPlainText(b)) return { mime: "text/plain; charset=utf-8", label: "テキスト / text" };
  return null;
}

/** The formats accepted, as shown next to the file picker. */
export const ACCEPTED_LABEL = "PDF, JPEG, PNG, GIF, WebP, HEIC, MP3, M4A, WAV, MP4, Word (.docx), Excel (.xlsx), .txt";
/** For the file picker's `accept` attribute (a hint only: the server decides from the content). */
export const ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.heif,.mp3,.m4a,.wav,.mp4,.mov,.docx,.xlsx,.txt";

export const MAX_FILENAME = 200;

/**
 * A file name that is safe to store and to send back in Content-Disposition: no directories, no
 * control characters, at most 200 characters (the extension is kept). Empty → "attachment".
 */
export function cleanFilename(name: string): string {
  let n =
    name
      .normalize("NFC")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are removed on purpose
      .replace(/[\u0000-\u001f\u007f]/g, "")
      .split(/[\\/]/)
      .pop()
      ?.trim() ?? "";
  n = n.replace(/^\.+/, "");
  if (n.length > MAX_FILENAME) {
    const e = ext(n);
    n = e ? `${n.slice(0, MAX_FILENAME - e.length - 1)}.${e}` : n.slice(0, MAX_FILENAME);
  }
  return n || "attachment";
}

/** "10 MB" style sizes for limits in messages (1 MB = 1,048,576 bytes). */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
