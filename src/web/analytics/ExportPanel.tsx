import { useState } from "react";
import { useTranslation } from "react-i18next";
import { query } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { CheckboxField, SelectField } from "../ui/Field.tsx";

const COLUMNS = ["number", "date", "department", "channel", "codes", "status", "outcome", "police", "minutes", "staff", "staff_hours", "counterpart_type", "summary"] as const;
const PERSONAL = ["counterpart_name", "counterpart_contact", "quotes"] as const;
const COLUMN_LABELS: Record<string, { ja: string; en: string }> = {
  number: { ja: "事案番号", en: "Number" },
  date: { ja: "発生日時", en: "Date and time" },
  department: { ja: "所属", en: "Department" },
  channel: { ja: "受付方法", en: "Channel" },
  codes: { ja: "行為類型", en: "Behaviour" },
  status: { ja: "状態", en: "Status" },
  outcome: { ja: "判断", en: "Judgement" },
  police: { ja: "警察対応", en: "Police" },
  minutes: { ja: "対応時間(分)", en: "Duration (minutes)" },
  staff: { ja: "対応職員数", en: "Staff" },
  staff_hours: { ja: "職員時間", en: "Staff-hours" },
  counterpart_type: { ja: "相手方の区分", en: "Counterpart type" },
  summary: { ja: "概要", en: "Summary" },
};

/** Downloads: the incident list (chosen columns; personal data only on request, central only) and the PDF reports. */
export function ExportPanel({ fiscalYear, departmentId }: { fiscalYear: number; departmentId: string }) {
  const { t, i18n } = useTranslation();
  const { hasRole } = useSession();
  const en = i18n.language === "en";
  const [columns, setColumns] = useState<string[]>(COLUMNS.filter((c) => c !== "summary"));
  const [personal, setPersonal] = useState(false);
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    return `${i < 9 ? fiscalYear : fiscalYear + 1}-${String(m).padStart(2, "0")}`;
  });
  const [month, setMonth] = useState(months[0] as string);
  const base = { fiscalYear, departmentId: departmentId || undefined };
  const cols = [...columns, ...(personal ? PERSONAL : [])].join(",");
  const exportQuery = query({ ...base, columns: cols, personal: personal ? "true" : undefined });
  return (
    <section className="card" aria-labelledby="analytics-exports">
      <h2 id="analytics-exports">{t("analytics.exports.title")}</h2>
      <p>{t("analytics.exports.intro")}</p>
      <fieldset>
        <legend>{t("analytics.exports.columns")}</legend>
        <div className="checkbox-grid">
          {COLUMNS.map((c) => (
            <CheckboxField
              key={c}
              label={en ? (COLUMN_LABELS[c]?.en ?? c) : (COLUMN_LABELS[c]?.ja ?? c)}
              checked={columns.includes(c)}
              onChange={(e) => setColumns(e.target.checked ? [...columns, c] : columns.filter((x) => x !== c))}
            />
          ))}
        </div>
      </fieldset>
      {hasRole("central") ? (
        <>
          <CheckboxField label={t("analytics.exports.personal")} checked={personal} onChange={(e) => setPersonal(e.target.checked)} />
          <p className="muted">{t("analytics.exports.personalHint")}</p>
        </>
      ) : null}
      <p className="actions">
        <a className="btn btn-secondary" href={`/api/analytics/incidents.csv${exportQuery}`} download>
          {t("analytics.exports.csv")}
        </a>{" "}
        <a className="btn btn-secondary" href={`/api/analytics/incidents.xlsx${exportQuery}`} download data-testid="export-xlsx">
          {t("analytics.exports.xlsx")}
        </a>{" "}
        <a className="btn btn-secondary" href={`/api/analytics/reports/annual.pdf${query(base)}`} download data-testid="report-annual">
          {t("analytics.exports.annual")}
        </a>
      </p>
      <div className="inline-form">
        <SelectField label={t("analytics.exports.month")} value={month} onChange={(e) => setMonth(e.target.value)}>
          {months.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </SelectField>
        <a className="btn btn-secondary" href={`/api/analytics/reports/monthly.pdf${query({ ...base, month })}`} download>
          {t("analytics.exports.monthly")}
        </a>
      </div>
    </section>
  );
}
