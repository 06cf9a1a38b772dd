import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AuditRow, api, query } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { SelectField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";

const RESOURCE_TYPES = ["session", "user", "department", "api_token", "audit", "route"] as const;
const OUTCOMES = ["success", "denied", "failure"] as const;
const PAGE = 50;

interface Filters {
  from: string;
  to: string;
  actor: string;
  action: string;
  resourceType: string;
  outcome: string;
}
const EMPTY: Filters = { from: "", to: "", actor: "", action: "", resourceType: "", outcome: "" };

/** Dates are days in Japan time: "to" includes the whole day (the API's `to` is exclusive). */
function apiFilters(f: Filters) {
  const nextDay = (d: string) => {
    const date = new Date(`${d}T00:00:00+09:00`);
    date.setUTCDate(date.getUTCDate() + 1);
    return date.toISOString();
  };
  return {
    from: f.from ? new Date(`${f.from}T00:00:00+09:00`).toISOString() : undefined,
    to: f.to ? nextDay(f.to) : undefined,
    actor: f.actor.trim(),
    action: f.action.trim(),
    resourceType: f.resourceType,
    outcome: f.outcome,
  };
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  // The cursors of the pages before this one ("" = the newest page).
  const [cursors, setCursors] = useState<string[]>([""]);
  const cursor = cursors[cursors.length - 1] ?? "";

  const rows = useQuery({
    queryKey: ["audit", filters, cursor],
    queryFn: () => api<{ rows: AuditRow[]; nextBeforeSeq: string | null }>("GET", `/audit${query({ ...apiFilters(filters), beforeSeq: cursor, limit: PAGE })}`),
    // Keep the table while paging, but never show old results under new filters.
    placeholderData: (previous, previousQuery) => (previousQuery && previousQuery.queryKey[1] === filters ? previous : undefined),
  });
  const verify = useMutation({ mutationFn: () => api<{ ok: boolean; rows: number; message: string }>("GET", "/audit/verify") });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setCursors([""]);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilters(EMPTY);
    setCursors([""]);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const csvHref = `/api/audit/export.csv${query(apiFilters(filters))}`;
  const data = rows.data;

  return (
    <Page title={t("audit.title")} intro={t("audit.intro")}>
      <form className="card filters" onSubmit={submit} aria-labelledby="audit-filters">
        <h2 id="audit-filters" className="h-small">
          {t("audit.filters")}
        </h2>
        <div className="filter-grid">
          <TextField label={t("audit.from")} type="date" value={draft.from} onChange={set("from")} />
          <TextField label={t("audit.to")} type="date" value={draft.to} min={draft.from || undefined} onChange={set("to")} />
          <TextField label={t("audit.actor")} autoCapitalize="none" spellCheck={false} value={draft.actor} onChange={set("actor")} />
          <TextField
            label={t("audit.action")}
            hint={t("audit.actionHint")}
            autoCapitalize="none"
            spellCheck={false}
            value={draft.action}
            onChange={set("action")}
          />
          <SelectField label={t("audit.resourceType")} value={draft.resourceType} onChange={set("resourceType")}>
            <option value="">{t("audit.all")}</option>
            {RESOURCE_TYPES.map((r) => (
              <option key={r} value={r}>
                {t(`audit.resourceTypes.${r}`)} ({r})
              </option>
            ))}
          </SelectField>
          <SelectField label={t("audit.outcome")} value={draft.outcome} onChange={set("outcome")}>
            <option value="">{t("audit.all")}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`audit.outcomes.${o}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary">
            {t("audit.search")}
          </Button>
          <Button onClick={clear}>{t("audit.clear")}</Button>
        </div>
      </form>

      <div className="toolbar">
        <a className="btn btn-secondary" href={csvHref} download>
          {t("audit.download")}
        </a>
        <Button busy={verify.isPending} onClick={() => verify.mutate()}>
          {verify.isPending ? t("audit.verifying") : t("audit.verify")}
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {verify.data ? <p className={`alert ${verify.data.ok ? "alert-success" : "alert-error"}`}>{verify.data.message}</p> : null}
      </div>
      <ErrorAlert error={verify.error} />

      <ErrorAlert error={rows.error} />
      {rows.isPending ? <Loading /> : null}
      {data && data.rows.length === 0 ? <p className="muted">{t("audit.none")}</p> : null}
      {data && data.rows.length > 0 ? (
        <>
          <p className="muted" aria-live="polite">
            {t("audit.shown", { count: data.rows.length })}
          </p>
          <table className="table audit-table">
            <caption>{t("audit.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.seq")}</th>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.resourceType")}</th>
                <th scope="col">{t("audit.outcome")}</th>
                <th scope="col">{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.seq}>
                  <td data-label={t("audit.seq")}>{r.seq}</td>
                  <td data-label={t("audit.at")} className="nowrap">
                    {formatDateTime(r.at, i18n.language)}
                  </td>
                  <td data-label={t("audit.actor")}>{r.actorUsername ?? t("audit.system")}</td>
                  <th scope="row" data-label={t("audit.action")}>
                    <code>{r.action}</code>
                  </th>
                  <td data-label={t("audit.resourceType")}>
                    {RESOURCE_TYPES.includes(r.resourceType as (typeof RESOURCE_TYPES)[number]) ? t(`audit.resourceTypes.${r.resourceType}`) : r.resourceType}
                    {r.resourceId ? <span className="sub mono">{r.resourceId}</span> : null}
                  </td>
                  <td data-label={t("audit.outcome")}>
                    <span className={`badge ${r.outcome === "success" ? "badge-ok" : r.outcome === "denied" ? "badge-warn" : "badge-error"}`}>
                      {OUTCOMES.includes(r.outcome as (typeof OUTCOMES)[number]) ? t(`audit.outcomes.${r.outcome}`) : r.outcome}
                    </span>
                  </td>
                  <td data-label={t("audit.details")} className="details-cell">
                    {Object.keys(r.details).length > 0 ? <code className="mono small">{JSON.stringify(r.details)}</code> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursors.length > 1 || data.nextBeforeSeq ? (
            <nav className="pager" aria-label={t("audit.pagination")}>
              {cursors.length > 1 ? (
                <>
                  <Button onClick={() => setCursors([""])}>{t("audit.first")}</Button>
                  <Button onClick={() => setCursors(cursors.slice(0, -1))}>{t("audit.newer")}</Button>
                </>
              ) : null}
              <Button disabled={!data.nextBeforeSeq} onClick={() => data.nextBeforeSeq && setCursors([...cursors, data.nextBeforeSeq])}>
                {t("audit.older")}
              </Button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
