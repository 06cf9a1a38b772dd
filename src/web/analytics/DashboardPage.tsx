import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api.ts";
import { SelectField } from "../ui/Field.tsx";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { ChartCard } from "./ChartCard.tsx";
import { ExportPanel } from "./ExportPanel.tsx";

type Label = { ja: string; en: string };
const GRID = { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(20rem, 1fr))", gap: "1rem", alignItems: "start" } as const;
interface Counted {
  key: string;
  label: Label;
  count: number;
}
interface Ranked {
  departmentId: string;
  label: Label;
  count: number;
  hours: number;
  rank: number;
}
export interface DashboardData {
  period: { fiscalYear: number; label: Label; wareki: string; seireki: string };
  totals: { received: number; harassment: number; policeContacted: number; staffHours: number };
  byMonth: { key: string; label: Label; received: number; harassment: number }[];
  byGroup: Counted[];
  byCode: Counted[];
  byChannel: Counted[];
  byCounterpartType: Counted[];
  byOutcome: Counted[];
  police: Counted[];
  repeatCounterparts: { key: string; label: Label; counterparts: number; incidents: number }[];
  departments: { byCount: Ranked[]; byHours: Ranked[] };
  choices: { fiscalYears: { fiscalYear: number; label: { ja: string; en: string } }[]; departments: { id: string; label: Label }[] };
  measures: {
    consultations: null | { byCategory: { total: { display: string }; cells: { key: string; label: Label | null; display: string }[] } };
    acknowledgement: null | { version: number; staffCount: number; acknowledged: number; rate: number | null };
    training: null | { id: string; title: string; staffCount: number; completed: number; rate: number | null }[];
  };
}

