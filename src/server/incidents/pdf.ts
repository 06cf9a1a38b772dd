import {
  CHANNEL_LABELS,
  type Channel,
  COUNTERPART_TYPE_LABELS,
  type CounterpartType,
  GROUP_LABELS,
  type Group,
  BEHAVIOUR_CODES,
  type BehaviourCode,
  LADDER_STEP_LABELS,
  type LadderStep,
  STAFF_ROLE_LABELS,
  type StaffRole,
} from "../../domain/incidents/codes.ts";
import { AXIS_LABELS, OUTCOME_LABELS, type Judgement, type Outcome } from "../../domain/incidents/judgement.ts";
import { STATUS_LABELS, type Status } from "../../domain/incidents/lifecycle.ts";
import { A4, type PdfDocument, japaneseDocument } from "../platform/pdf.ts";
import type { IncidentView } from "./view.ts";

/**
 * One incident as an A4 PDF in Japanese (BIZ UDPGothic embedded): the record, the words and acts as
 * quotes, the counterpart's earlier contacts with the ready-made line, the judgement with its
 * reasons per axis, and the timeline. Every page says it is confidential and who printed it when.
 */
const MARGIN = 48;
const WIDTH = A4.width - 2 * MARGIN;
const INK = "#111111";
const MUTED = "#555555";

const JST = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  weekday: "short",
});
export const jstDateTime = (iso: string | Date | null | undefined) => (iso ? JST.format(typeof iso === "string" ? new Date(iso) : iso) : "—");

const ANSWER_JA: Record<"demandLegitimate" | "meansAppropriate" | "environmentHarmed", Record<string, string>> = {
  demandLegitimate: { yes: "妥当", no: "妥当でない", undetermined: "判断できない" },
  meansAppropriate: { yes: "相当", no: "相当でない", undetermined: "判断できない" },
  environmentHarmed: { yes: "害された", no: "害されていない", undetermined: "判断できない" },
};
const EVENT_JA: Record<string, string> = {
  created: "記録を作成",
  updated: "記録を更新",
  status_changed: "状態を変更",
  reopened: "再開",
  judged: "判断を記録",
  judgement_proposed: "判断案を提案",
  queued_for_central: "総務局への報告対象",
  counterpart_linked: "相手方を紐付け",
  counterpart_unlinked: "相手方の紐付けを解除",
  counterpart_merged: "相手方を統合",
  letter_issued: "文書を発行",
  evidence_added: "証拠ファイルを追加",
  evidence_deleted: "証拠ファイルを削除",
  evidence_integrity_failed: "証拠ファイルの改変・欠損を検出",
  live_recording: "対応支援の録音を証拠に追加",
};
const RETENTION_JA: Record<string, string> = { "1y": "1年", "3y": "3年", "5y": "5年", "10y": "10年" };

const statusJa = (s: string | null) => (s ? (STATUS_LABELS[s as Status]?.ja ?? s) : "");
const outcomeJa = (o: string | null) => (o ? `${OUTCOME_LABELS[o as Outcome]?.ja ?? o}(判断済)` : "未判断(苦情・申出として受付)");

export interface IncidentPdfInput {
  incident: IncidentView;
  departmentName: string;
  supervisorName: string | null;
  printedBy: string;
  printedAt: Date;
}

class Writer {
  constructor(readonly doc: PdfDocument) {}

  private room(height: number) {
    if (this.doc.y + height > A4.height - MARGIN - 24) this.doc.addPage();
  }

  heading(text: string) {
    this.room(60);
    this.doc.moveDown(0.6);
    const y = this.doc.y;
    this.doc.font("bold").fontSize(12.5).fillColor(INK).text(text, MARGIN, y, { width: WIDTH });
    this.doc
      .moveTo(MARGIN, this.doc.y + 2)
      .lineTo(MARGIN + WIDTH, this.doc.y + 2)
      .lineWidth(0.6)
      .strokeColor("#888888")
      .stroke();
    this.doc.moveDown(0.5);
  }

  /** A label above its value (values of any length flow onto the next page). */
  field(label: string, value: string | null | undefined) {
    const v = value?.trim() ? value : "(未記入)";
    this.room(34);
    this.doc.font("bold").fontSize(8.5).fillColor(MUTED).text(label, MARGIN, this.doc.y, { width: WIDTH });
    this.doc
      .font("regular")
      .fontSize(10.5)
      .fillColor(INK)
      .text(v, MARGIN + 8, this.doc.y + 1, { width: WIDTH - 8, lineGap: 2 });
    this.doc.moveDown(0.45);
  }

