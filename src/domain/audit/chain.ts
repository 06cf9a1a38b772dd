import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * The audit trail is a hash chain: each row stores the hash of the previous row and a hash over
 * its own content plus that previous hash. Editing, inserting or deleting a row breaks the chain
 * at that row. Pure functions; the repository stores and reads rows.
 */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditContent {
  seq: string;
  at: string; // ISO-8601 with milliseconds
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  requestId: string | null;
  outcome: "success" | "denied" | "failure";
  details: Record<string, unknown>;
}

export function hashAuditRow(content: AuditContent, prevHash: string): string {
  const canonical = canonicalize({ ...content, prevHash });
  if (canonical === undefined) throw new Error("audit row cannot be canonicalised");
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

export interface StoredAuditRow extends AuditContent {
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  | { kind: "edited"; seq: string }
  | { kind: "inserted_or_reordered"; seq: string }
  | { kind: "deleted_before"; seq: string; expectedSeq: string }
  | { kind: "tail_deleted"; lastSeq: string; headSeq: string }
  | { kind: "head_mismatch"; lastSeq: string };

export interface ChainCursor {
  lastSeq: bigint;
  lastHash: string;
}

export const START_CURSOR: ChainCursor = { lastSeq: 0n, lastHash: GENESIS_HASH };

/**
 * Checks one row against the chain so far. Streaming: call in seq order and keep the returned cursor.
 * Returns the first problem found at this row, or the advanced cursor.
 */
export function checkRow(cursor: ChainCursor, row: StoredAuditRow): { ok: true; cursor: ChainCursor } | { ok: false; problem: ChainProblem } {
  const seq = BigInt(row.seq);
  if (seq !== cursor.lastSeq + 1n) {
    if (seq > cursor.lastSeq + 1n && row.prevHash === cursor.lastHash) {
      // gap but chain intact: a row's seq was edited
      return { ok: false, problem: { kind: "edited", seq: row.seq } };
    }
    if (seq > cursor.lastSeq + 1n) {
      return { ok: false, problem: { kind: "deleted_before", seq: row.seq, expectedSeq: String(cursor.lastSeq + 1n) } };
    }
    return { ok: false, problem: { kind: "inserted_or_reordered", seq: row.seq } };
  }
  if (row.prevHash !== cursor.lastHash) {
    return { ok: false, problem: { kind: "inserted_or_reordered", seq: row.seq } };
  }
  const { prevHash, hash, ...content } = row;
  if (hashAuditRow(content, prevHash) !== hash) return { ok: false, problem: { kind: "edited", seq: row.seq } };
  return { ok: true, cursor: { lastSeq: seq, lastHash: hash } };
}

export function checkHead(cursor: ChainCursor, head: { seq: string; hash: string } | null): ChainProblem | null {
  if (!head) return cursor.lastSeq === 0n ? null : { kind: "head_mismatch", lastSeq: String(cursor.lastSeq) };
  if (BigInt(head.seq) > cursor.lastSeq) return { kind: "tail_deleted", lastSeq: String(cursor.lastSeq), headSeq: head.seq };
  if (BigInt(head.seq) !== cursor.lastSeq || head.hash !== cursor.lastHash) return { kind: "head_mismatch", lastSeq: String(cursor.lastSeq) };
  return null;
}
