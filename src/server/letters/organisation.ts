import { type NoticeSettings, completeSettings } from "../../domain/public-notice/defaults.ts";
import type { Executor } from "../platform/context.ts";
import * as noticeRepo from "../public-notice/repo.ts";

/** The organisation's name and contact as central set them for the public page (one source for every document). */
export async function organisationOf(db: Executor) {
  const row = await noticeRepo.settingsRow(db);
  const s = completeSettings(row ? { organisation: row.organisation as unknown as NoticeSettings["organisation"], phone: row.phone, slug: row.slug } : null);
  const ja = s.organisation.ja;
  return { name: ja.name, department: ja.department, address: ja.address, hours: ja.hours, phone: s.phone };
}
