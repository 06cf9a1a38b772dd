import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";

interface Table {
  total: { count: number | null; display: string };
  cells: Array<{ key: string; display: string; suppressed: "small" | "complementary" | null }>;
}
interface Stats {
  threshold: number;
  byCategory: Table;
  byStatus: Table;
  byKind: Table;
  careFlags: Table;
}

/** Counts only; the server has already replaced small counts by "<5" (and differencing risks by "*"). */
export function DeskStatisticsPage() {
  const { t } = useTranslation();
  const stats = useQuery({ queryKey: ["consultation-statistics"], queryFn: () => api<Stats>("GET", "/consultation-statistics") });
  const d = stats.data;
  return (
    <Page title={t("consultations.statsTitle")} intro={t("consultations.statsIntro")}>
      <ErrorAlert error={stats.error} />
      {stats.isPending ? <Loading /> : null}
      {d ? (
        <div className="card-grid">
          <StatsTable title={t("consultations.statsByCategory")} table={d.byCategory} label={(k) => t(`consultations.categories.${k}`)} showTotal />
          <StatsTable title={t("consultations.statsByStatus")} table={d.byStatus} label={(k) => t(`consultations.statuses.${k}`)} showTotal />
          <StatsTable
            title={t("consultations.statsByKind")}
            table={d.byKind}
            label={(k) => (k === "true" ? t("consultations.kinds.anonymous") : t("consultations.kinds.named"))}
            showTotal
          />
          <StatsTable title={t("consultations.statsCareFlags")} table={d.careFlags} label={(k) => t(`consultations.careFlags.${k}`)} />
        </div>
      ) : null}
    </Page>
  );
}

function StatsTable({ title, table, label, showTotal }: { title: string; table: Table; label: (key: string) => string; showTotal?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <table className="table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("consultations.statsItem")}</th>
            <th scope="col">{t("consultations.statsCount")}</th>
          </tr>
        </thead>
        <tbody>
          {table.cells.map((c) => (
            <tr key={c.key}>
              <th scope="row">{label(c.key)}</th>
              <td data-testid={`stat-${c.key}`}>{c.display}</td>
            </tr>
          ))}
          {showTotal ? (
            <tr>
              <th scope="row">{t("consultations.statsTotal")}</th>
              <td>{table.total.display}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
