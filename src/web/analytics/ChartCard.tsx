import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from "chart.js";
import { useId } from "react";
import { Bar } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { Button } from "../ui/Button.tsx";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

export interface Series {
  name: string;
  color: string;
}
export interface ChartRow {
  label: string;
  values: number[];
}

const COLORS = ["#1d4f91", "#c0392b", "#2e7d32", "#6a1b9a"];

/** Builds a CSV (UTF-8 with BOM, for Excel) of a chart's table and downloads it. */
export function downloadCsv(filename: string, header: string[], rows: (string | number)[][]) {
  const esc = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = `\uFEFF${[header, ...rows].map((r) => r.map(esc).join(",")).join("\r\n")}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * One chart (Chart.js) with its accessible alternative: the same numbers as a data table, and a
 * CSV download. An empty period shows an empty chart frame that says so.
 */
export function ChartCard({ title, series, rows, horizontal, csvName, firstColumn }: { title: string; series: Series[]; rows: ChartRow[]; horizontal?: boolean; csvName: string; firstColumn?: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const tableId = useId();
  const empty = rows.every((r) => r.values.every((v) => v === 0));
  const header = [firstColumn ?? "", ...series.map((s) => s.name)];
  const height = horizontal ? Math.max(160, rows.length * 26 + 40) : 240;
  return (
    <section className="card chart-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {empty ? (
        <div className="chart-empty" role="note">
          {t("analytics.empty")}
        </div>
      ) : (
        <div style={{ position: "relative", height }}>
          <Bar
            role="img"
            aria-label={title}
            aria-describedby={tableId}
            data={{ labels: rows.map((r) => r.label), datasets: series.map((s, i) => ({ label: s.name, data: rows.map((r) => r.values[i] ?? 0), backgroundColor: s.color || COLORS[i % COLORS.length] })) }}
            options={{ indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: series.length > 1 } }, scales: { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } } }}
          />
        </div>
      )}
      <details>
        <summary>{t("analytics.table")}</summary>
        <table className="table" id={tableId}>
          <caption>{title}</caption>
          <thead>
            <tr>
              {header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.values.map((v, i) => (
                  <td key={series[i]?.name ?? i} className="num">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <Button
        variant="link"
        onClick={() =>
          downloadCsv(
            csvName,
            header,
            rows.map((r) => [r.label, ...r.values]),
          )
        }
      >
        {t("analytics.downloadCsv")}
      </Button>
    </section>
  );
}
