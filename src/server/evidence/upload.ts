import { createHash, randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import busboy from "busboy";
import { SNIFF_BYTES, checkContent, claimedType } from "../../domain/evidence/types.ts";
import { AppError } from "../platform/http/errors.ts";
import type { ObjectStorage } from "../platform/storage/index.ts";

/**
 * Streams one multipart upload into the evidence store: the file part goes through an inspector
 * that hashes (SHA-256) and counts every byte and checks the first SNIFF_BYTES against the claimed
 * type, then into `storage.put` (temporary file + rename). Any failure — wrong type, too large,
 * the client cutting the connection, a malformed form — leaves nothing in the store.
 */
export interface StoredUpload {
  key: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  fields: Record<string, string>;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${Math.round((n / 1024 / 1024 / 1024) * 10) / 10} GB`;
  if (n >= 1024 * 1024) return `${Math.round(n / 1024 / 1024)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

class Inspector extends Transform {
  private readonly hash = createHash("sha256");
  size = 0;
  private head: Buffer[] = [];
  private headLength = 0;
  private checked = false;

  constructor(private readonly mediaType: string) {
    super();
  }

  private check(): AppError | null {
    this.checked = true;
    const head = Buffer.concat(this.head).subarray(0, SNIFF_BYTES);
    if (head.length === 0) return new AppError(422, "evidence_empty");
    const r = checkContent(this.mediaType, head);
    return r.ok ? null : new AppError(422, "evidence_type_mismatch", { claimed: this.mediaType, detected: r.detected ?? "—" });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.checked) return cb(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return cb();
    const err = this.check();
    if (err) return cb(err);
    const buffered = Buffer.concat(this.head);
    this.head = [];
    cb(null, buffered);
  }

  override _flush(cb: TransformCallback) {
    if (!this.checked) {
      const err = this.check();
      if (err) return cb(err);
      cb(null, Buffer.concat(this.head));
      this.head = [];
      return;
    }
    cb();
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

const FIELDS = new Set(["note", "recordingNotice"]);

export function isMultipart(headers: IncomingHttpHeaders): boolean {
  return /^multipart\/form-data\s*;/i.test(headers["content-type"] ?? "");
}

/** Reads the request and stores its one file. Rejects with an AppError; by then nothing is stored. */
export async function receiveUpload(
  source: Readable & { complete?: boolean },
  headers: IncomingHttpHeaders,
  storage: ObjectStorage,
  maxBytes: number,
): Promise<StoredUpload> {
  if (!isMultipart(headers)) throw new AppError(415, "evidence_not_multipart");
  const declared = Number(headers["content-length"] ?? Number.NaN);
  // The form's own overhead (boundaries, part headers, the note) is small: 64 KB covers it.
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw new AppError(413, "evidence_too_large", { limit: formatBytes(maxBytes) });

  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers, limits: { files: 1, fileSize: maxBytes, fields: 5, fieldSize: 4000, parts: 8 }, defParamCharset: "utf8" });
  } catch {
    throw new AppError(415, "evidence_not_multipart");
  }
  const key = `${new Date().toISOString().slice(0, 7).replace("-", "/")}/${randomUUID()}`;
  const fields: Record<string, string> = {};

  return new Promise<StoredUpload>((resolve, reject) => {
    let failure: AppError | null = null;
    let finished = false;
    let put: Promise<{ size: number }> | null = null;
    let inspector: Inspector | null = null;
    let file: { name: string; type: string } | null = null;

    const fail = (err: AppError) => {
      if (failure || finished) return;
      failure = err;
      inspector?.destroy(err);
      source.unpipe(bb);
      // Read and discard the rest so the client receives the error rather than a reset connection;
      // a client that keeps sending more than the limit is cut off.
      let drained = 0;
      const onData = (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > maxBytes) source.destroy();
      };
      source.on("data", onData);
      const drainedOrClosed = new Promise<void>((done) => {
        if (source.readableEnded || source.destroyed) return done();
        source.once("end", () => done());
        source.once("close", () => done());
      });
      source.resume();
      // Respond only when the partial file has been removed.
      void Promise.allSettled([put, drainedOrClosed])
        .then(async () => {
          // A later failure (e.g. an extra part) after the file was complete: remove it too.
          if (put) await storage.delete(key).catch(() => {});
        })
        .then(() => reject(err));
    };

    bb.on("file", (name, stream, info) => {
      if (name !== "file" || file) {
        stream.resume();
        fail(new AppError(422, file ? "evidence_too_many_files" : "evidence_file_missing"));
        return;
      }
      const filename = (info.filename ?? "").normalize("NFC").slice(0, 255);
      const type = claimedType(info.mimeType, filename);
      if (!type) {
        stream.resume();
        fail(new AppError(415, "evidence_type_not_allowed", { type: info.mimeType || "?" }));
        return;
      }
      file = { name: filename || "file", type };
      const insp = new Inspector(type);
      inspector = insp;
      // The content check can fail before the store's pipeline is attached: report it from here too.
      insp.on("error", (err) => fail(err instanceof AppError ? err : new AppError(400, "evidence_upload_incomplete")));
      stream.on("limit", () => fail(new AppError(413, "evidence_too_large", { limit: formatBytes(maxBytes) })));
      stream.on("error", () => fail(new AppError(400, "evidence_upload_incomplete")));
      stream.pipe(insp);
      put = storage.put(key, insp);
      put.catch((err: unknown) => fail(err instanceof AppError ? err : new AppError(400, "evidence_upload_incomplete")));
    });
    bb.on("field", (name, value, info) => {
      if (!FIELDS.has(name) || info.valueTruncated) return fail(new AppError(422, "validation_failed", { detail: name }));
      fields[name] = value;
    });
    bb.on("filesLimit", () => fail(new AppError(422, "evidence_too_many_files")));
    bb.on("partsLimit", () => fail(new AppError(422, "validation_failed", { detail: "parts" })));
    bb.on("fieldsLimit", () => fail(new AppError(422, "validation_failed", { detail: "fields" })));
    bb.on("error", () => fail(new AppError(400, "evidence_upload_incomplete")));
    bb.on("close", () => {
      if (failure) return;
      if (!put || !file || !inspector) return fail(new AppError(422, "evidence_file_missing"));
      const f = file;
      const insp = inspector;
      put.then(
        ({ size }) => {
          if (failure) return;
          finished = true;
          resolve({ key, originalName: f.name, mediaType: f.type, size, sha256: insp.digest(), fields });
        },
        () => {
          /* fail() already ran */
        },
      );
    });
    // The client went away before the form ended (IncomingMessage: 'close' without 'complete').
    source.on("close", () => {
      if (!finished && source.complete === false) fail(new AppError(400, "evidence_upload_incomplete"));
    });
    source.on("error", () => fail(new AppError(400, "evidence_upload_incomplete")));
    source.pipe(bb);
  });
}