  paragraph(text: string, opts: { size?: number; color?: string; indent?: number } = {}) {
    this.room(20);
    const indent = opts.indent ?? 0;
    this.doc
      .font("regular")
      .fontSize(opts.size ?? 10.5)
      .fillColor(opts.color ?? INK)
      .text(text, MARGIN + indent, this.doc.y, { width: WIDTH - indent, lineGap: 2 });
    this.doc.moveDown(0.3);
  }
}

function yesNo(v: boolean | null | undefined) {
  return v === true ? "あり" : v === false ? "なし" : "不明";
}

export async function renderIncidentPdf(input: IncidentPdfInput): Promise<Buffer> {
  const inc = input.incident;
  const { doc, finish } = japaneseDocument({
    size: [A4.width, A4.height],
    margins: { top: MARGIN + 14, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `事案記録 ${inc.number}`, Subject: "カスタマーハラスメント事案記録(取扱注意)", Creator: "Mamoru" },
  });
  const w = new Writer(doc);

  doc.font("bold").fontSize(18).fillColor(INK).text(`事案記録 ${inc.number}`, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3);
  w.paragraph(`状態: ${statusJa(inc.status)} / 判断結果: ${outcomeJa(inc.outcome)}`, { size: 11 });

  w.heading("記録の内容");
  w.field("対応の方法", CHANNEL_LABELS[inc.channel as Channel]?.ja ?? inc.channel);
  w.field("所属", input.departmentName);
  w.field("場所", inc.place);
  w.field("始まった日時", jstDateTime(inc.startedAt));
  w.field("終了日時", jstDateTime(inc.endedAt));
  if (inc.durationMinutes !== null) w.field("応対時間", `${inc.durationMinutes}分`);
  w.field("応対した職員", inc.staff.map((s) => `${s.displayName}(${STAFF_ROLE_LABELS[s.role as StaffRole]?.ja ?? s.role})`).join("、"));
  w.field("管理監督者", input.supervisorName);
  w.field("行為の類型", inc.groups.map((g) => `${g} ${GROUP_LABELS[g as Group]?.ja ?? ""}`).join("、"));
  const fine = inc.codes.filter((c) => !c.startsWith("group"));
  if (fine.length > 0) w.field("行為の内容(詳細)", fine.map((c) => BEHAVIOUR_CODES[c as BehaviourCode]?.ja ?? c).join("、"));
  if (inc.summary && !inc.narrative.startsWith(inc.summary.replace(/…$/, ""))) w.field("概要", inc.summary);
  w.field("何があったか", inc.narrative);
  w.field("要求の内容", inc.demand);
  w.field("これまでの回答", inc.answersGiven);

  w.heading("言われた言葉・行為(そのまま)");
  if (inc.quotes.length === 0) w.paragraph("記録された言葉はありません。", { color: MUTED });
  inc.quotes.forEach((q, i) => {
    const when = q.at ? ` [${jstDateTime(q.at)}]` : q.offsetSeconds !== null ? ` [開始から${Math.floor(q.offsetSeconds / 60)}分${q.offsetSeconds % 60}秒]` : "";
    w.paragraph(`${i + 1}. ${q.isAct ? "(行為)" : ""}「${q.text}」${when}`);
  });

  w.heading("相手方");
  const cp = inc.counterpart;
  if (!cp) w.paragraph("記録されていません。", { color: MUTED });
  else {
    w.field("種別", COUNTERPART_TYPE_LABELS[cp.type as CounterpartType]?.ja ?? cp.type);
    if (cp.name) w.field("氏名", cp.name);
    if (cp.phone) w.field("電話番号", cp.phone);
    if (cp.email) w.field("メールアドレス", cp.email);
  }
  if (inc.personsCount) w.field("人数", `${inc.personsCount}人`);
  if (inc.earlierContacts.length > 0) {
    w.field(
      "同じ相手からの過去の連絡",
      inc.earlierContacts
        .map((c) => `${jstDateTime(c.at)} ${CHANNEL_LABELS[c.channel as Channel]?.ja ?? c.channel} — 回答: ${c.answerGiven || "—"}`)
        .join("\n"),
    );
    if (inc.repeatContactLine) w.field("そのまま使える回答", inc.repeatContactLine);
  }

  w.heading("対応と影響");
  const ladder = (inc.ladderSteps as Array<{ step: string; at?: string | null; approver?: string | null; words?: string | null }>) ?? [];
  w.field(
    "対応の段階",
    ladder
      .map((s) =>
        [
          LADDER_STEP_LABELS[s.step as LadderStep]?.ja ?? s.step,
          s.at ? jstDateTime(s.at) : null,
          s.approver ? `判断: ${s.approver}` : null,
          s.words ? `「${s.words}」` : null,
        ]
          .filter(Boolean)
          .join(" "),
      )
      .join("\n"),
  );
  const police = (inc.police ?? {}) as { contacted?: boolean; at?: string | null; station?: string | null; reference?: string | null; notes?: string | null };
  w.field(
    "警察への連絡",
    police.contacted
      ? ["あり", police.at ? jstDateTime(police.at) : null, police.station, police.reference ? `受理番号 ${police.reference}` : null, police.notes]
          .filter(Boolean)
          .join(" / ")
      : "なし",
  );
  const harm = (inc.harm ?? {}) as { harmed?: boolean; description?: string | null; care?: string | null };
  w.field("職員への被害とケア", harm.harmed ? ["あり", harm.description, harm.care ? `ケア: ${harm.care}` : null].filter(Boolean).join(" / ") : "なし");
  const pd = (inc.personalData ?? {}) as { demanded?: boolean; exposed?: boolean; details?: string | null };
  w.field("職員の個人情報", [`要求: ${yesNo(pd.demanded)}`, `暴露: ${yesNo(pd.exposed)}`, pd.details].filter(Boolean).join(" / "));
  w.field("市側の誤りの有無", yesNo(inc.ownErrorContributed));
  w.field("総務局への報告日", inc.centralReportAt ? jstDateTime(inc.centralReportAt) : "未報告");
  w.field("保存期間", `${RETENTION_JA[inc.retentionClass] ?? inc.retentionClass}${inc.legalHold ? "(訴訟等のため保全中)" : ""}`);

  w.heading("判断(3つの観点)");
  const j = inc.judgement as Judgement | null;
  if (!j) w.paragraph("まだ判断されていません。", { color: MUTED });
  else {
    for (const axis of ["demandLegitimate", "meansAppropriate", "environmentHarmed"] as const) {
      w.field(AXIS_LABELS[axis].ja, `${ANSWER_JA[axis][j[axis].answer] ?? j[axis].answer} — ${j[axis].reason}`);
    }
    const ex = [j.exclusions.sincereComplaint ? "誠実な苦情・意見" : null, j.exclusions.reasonableAccommodation ? "合理的配慮の求め" : null].filter(Boolean);
    if (ex.length > 0) w.field(AXIS_LABELS.exclusions.ja, `${ex.join("、")}${j.exclusions.reason ? ` — ${j.exclusions.reason}` : ""}`);
    w.field("一線を越えた時点", inc.crossedAt ? jstDateTime(inc.crossedAt) : "記録なし");
    w.field("判断日時", jstDateTime(inc.judgedAt));
  }

  w.heading("経過記録");
  for (const e of inc.timeline) {
    const what =
      e.toStatus && (e.kind === "status_changed" || e.kind === "reopened")
        ? `${EVENT_JA[e.kind]}: ${e.fromStatus ? `${statusJa(e.fromStatus)} → ` : ""}${statusJa(e.toStatus)}`
        : `${EVENT_JA[e.kind] ?? (e.kind.startsWith("live_") ? "対応支援の記録" : e.kind)}${typeof (e.data as { outcome?: unknown } | null)?.outcome === "string" ? `: ${OUTCOME_LABELS[(e.data as { outcome: Outcome }).outcome]?.ja}` : ""}`;
    w.paragraph(`${jstDateTime(e.at)} ${what}(${e.actorName ?? "システム"})${e.reason ? ` 理由: ${e.reason}` : ""}`, { size: 9.5 });
  }

  // Header and footer on every page: confidential, who printed it when, page n of N.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("bold").fontSize(8.5).fillColor("#a40000").text("取扱注意(個人情報を含みます)", MARGIN, 24, { width: WIDTH, align: "right", lineBreak: false });
    doc
      .font("regular")
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        `事案 ${inc.number} — 出力: ${jstDateTime(input.printedAt)} ${input.printedBy} — ${i - range.start + 1} / ${range.count}ページ`,
        MARGIN,
        A4.height - 32,
        { width: WIDTH, align: "center", lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  return finish();
}
