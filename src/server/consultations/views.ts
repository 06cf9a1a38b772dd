import { type Keyring, decrypt } from "../platform/crypto.ts";
import type { AttachmentListRow } from "./attachments-repo.ts";
import type * as repo from "./repo.ts";

/** What the desk and what the consulting person see. Decryption happens here, at the last moment. */
type Message = Awaited<ReturnType<typeof repo.listMessages>>[number];
type Note = Awaited<ReturnType<typeof repo.listNotes>>[number];
type Consent = Awaited<ReturnType<typeof repo.listConsents>>[number];

export const attachmentFilenameContext = (id: string) => `consultation_attachments.filename:${id}`;
export const attachmentContentContext = (id: string) => `consultation_attachments.content:${id}`;

const attachmentView = (ring: Keyring, a: AttachmentListRow) => ({
  id: a.id,
  authorKind: a.author_kind,
  filename: decrypt(ring, a.filename_ciphertext, attachmentFilenameContext(a.id)),
  contentType: a.content_type,
  size: a.size_bytes,
  createdAt: a.created_at.toISOString(),
});

const consentView = (c: Consent) => ({ incidentId: c.incident_id, givenAt: c.given_at.toISOString(), withdrawnAt: c.withdrawn_at?.toISOString() ?? null });

/** The consulting person's view: their text and the replies; desk-internal fields (notes, care flags, assignee) are left out. */
export function ownerView(ring: Keyring, row: repo.ConsultationRow, messages: Message[], consents: Consent[], attachments: AttachmentListRow[]) {
  return {
    id: row.anonymous ? null : row.id,
    anonymous: row.anonymous,
    category: row.category,
    status: row.status,
    body: decrypt(ring, row.body_ciphertext, `consultations.body:${row.id}`),
    messages: messages.map((m) => ({
      id: m.id,
      authorKind: m.author_kind,
      body: decrypt(ring, m.body_ciphertext, `consultation_messages.body:${m.id}`),
      createdAt: m.created_at.toISOString(),
    })),
    consents: consents.map(consentView),
    attachments: attachments.map((a) => attachmentView(ring, a)),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function deskView(
  ring: Keyring,
  row: repo.ConsultationRow,
  messages: Message[],
  notes: Note[],
  consents: Consent[],
  attachments: AttachmentListRow[],
  today: string,
) {
  return {
    ...ownerView(ring, row, messages, consents, attachments),
    id: row.id,
    staffUserId: row.anonymous ? null : row.staff_user_id,
    assignedTo: row.assigned_to,
    careFlags: row.care_flags,
    followUpOn: row.follow_up_on,
    followUpDue: row.follow_up_on !== null && row.status !== "closed" && row.follow_up_on <= today,
    closedAt: row.closed_at?.toISOString() ?? null,
    messages: messages.map((m) => ({
      id: m.id,
      authorKind: m.author_kind,
      deskUserId: m.desk_user_id,
      deskUserName: m.desk_name,
      body: decrypt(ring, m.body_ciphertext, `consultation_messages.body:${m.id}`),
      createdAt: m.created_at.toISOString(),
    })),
    notes: notes.map((n) => ({
      id: n.id,
      authorId: n.author_id,
      authorName: n.author_name,
      body: decrypt(ring, n.body_ciphertext, `consultation_desk_notes.body:${n.id}`),
      createdAt: n.created_at.toISOString(),
    })),
  };
}
