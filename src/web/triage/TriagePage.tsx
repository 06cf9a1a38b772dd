import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, query } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { SelectField } from "../ui/Field.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { ImportForm } from "./ImportForm.tsx";
import { FLAGS, type Flag, type TriageSummary, flagBadge } from "./types.ts";
import "./triage.css";

const PAGE = 20;

/** Import written contacts and see them sorted urgent first, with flags, groups and repeats. */
export function TriagePage() {
  const { t, i18n } = useTranslation();
  const [flag, setFlag] = useState<Flag | "">("");
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ["triage", "messages", flag, offset],
    queryFn: () => api<{ total: number; messages: TriageSummary[] }>("GET", `/triage/messages${query({ flag, limit: PAGE, offset })}`),
  });
  const data = list.data;
  return (
    <Page
      title={t("triage.title")}
      intro={t("triage.intro")}
      actions={
        <Link className="btn btn-secondary" to="/triage/lexicon">
          {t("triage.lexiconLink")}
        </Link>
      }
    >
      <ImportForm />
      <section aria-labelledby="triage-list-title">
        <h2 id="triage-list-title">{t("triage.listTitle")}</h2>
        <SelectField
          label={t("triage.filterFlag")}
          value={flag}
          onChange={(e) => {
            setFlag(e.target.value as Flag | "");
            setOffset(0);
          }}
        >
          <option value="">{t("triage.all")}</option>
          {FLAGS.map((f) => (
            <option key={f} value={f}>
              {t(`triage.flags.${f}`)}
            </option>
          ))}
        </SelectField>
        <ErrorAlert error={list.error} />
        {list.isPending ? <Loading /> : null}
        {data && data.messages.length === 0 ? (
          <p className="muted" role="status">
            {t("triage.none")}
          </p>
        ) : null}
        {data && data.messages.length > 0 ? (
          <>
            <p className="muted" role="status">
              {t("triage.count", { total: data.total, from: offset + 1, to: offset + data.messages.length })}
            </p>
            <table className="table">
              <caption>{t("triage.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("triage.col.flag")}</th>
                  <th scope="col">{t("triage.col.subject")}</th>
                  <th scope="col">{t("triage.col.groups")}</th>
                  <th scope="col">{t("triage.col.sender")}</th>
                  <th scope="col">{t("triage.col.received")}</th>
                  <th scope="col">{t("triage.col.thread")}</th>
                </tr>
              </thead>
              <tbody>
                {data.messages.map((m) => (
                  <tr key={m.id}>
                    <td data-label={t("triage.col.flag")}>
                      <span className={flagBadge(m.flag)}>{t(`triage.flags.${m.flag}`)}</span>
                      {m.overridden ? <span className="badge badge-muted">{t("triage.overridden")}</span> : null}
                    </td>
                    <th scope="row" data-label={t("triage.col.subject")} className="summary-cell">
                      <Link to={`/triage/${m.id}`}>{m.subject || m.excerpt || "—"}</Link>
                      {m.incidentId ? <span className="badge badge-ok">{t("triage.linked")}</span> : null}
                    </th>
                    <td data-label={t("triage.col.groups")}>{m.groups.length > 0 ? m.groups.map((g) => t(`incidents.groupLabels.${g}`)).join("、") : "—"}</td>
                    <td data-label={t("triage.col.sender")}>{m.sender ?? "—"}</td>
                    <td data-label={t("triage.col.received")}>{formatDateTime(m.receivedAt ?? m.importedAt, i18n.language)}</td>
                    <td data-label={t("triage.col.thread")}>{m.thread && m.thread.count >= 2 ? t("triage.repeatCount", { count: m.thread.count }) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.total > PAGE ? (
              <nav className="pager" aria-label={t("triage.pagination")}>
                <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                  {t("triage.previous")}
                </Button>
                <Button disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
                  {t("triage.next")}
                </Button>
              </nav>
            ) : null}
          </>
        ) : null}
      </section>
    </Page>
  );
}
