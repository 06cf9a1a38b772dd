import type { Executor, RequestContext } from "../platform/context.ts";
import * as audit from "../audit/service.ts";
import { organisationOf } from "../letters/organisation.ts";
import { barChart, heading, newDocument, table } from "./pdf.ts";
import { type PeriodQuery, computeDashboard, resolveScope } from "./service.ts";

/**
 * The monthly and annual reports as PDF (Japanese): headline figures, the month chart
 * (received vs judged harassment), behaviour, channel, outcome and police tables, and the two
 * department rankings (count, staff-hours) side by side. Fiscal year in 和暦 and 西暦.
 */
export async function report(db: Executor, ctx: RequestContext, kind: "annual" | "monthly", q: PeriodQuery) {
  const resolved = await resolveScope(db, ctx, kind === "monthly" ? q : { fiscalYear: q.fiscalYear, departmentId: q.departmentId }, "report");
  const d = await computeDashboard(db, resolved);
  const org = await organisationOf(db);
  const title = kind === "annual" ? `カスタマーハラスメント対応状況 年次報告 ${d.period.wareki}(${d.period.seireki})` : `カスタマーハラスメント対応状況 月次報告 ${d.period.label.ja}`;
  const { doc, finish } = newDocument({ title, author: org.name, subject: "カスタマーハラスメント対策" });
  doc.font("bold").fontSize(16).text(title);
  doc.moveDown(0.3).font("regular").fontSize(10).fillColor("#333333");
  doc.text(`${org.name}${d.department ? ` ${d.department.label.ja}` : ""}`);
  const made = new Date(Date.now() + 9 * 3600_000);
  doc.text(`対象期間: ${d.period.label.ja}  作成: ${made.toISOString().slice(0, 10)}`);
  doc.fillColor("#111111");
  heading(doc, "概況");
  table(doc, ["項目", "件数・時間"], [
    ["申出・記録された事案(受付件数)", d.totals.received],
    ["うちカスハラと判断した事案", d.totals.harassment],
    ["警察に通報・相談した事案", d.totals.policeContacted],
    ["対応に要した職員時間(時間)", d.totals.staffHours],
  ], [330, 165]);
  const empty = d.totals.received === 0 ? "この期間に記録された事案はありません" : "該当なし";
  if (kind === "annual") {
    heading(doc, "月別の件数(受付件数とカスハラと判断した件数)");
    barChart(doc, {
      labels: d.byMonth.map((m) => `${Number(m.key.slice(5))}月`),
      series: [
        { name: "受付件数", color: "#1d4f91", values: d.byMonth.map((m) => m.received) },
        { name: "カスハラと判断", color: "#c0392b", values: d.byMonth.map((m) => m.harassment) },
      ],
      emptyText: empty,
    });
    table(doc, ["月", "受付件数", "カスハラと判断"], d.byMonth.map((m) => [m.label.ja, m.received, m.harassment]), [215, 140, 140]);
  }
  heading(doc, "行為類型別");
  barChart(doc, { labels: d.byGroup.map((g) => `類型${g.key}`), series: [{ name: "件数", color: "#1d4f91", values: d.byGroup.map((g) => g.count) }], height: 110, emptyText: empty });
  table(doc, ["行為類型", "件数"], d.byGroup.map((g) => [`${g.key}. ${g.label.ja}`, g.count]), [380, 115]);
  heading(doc, "受付方法別");
  table(doc, ["受付方法", "件数"], d.byChannel.map((c) => [c.label.ja, c.count]), [380, 115]);
  heading(doc, "判断の結果");
  table(doc, ["判断", "件数"], d.byOutcome.map((c) => [c.label.ja, c.count]), [380, 115]);
  heading(doc, "相手方の区分・警察対応");
  table(doc, ["区分", "件数"], [...d.byCounterpartType.map((c) => [c.label.ja, c.count] as [string, number]), ...d.police.map((c) => [c.label.ja, c.count] as [string, number])], [380, 115]);
  heading(doc, "所属別の順位(件数と職員時間)");
  const n = Math.max(d.departments.byCount.length, d.departments.byHours.length);
  if (n === 0) doc.fontSize(10).text(empty);
  else
    table(
      doc,
      ["順位", "件数の多い所属", "件数", "職員時間の多い所属", "時間"],
      Array.from({ length: n }, (_, i) => {
        const c = d.departments.byCount[i];
        const h = d.departments.byHours[i];
        return [c ? c.rank : "", c?.label.ja ?? "", c ? c.count : "", h?.label.ja ?? "", h ? h.hours : ""];
      }),
      [40, 160, 50, 185, 60],
    );
  doc.moveDown(0.5).fontSize(8).fillColor("#555555").text("職員時間 = 対応時間 × その事案に対応した職員の人数(1人以上)。受付件数は記録されたすべての事案で、カスハラと判断したものとは別に数えています。");
  const pdf = await finish();
  await audit.record(db, ctx, { action: "analytics.report", resourceType: "analytics", details: { kind, fiscalYear: d.period.fiscalYear, month: d.period.month, departmentId: q.departmentId ?? null } });
  return { pdf, filename: kind === "annual" ? `mamoru-annual-${d.period.fiscalYear}.pdf` : `mamoru-monthly-${d.period.month}.pdf` };
}
