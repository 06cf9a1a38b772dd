import { formatWarekiDate, japanDate } from "../../domain/analytics/wareki.ts";
import { BEHAVIOUR_CODES, CHANNEL_LABELS, isBehaviourCode } from "../../domain/incidents/codes.ts";
import { STATUS_LABELS } from "../../domain/incidents/lifecycle.ts";
import { MARGIN, heading, newDocument, table } from "../analytics/pdf.ts";
import * as counterpartRepo from "../counterparts/repo.ts";
import * as incidentRepo from "../incidents/repo.ts";
import type { Executor } from "../platform/context.ts";

const jst = (d: Date | null) => {
  if (!d) return "—";
  const j = japanDate(new Date(d));
  const t = new Date(new Date(d).getTime() + 9 * 3600_000).toISOString().slice(11, 16);
  return `${formatWarekiDate(j)} ${t}`;
};

const EVENT_LABELS: Record<string, string> = {
  created: "記録を作成",
  updated: "記録を更新",
  status_changed: "状態を変更",
  reopened: "再開",
  judged: "判断を記録",
  judgement_proposed: "判断を提案",
  letter_issued: "文書を発行",
  counterpart_linked: "相手方を関連づけ",
  counterpart_unlinked: "相手方の関連づけを解除",
};

/** The incident record with its timeline as a PDF, for the police or a lawyer (Japanese). */
export async function renderRecord(db: Executor, incidentId: string, organisation: string): Promise<{ pdf: Buffer; number: string }> {
  const inc = (await incidentRepo.findIncident(db, incidentId)) as incidentRepo.IncidentRow;
  const [quotes, codes, staff, events, dept] = await Promise.all([
    incidentRepo.quotesOf(db, incidentId),
    incidentRepo.codesOf(db, [incidentId]),
    incidentRepo.staffOf(db, [incidentId]),
    incidentRepo.eventsOf(db, incidentId),
    db.selectFrom("departments").select("name_ja").where("id", "=", inc.department_id).executeTakeFirstOrThrow(),
  ]);
  const cp = inc.counterpart_id ? await counterpartRepo.findCounterpart(db, inc.counterpart_id) : undefined;
  const title = `事案記録 ${inc.number}`;
  const { doc, finish } = newDocument({ title, author: organisation, subject: "警察・弁護士への提供用" });
  doc.font("bold").fontSize(16).text(title);
  doc.font("regular").fontSize(9).fillColor("#333333").text(`${organisation}  作成: ${jst(new Date())}`);
  doc.fillColor("#111111");
  heading(doc, "記録");
  const police = inc.police as { contacted?: boolean; station?: string };
  table(
    doc,
    ["項目", "内容"],
    [
      ["所属", dept.name_ja],
      ["受付方法", CHANNEL_LABELS[inc.channel as keyof typeof CHANNEL_LABELS]?.ja ?? inc.channel],
      ["開始", jst(inc.started_at)],
      ["終了", jst(inc.ended_at)],
      ["場所", inc.place ?? "—"],
      ["状態", STATUS_LABELS[inc.status as keyof typeof STATUS_LABELS]?.ja ?? inc.status],
      ["判断", inc.outcome === "harassment" ? "カスハラと判断" : inc.outcome === "not_harassment" ? "カスハラに当たらない" : inc.outcome === "pending" ? "判断保留" : "未判断"],
      ["警察対応", police?.contacted ? `あり${police.station ? `(${police.station})` : ""}` : "なし"],
      ["相手方", cp ? [cp.name, cp.phone, cp.email].filter(Boolean).join(" / ") || "氏名等不明" : "記録なし"],
      ["対応職員", staff.map((s) => s.display_name).join("、") || "—"],
      ["行為", codes.map((c) => (isBehaviourCode(c.code) ? BEHAVIOUR_CODES[c.code].ja : c.code)).join("、") || "—"],
    ],
    [110, 385],
  );
  const para = (label: string, text: string) => {
    if (!text.trim()) return;
    heading(doc, label);
    doc.font("regular").fontSize(10).text(text, MARGIN, doc.y, { width: 495 });
  };
  para("概要", inc.summary);
  para("経過", inc.narrative);
  para("要求の内容", inc.demand);
  para("職員の回答", inc.answers_given);
  if (quotes.length > 0) {
    heading(doc, "発言・行為(記録のとおり)");
    for (const q of quotes) doc.font("regular").fontSize(10).text(`${q.is_act ? "[行為]" : "「"}${q.text}${q.is_act ? "" : "」"}${q.at ? ` (${jst(q.at)})` : ""}`, MARGIN, doc.y, { width: 495 });
  }
  heading(doc, "経過記録(タイムライン)");
  table(
    doc,
    ["#", "日時", "内容", "担当"],
    events.map((e) => [e.seq, jst(e.at), `${EVENT_LABELS[e.kind] ?? e.kind}${e.to_status ? `: ${STATUS_LABELS[e.to_status as keyof typeof STATUS_LABELS]?.ja ?? e.to_status}` : ""}${e.reason ? `(${e.reason})` : ""}`, e.display_name ?? "—"]),
    [30, 150, 215, 100],
  );
  return { pdf: await finish(), number: inc.number };
}