/** Central (organisation-wide) and supervisors (their departments): figures, charts with tables, rankings, measures and exports. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const pick = (l: Label) => (en ? l.en : l.ja);
  const [draft, setDraft] = useState<{ fiscalYear: string; departmentId: string }>({ fiscalYear: "", departmentId: "" });
  const [filters, setFilters] = useState(draft);
  const data = useQuery({
    queryKey: ["analytics", filters],
    queryFn: () => api<DashboardData>("GET", `/analytics/dashboard${query(filters)}`),
    placeholderData: (prev) => prev,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const d = data.data;
  const counted = (list: Counted[]) => list.map((c) => ({ label: pick(c.label), values: [c.count] }));
  const one = [{ name: t("analytics.count"), color: "#1d4f91" }];
  const fy = d?.period.fiscalYear ?? "";
  return (
    <Page title={t("analytics.title")} intro={t("analytics.intro")}>
      <form className="card filters" onSubmit={submit} aria-label={t("analytics.title")}>
        <SelectField label={t("analytics.fiscalYear")} value={draft.fiscalYear || String(fy)} onChange={(e) => setDraft({ ...draft, fiscalYear: e.target.value })}>
          {(d?.choices.fiscalYears ?? []).map((y) => (
            <option key={y.fiscalYear} value={y.fiscalYear}>
              {en ? y.label.en : y.label.ja}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("analytics.department")} value={draft.departmentId} onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })}>
          <option value="">{t("analytics.allDepartments")}</option>
          {(d?.choices.departments ?? []).map((x) => (
            <option key={x.id} value={x.id}>
              {pick(x.label)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary">
          {t("analytics.show")}
        </Button>
      </form>
      {data.error ? <ErrorAlert error={data.error} /> : null}
      {!d ? (
        data.isLoading ? <Loading /> : null
      ) : (
        <>
          <h2>{pick(d.period.label)}</h2>
          <section className="card" aria-labelledby="analytics-totals">
            <h3 id="analytics-totals">{t("analytics.totals.title")}</h3>
            <dl className="totals">
              <dt>{t("analytics.totals.received")}</dt>
              <dd data-testid="total-received">{d.totals.received}</dd>
              <dt>{t("analytics.totals.harassment")}</dt>
              <dd data-testid="total-harassment">{d.totals.harassment}</dd>
              <dt>{t("analytics.totals.police")}</dt>
              <dd>{d.totals.policeContacted}</dd>
              <dt>{t("analytics.totals.staffHours")}</dt>
              <dd>{t("analytics.totals.hoursUnit", { hours: d.totals.staffHours })}</dd>
            </dl>
          </section>
          <ChartCard
            title={t("analytics.charts.byMonth")}
            firstColumn={t("analytics.exports.month")}
            series={[
              { name: t("analytics.charts.received"), color: "#1d4f91" },
              { name: t("analytics.charts.harassment"), color: "#c0392b" },
            ]}
            rows={d.byMonth.map((m) => ({ label: pick(m.label), values: [m.received, m.harassment] }))}
            csvName={`by-month-${fy}.csv`}
          />
          <section aria-labelledby="analytics-rankings">
            <h2 id="analytics-rankings">{t("analytics.charts.rankingsTitle")}</h2>
            <p>{t("analytics.charts.rankingsIntro")}</p>
            <div className="ranking-pair" style={GRID}>
              <ChartCard horizontal title={t("analytics.charts.rankingCount")} firstColumn={t("analytics.department")} series={one} rows={d.departments.byCount.map((r) => ({ label: `${r.rank}. ${pick(r.label)}`, values: [r.count] }))} csvName={`ranking-count-${fy}.csv`} />
              <ChartCard
                horizontal
                title={t("analytics.charts.rankingHours")}
                firstColumn={t("analytics.department")}
                series={[{ name: t("analytics.hours"), color: "#a0521b" }]}
                rows={d.departments.byHours.map((r) => ({ label: `${r.rank}. ${pick(r.label)}`, values: [r.hours] }))}
                csvName={`ranking-hours-${fy}.csv`}
              />
            </div>
          </section>
          <div className="chart-grid" style={GRID}>
            <ChartCard title={t("analytics.charts.byGroup")} series={one} rows={counted(d.byGroup)} horizontal csvName={`by-group-${fy}.csv`} />
            <ChartCard title={t("analytics.charts.byCode")} series={one} rows={counted(d.byCode)} horizontal csvName={`by-code-${fy}.csv`} />
            <ChartCard title={t("analytics.charts.byChannel")} series={one} rows={counted(d.byChannel)} csvName={`by-channel-${fy}.csv`} />
            <ChartCard title={t("analytics.charts.byOutcome")} series={one} rows={counted(d.byOutcome)} csvName={`by-outcome-${fy}.csv`} />
            <ChartCard title={t("analytics.charts.byCounterpartType")} series={one} rows={counted(d.byCounterpartType)} csvName={`by-counterpart-type-${fy}.csv`} />
            <ChartCard title={t("analytics.charts.police")} series={one} rows={counted(d.police)} csvName={`police-${fy}.csv`} />
            <ChartCard
              title={t("analytics.charts.repeat")}
              series={[{ name: t("analytics.charts.repeatCounterparts"), color: "#1d4f91" }]}
              rows={d.repeatCounterparts.map((r) => ({ label: pick(r.label), values: [r.counterparts] }))}
              csvName={`repeat-counterparts-${fy}.csv`}
            />
          </div>
          <section className="card" aria-labelledby="analytics-measures">
            <h2 id="analytics-measures">{t("analytics.measures.title")}</h2>
            <h3>{t("analytics.measures.consultations")}</h3>
            {d.measures.consultations ? (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("analytics.measures.category")}</th>
                    <th scope="col">{t("analytics.count")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.measures.consultations.byCategory.cells.map((c) => (
                    <tr key={c.key}>
                      <th scope="row">{c.label ? pick(c.label) : c.key}</th>
                      <td className="num">{c.display}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t("analytics.measures.consultationsHidden")}</p>
            )}
            {d.measures.acknowledgement ? (
              <>
                <h3>{t("analytics.measures.acknowledgement", { version: d.measures.acknowledgement.version })}</h3>
                <p data-testid="acknowledgement-rate">{t("analytics.measures.acknowledged", { ...d.measures.acknowledgement, rate: d.measures.acknowledgement.rate ?? "—" })}</p>
              </>
            ) : null}
            {d.measures.training ? (
              <table className="table">
                <caption>{t("analytics.measures.training")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("analytics.measures.module")}</th>
                    <th scope="col">{t("analytics.measures.completion")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.measures.training.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">{m.title}</th>
                      <td>{t("analytics.measures.completionValue", { ...m, rate: m.rate ?? "—" })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {!d.measures.acknowledgement && !d.measures.training ? <p className="muted">{t("analytics.measures.centralOnly")}</p> : null}
          </section>
          <ExportPanel fiscalYear={d.period.fiscalYear} departmentId={filters.departmentId} />
        </>
      )}
    </Page>
  );
}
