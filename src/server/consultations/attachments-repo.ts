import type { Executor } from "../platform/context.ts";

export interface AttachmentInsert {
  id: string;
  consultation_id: string;
  author_kind: "staff" | "desk";
  desk_user_id: string | null;
  filename_ciphertext: string;
  content_type: string;
  size_bytes: number;
  key_id: string;
  content_ciphertext: Buffer;
  created_at: Date;
}

export async function insertAttachment(db: Executor, row: AttachmentInsert) {
  await db.insertInto("consultation_attachments").values(row).execute();
}

/** The list (never the content): for the thread views. */
export async function listAttachments(db: Executor, consultationId: string) {
  return db
    .selectFrom("consultation_attachments")
    .select(["id", "author_kind", "filename_ciphertext", "content_type", "size_bytes", "created_at"])
    .where("consultation_id", "=", consultationId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}
export type AttachmentListRow = Awaited<ReturnType<typeof listAttachments>>[number];

/** One attachment with its content, only if it belongs to that consultation. */
export async function findAttachment(db: Executor, consultationId: string, attachmentId: string) {
  return db
    .selectFrom("consultation_attachments")
    .select(["id", "filename_ciphertext", "content_type", "size_bytes", "content_ciphertext"])
    .where("consultation_id", "=", consultationId)
    .where("id", "=", attachmentId)
    .executeTakeFirst();
}

/** For key rotation: the next attachments (by id) not yet under the current key. */
export async function attachmentsNotUnderKey(db: Executor, keyId: string, afterId: string | null, limit: number) {
  let q = db.selectFrom("consultation_attachments").select(["id", "key_id", "filename_ciphertext", "content_ciphertext"]).where("key_id", "<>", keyId);
  if (afterId) q = q.where("id", ">", afterId);
  return q.orderBy("id").limit(limit).execute();
}

export async function replaceAttachmentCiphertext(
  db: Executor,
  id: string,
  fromKeyId: string,
  to: { key_id: string; filename_ciphertext: string; content_ciphertext: Buffer },
) {
  const r = await db.updateTable("consultation_attachments").set(to).where("id", "=", id).where("key_id", "=", fromKeyId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
