import { createHash } from "node:crypto";
import { type Readable, Transform, type TransformCallback, pipeline as pipe } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Kysely } from "kysely";
import * as audit from "../audit/service.ts";
import * as incidentsRepo from "../incidents/repo.ts";
import type { RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { AppError } from "../platform/http/errors.ts";
import type { ByteRange, ObjectStorage } from "../platform/storage/index.ts";
import * as repo from "./repo.ts";
import { evidenceFor } from "./service.ts";

/** Reading an evidence file: integrity first (download, playback by Range). */

async function hashOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  await pipeline(stream, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      h.update(chunk);
      size += chunk.length;
    }
  });
  return { sha256: h.digest("hex"), size };
}

/**
 * Passes the bytes through while hashing them, holding back the last chunk until the hash is
 * confirmed: a file that changes while it is being sent is cut off, never delivered complete.
 */
class VerifyingStream extends Transform {
  private readonly hash = createHash("sha256");
  private held: Buffer | null = null;

  constructor(
    private readonly expected: string,
    private readonly onMismatch: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.hash.update(chunk);
    const previous = this.held;
    this.held = chunk;
    cb(null, previous ?? undefined);
  }

  override _flush(cb: TransformCallback) {
    if (this.hash.digest("hex") !== this.expected) {
      this.onMismatch();
      return cb(new Error("evidence changed while being sent"));
    }
    cb(null, this.held ?? undefined);
  }
}

export type RangeRequest = { kind: "none" } | { kind: "range"; range: ByteRange } | { kind: "unsatisfiable" };

/** One `bytes=` range (the first, if several): start-end, start- or -suffix. */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: "none" };
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*(,.*)?$/i.exec(header.trim());
  if (!m) return { kind: "none" }; // not a byte range we understand: send the whole file
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return { kind: "unsatisfiable" };
  let start: number;
  let end: number;
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0) return { kind: "unsatisfiable" };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || end < start) return { kind: "unsatisfiable" };
  return { kind: "range", range: { start, end } };
}

export interface ContentResponse {
  status: 200 | 206;
  stream: Readable;
  headers: Record<string, string>;
}

function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "evidence";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const INLINE_KINDS = new Set(["audio", "video", "image", "pdf"]);

async function integrityFailure(
  db: Kysely<Database>,
  ctx: RequestContext,
  ev: repo.EvidenceRow,
  problem: "missing" | "size" | "hash",
  observed: Record<string, unknown>,
) {
  await audit.record(db, ctx, {
    action: "evidence.integrity_failure",
    resourceType: "evidence",
    resourceId: ev.id,
    outcome: "failure",
    details: { incidentId: ev.incident_id, problem, expectedSha256: ev.sha256, expectedSize: Number(ev.size_bytes), ...observed },
  });
  // The incident's timeline says so too, so whoever works on the case sees that a file is no longer trustworthy.
  await db
    .transaction()
    .execute(async (trx) => {
      await incidentsRepo.findIncident(trx, ev.incident_id, { lock: true });
      await incidentsRepo.appendEvent(trx, ev.incident_id, { kind: "evidence_integrity_failed", at: new Date(), actorId: ctx.actor?.userId ?? null, data: { evidenceId: ev.id, problem } });
    })
    .catch(() => {}); // the audit record above is the one that must not be lost
  return new AppError(409, problem === "missing" ? "evidence_file_unavailable" : "evidence_integrity_failed", { name: ev.original_name });
}

/**
 * The file for download or playback. A whole-file response (no Range) always re-hashes the stored
 * file before sending anything and refuses a mismatch. A Range response (audio/video seeking) is
 * served when the whole file was verified against the store's current change token (size, mtime,
 * ctime, inode on disk); any change to the file changes the token and forces a full re-hash first.
 * Every request is audited.
 */
export async function openContent(
  db: Kysely<Database>,
  storage: ObjectStorage,
  ctx: RequestContext,
  id: string,
  opts: { rangeHeader?: string | undefined; download?: boolean },
): Promise<ContentResponse | { status: 416; size: number }> {
  const { ev } = await evidenceFor(db, ctx.actor, id, "read");
  if (ev.deleted_at) throw new AppError(409, "evidence_deleted");
  const expectedSize = Number(ev.size_bytes);
  const stat = await storage.stat(ev.storage_key);
  if (!stat) throw await integrityFailure(db, ctx, ev, "missing", {});
  if (stat.size !== expectedSize) throw await integrityFailure(db, ctx, ev, "size", { observedSize: stat.size });

  const range = parseRange(opts.rangeHeader, stat.size);
  if (range.kind === "unsatisfiable") return { status: 416, size: stat.size };
  const whole = range.kind === "none" || (range.range.start === 0 && range.range.end === stat.size - 1);
  const cached = ev.verified_version !== null && ev.verified_version === stat.version;
  if (whole || !cached) {
    let observed: { sha256: string; size: number };
    try {
      observed = await hashOf(await storage.open(ev.storage_key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw await integrityFailure(db, ctx, ev, "missing", {});
      throw err;
    }
    if (observed.sha256 !== ev.sha256 || observed.size !== expectedSize) {
      throw await integrityFailure(db, ctx, ev, "hash", { observedSha256: observed.sha256, observedSize: observed.size });
    }
    if (!cached) await repo.setVerified(db, ev.id, stat.version, new Date());
  }

  const download = opts.download === true || !INLINE_KINDS.has(ev.kind);
  await audit.record(db, ctx, {
    action: download ? "evidence.download" : "evidence.play",
    resourceType: "evidence",
    resourceId: ev.id,
    details: {
      incidentId: ev.incident_id,
      ...(range.kind === "range" ? { range: `${range.range.start}-${range.range.end}` } : {}),
      verified: whole || !cached ? "full" : "cached",
    },
  });

  const headers: Record<string, string> = {
    "content-type": ev.media_type,
    "accept-ranges": "bytes",
    "content-disposition": contentDisposition(download ? "attachment" : "inline", ev.original_name),
    "x-evidence-sha256": ev.sha256,
  };
  if (range.kind === "range" && !whole) {
    const { start, end } = range.range;
    headers["content-range"] = `bytes ${start}-${end}/${stat.size}`;
    headers["content-length"] = String(end - start + 1);
    return { status: 206, stream: await storage.open(ev.storage_key, range.range), headers };
  }
  headers["content-length"] = String(stat.size);
  const verifying = new VerifyingStream(ev.sha256, () => {
    void integrityFailure(db, ctx, ev, "hash", { during: "transfer" }).catch(() => {});
  });
  const file = await storage.open(ev.storage_key);
  pipe(file, verifying, () => {
    /* errors end the response; a client that stops reading closes the file */
  });
  if (range.kind === "range") headers["content-range"] = `bytes 0-${stat.size - 1}/${stat.size}`;
  return { status: range.kind === "range" ? 206 : 200, stream: verifying, headers };
}
