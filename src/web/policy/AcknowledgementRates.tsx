import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import type { Rate } from "./types.ts";

const pct = (r: number | null) => (r === null ? "—" : `${r}%`);

/** Acknowledgement of the current version by department, with reminders (central). */
export function AcknowledgementRates() {
  const { t, i18n } = useTranslation();
  const rates = useQuery({ queryKey: ["policy", "rates"], queryFn: () => api<{ version: number; total: Rate; departments: Rate[] }>("GET", "/policy/acknowledgement-rates") });
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const remind = async (departmentId: string | null) => {
    setError(null);
    try {
      const r = await api<{ recipients: number }>("POST", "/policy/reminders", { departmentId });
      setStatus(t("policy.reminded", { count: r.recipients }));
    } catch (err) {
      setError(err);
    }
  };
  const name = (d: Rate) => (i18n.language === "en" ? d.nameEn : d.nameJa) ?? t("policy.noDepartment");
  const data = rates.data;
  return (
    <section aria-labelledby="policy-rates">
      <h2 id="policy-rates">{t("policy.rates")}</h2>
      <StatusMessage message={status} />
      <ErrorAlert error={rates.error ?? error} />
      {data ? (
        <table className="table">
          <caption>{t("policy.ratesCaption", { version: data.version })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("policy.department")}</th>
              <th scope="col">{t("policy.staffCount")}</th>
              <th scope="col">{t("policy.acknowledgedCount")}</th>
              <th scope="col">{t("policy.rate")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("policy.remind")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.departments.map((d) => (
              <tr key={d.departmentId ?? "none"} data-department={d.departmentId ?? ""}>
                <th scope="row">{name(d)}</th>
                <td>{d.staffCount}</td>
                <td>{d.acknowledged}</td>
                <td className="rate">{pct(d.rate)}</td>
                <td>
                  {d.acknowledged < d.staffCount && d.departmentId ? (
                    <Button className="btn-small" onClick={() => void remind(d.departmentId)} aria-label={`${t("policy.remind")}: ${name(d)}`}>
                      {t("policy.remind")}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("policy.total")}</th>
              <td>{data.total.staffCount}</td>
              <td>{data.total.acknowledged}</td>
              <td>{pct(data.total.rate)}</td>
              <td>
                <Button className="btn-small" onClick={() => void remind(null)}>
                  {t("policy.remindAll")}
                </Button>
              </td>
            </tr>
          </tfoot>
        </table>
      ) : null}
    </section>
  );
}
