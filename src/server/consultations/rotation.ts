import type { Kysely } from "kysely";
import * as audit from "../audit/service.ts";
import type { RequestContext } from "../platform/context.ts";
import { type Keyring, decrypt, decryptBytes, encrypt, encryptBytes, storedKeyId } from "../platform/crypto.ts";
import * as attachmentsRepo from "./attachments-repo.ts";
import { attachmentContentContext, attachmentFilenameContext } from "./views.ts";
import type { Database } from "../platform/db/schema.ts";
import * as repo from "./repo.ts";

/**
 * Re-encrypts every consultation text that is not yet under the current key, a batch at a time,
 * each batch in its own short transaction: servers keep working meanwhile (they read old and new
 * keys alike), and an interrupted run simply continues where it stopped when started again.
 * A value changed by someone else between read and write is left alone (that writer already used
 * the current key).
 */
export async function rotateKeys(db: Kysely<Database>, ctx: RequestContext, ring: Keyring, opts: { batchSize?: number } = {}) {
  const batchSize = opts.batchSize ?? 200;
  const counts: Record<string, number> = {};
  for (const { table } of repo.ENCRYPTED) {
    counts[table] = 0;
    const context = (id: string) => `${table}.body:${id}`;
    let after: string | null = null;
    for (;;) {
      const rows = await repo.rowsNotUnderKey(db, table, ring.primaryId, after, batchSize);
      if (rows.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const r of rows) {
          if (storedKeyId(r.body_ciphertext) === ring.primaryId) continue;
          const fresh = encrypt(ring, decrypt(ring, r.body_ciphertext, context(r.id)), context(r.id));
          if (await repo.replaceCiphertext(trx, table, r.id, r.body_ciphertext, fresh)) counts[table] = (counts[table] ?? 0) + 1;
        }
      });
      after = rows[rows.length - 1]?.id ?? null;
    }
  }
  // Attachments: the file name and the content together, found by their key_id column.
  counts.consultation_attachments = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await attachmentsRepo.attachmentsNotUnderKey(db, ring.primaryId, after, Math.max(1, Math.floor(batchSize / 10)));
    if (rows.length === 0) break;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const fresh = {
          key_id: ring.primaryId,
          filename_ciphertext: encrypt(ring, decrypt(ring, r.filename_ciphertext, attachmentFilenameContext(r.id)), attachmentFilenameContext(r.id)),
          content_ciphertext: encryptBytes(ring, decryptBytes(ring, r.content_ciphertext, attachmentContentContext(r.id)), attachmentContentContext(r.id)),
        };
        if (await attachmentsRepo.replaceAttachmentCiphertext(trx, r.id, r.key_id, fresh))
          counts.consultation_attachments = (counts.consultation_attachments ?? 0) + 1;
      }
    });
    after = rows[rows.length - 1]?.id ?? null;
  }
  await audit.record(db, ctx, { action: "system.keys_rotate", resourceType: "system", details: { keyId: ring.primaryId, reencrypted: counts } });
  return counts;
}
