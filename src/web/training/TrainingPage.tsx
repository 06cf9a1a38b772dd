import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import type { ModuleSummary } from "./types.ts";

/** My modules with due dates and results. */
export function TrainingPage() {
  const { t } = useTranslation();
  const { hasRole } = useSession();
  const list = useQuery({ queryKey: ["training", "modules"], queryFn: () => api<{ modules: ModuleSummary[] }>("GET", "/training/modules") });
  return (
    <Page
      title={t("training.title")}
      intro={t("training.intro")}
      actions={
        hasRole("central") ? (
          <Link className="btn btn-secondary" to="/training/admin">
            {t("training.navAdmin")}
          </Link>
        ) : null
      }
    >
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <table className="table">
          <caption className="visually-hidden">{t("training.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("training.module")}</th>
              <th scope="col">{t("training.due")}</th>
              <th scope="col">{t("training.status")}</th>
              <th scope="col">{t("training.best")}</th>
              <th scope="col">{t("training.attempts")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.modules.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <Link to={`/training/${m.id}`}>{m.title}</Link>
                </th>
                <td>{m.dueOn ?? t("training.noDue")}</td>
                <td>
                  {!m.status ? (
                    <span className="badge badge-muted">{t("training.notAssigned")}</span>
                  ) : m.status.passed ? (
                    <span className="badge badge-ok">{t("training.passed")}</span>
                  ) : (
                    <>
                      <span className="badge">{m.status.attempts ? t("training.notPassed") : t("training.notStarted")}</span>
                      {m.status.overdue ? <span className="badge badge-error">{t("training.overdue")}</span> : null}
                    </>
                  )}
                </td>
                <td>{m.status?.bestPoints != null ? `${m.status.bestPoints} / ${m.status.maxPoints}` : "—"}</td>
                <td>{m.status?.attempts ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
