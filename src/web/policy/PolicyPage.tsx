import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { Sanitised } from "./Sanitised.tsx";
import { ACK_KEY, type PolicyCurrent, type PolicyVersionSummary } from "./types.ts";

/** The current policy for everyone, the acknowledgement button and the version history. */
export function PolicyPage() {
  const { t, i18n } = useTranslation();
  const { hasRole } = useSession();
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ["policy", "current"], queryFn: () => api<PolicyCurrent>("GET", "/policy/current") });
  const versions = useQuery({ queryKey: ["policy", "versions"], queryFn: () => api<{ versions: PolicyVersionSummary[] }>("GET", "/policy/versions") });
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const c = current.data;

  const acknowledge = async () => {
    if (!c) return;
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/policy/versions/${c.version}/acknowledge`);
      setStatus(t("policy.acknowledged", { version: c.version }));
      await qc.invalidateQueries({ queryKey: ["policy"] });
      await qc.invalidateQueries({ queryKey: ACK_KEY });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={t("policy.title")}
      intro={t("policy.intro")}
      actions={
        hasRole("central") ? (
          <Link className="btn btn-secondary" to="/policy/edit">
            {t("policy.navEdit")}
          </Link>
        ) : null
      }
    >
      <StatusMessage message={status} />
      <ErrorAlert error={current.error ?? error} />
      {current.isLoading ? <Loading /> : null}
      {c ? (
        <>
          <p className="badge-row">
            <span className="badge">{t("policy.version", { version: c.version })}</span>
            <span className="muted">
              {t("policy.publishedAt")}: {formatDateTime(c.publishedAt, i18n.language)}
            </span>
            {c.acknowledgedAt ? <span className="badge badge-ok">{t("policy.acknowledgedAt", { at: formatDateTime(c.acknowledgedAt, i18n.language) })}</span> : null}
          </p>
          <article className="card policy-document">
            {c.sections.map((s) => (
              <section key={s.id} aria-labelledby={`policy-${s.id}`}>
                <h2 id={`policy-${s.id}`}>{s.title}</h2>
                <Sanitised html={s.html} />
              </section>
            ))}
          </article>
          {!c.acknowledgedAt ? (
            <p className="form-actions">
              <Button variant="primary" className="btn-large" onClick={() => void acknowledge()} busy={busy}>
                {t("policy.acknowledge")}
              </Button>
            </p>
          ) : null}
        </>
      ) : null}
      <h2>{t("policy.history")}</h2>
      <ErrorAlert error={versions.error} />
      {versions.data ? (
        <table className="table">
          <caption>{t("policy.historyCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("policy.version", { version: "" }).trim()}</th>
              <th scope="col">{t("policy.publishedAt")}</th>
              <th scope="col">{t("policy.note")}</th>
              <th scope="col">{t("policy.publishedBy")}</th>
            </tr>
          </thead>
          <tbody>
            {versions.data.versions.map((v) => (
              <tr key={v.version}>
                <th scope="row">
                  <Link to={`/policy/versions/${v.version}`}>{t("policy.version", { version: v.version })}</Link>
                </th>
                <td>{formatDateTime(v.publishedAt, i18n.language)}</td>
                <td>{v.note}</td>
                <td>{v.publishedBy ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
