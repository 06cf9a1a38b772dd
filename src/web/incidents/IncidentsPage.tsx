import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { BEHAVIOUR_CODES, BEHAVIOUR_CODE_LIST } from "../../domain/incidents/codes.ts";
import { type IncidentSummary, api, query } from "../api.ts";
import { departmentName, departmentOptions, useDepartments } from "../accounts/departments.ts";
import { useSession } from "../auth/session.tsx";
import { SelectField, TextField } from "../ui/Field.tsx";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { CHANNELS, GROUPS, OUTCOME_FILTERS, STATUSES, outcomeBadge } from "./labels.ts";
import { IncidentNotifications } from "./Notifications.tsx";

const PAGE = 20;

interface Filters {
  from: string;
  to: string;
  channel: string;
  group: string;
  status: string;
  outcome: string;
  q: string;
  code: string;
  departmentId: string;
  counterpartId: string;
}
const EMPTY: Filters = { from: "", to: "", channel: "", group: "", status: "", outcome: "", q: "", code: "", departmentId: "", counterpartId: "" };

/** Dates are days in Japan time: "to" includes the whole day. */
function apiFilters(f: Filters) {
  const day = (d: string, plus: number) => {
    const date = new Date(`${d}T00:00:00+09:00`);
    date.setUTCDate(date.getUTCDate() + plus);
    return date.toISOString();
  };
  return {
    from: f.from ? day(f.from, 0) : undefined,
    to: f.to ? day(f.to, 1) : undefined,
    channel: f.channel,
    group: f.group,
    status: f.status,
    outcome: f.outcome,
    q: f.q.trim(),
    code: f.code,
    departmentId: f.departmentId,
    counterpartId: f.counterpartId,
  };
}

/** The incidents the user may see (the API decides), filtered and searched; judged harassment shown apart from complaints received. */
export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const { hasRole } = useSession();
  const departments = useDepartments();
  // A link such as "this counterpart's incidents" opens the list already filtered (?counterpartId=…).
  const [params] = useSearchParams();
  const [initial] = useState<Filters>(() => ({ ...EMPTY, counterpartId: params.get("counterpartId") ?? "" }));
  const [draft, setDraft] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const [offset, setOffset] = useState(0);

  const list = useQuery({
    queryKey: ["incidents", filters, offset],
    queryFn: () =>
      api<{ total: number; totalCapped?: boolean; incidents: IncidentSummary[] }>("GET", `/incidents${query({ ...apiFilters(filters), limit: PAGE, offset })}`),
    placeholderData: (previous, previousQuery) => (previousQuery && previousQuery.queryKey[1] === filters ? previous : undefined),
  });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilters(draft);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilters(EMPTY);
    setOffset(0);
  };

  const deptById = new Map((departments.data ?? []).map((d) => [d.id, d]));
  const data = list.data;
  return (
    <Page
      title={t("incidents.listTitle")}
      intro={t("incidents.listIntro")}
      actions={
        <>
          {hasRole("central") ? (
            <Link className="btn btn-secondary" to="/incidents/reporting">
              {t("incidentRecord.reportingLink")}
            </Link>
          ) : null}
          {hasRole("staff") || hasRole("supervisor") || hasRole("central") ? (
            <Link className="btn btn-primary" to="/incidents/new">
              {t("incidents.newLink")}
            </Link>
          ) : null}
        </>
      }
    >
      <IncidentNotifications />
      <form className="card filters" onSubmit={apply} aria-labelledby="incident-filters">
        <h2 id="incident-filters" className="h-small">
          {t("incidents.filters")}
        </h2>
        <TextField
          label={t("incidents.search")}
          hint={t("incidents.searchHint")}
          type="search"
          maxLength={200}
          value={draft.q}
          onChange={(e) => setDraft({ ...draft, q: e.target.value })}
        />
        <div className="filter-grid filter-grid-spaced">
          <TextField label={t("incidents.from")} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <TextField label={t("incidents.to")} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <SelectField label={t("incidents.channel")} value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.target.value })}>
            <option value="">{t("incidents.all")}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`incidents.channels.${c}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("incidents.group")} value={draft.group} onChange={(e) => setDraft({ ...draft, group: e.target.value })}>
            <option value="">{t("incidents.all")}</option>
            {GROUPS.map((g) => (
              <option key={g} value={String(g)}>
                {t(`incidents.groupLabels.${g}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("incidents.status")} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t("incidents.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`incidents.statuses.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("incidents.outcome")} value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}>
            <option value="">{t("incidents.all")}</option>
            {OUTCOME_FILTERS.map((o) => (
              <option key={o} value={o}>
                {t(`incidents.outcomes.${o}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("incidentRecord.codeFilter")} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })}>
            <option value="">{t("incidents.all")}</option>
            {BEHAVIOUR_CODE_LIST.filter((c) => !c.startsWith("group")).map((c) => (
              <option key={c} value={c}>
                {`${BEHAVIOUR_CODES[c].group} ${BEHAVIOUR_CODES[c][i18n.language === "en" ? "en" : "ja"]}`}
              </option>
            ))}
          </SelectField>
          {hasRole("supervisor") || hasRole("central") ? (
            <SelectField label={t("incidents.department")} value={draft.departmentId} onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })}>
              <option value="">{t("incidents.all")}</option>
              {departmentOptions(departments.data ?? [], i18n.language).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
        {draft.counterpartId ? (
          <p className="field-hint">
            {t("incidentRecord.counterpartFilterOn")}{" "}
            <Button className="btn-small" onClick={() => setDraft({ ...draft, counterpartId: "" })}>
              {t("incidentRecord.counterpartFilterOff")}
            </Button>
          </p>
        ) : null}
        <div className="form-actions">
          <Button type="submit" variant="primary">
            {t("incidents.apply")}
          </Button>
          <Button onClick={clear}>{t("incidents.clear")}</Button>
        </div>
      </form>

      <ErrorAlert error={list.error} />
      {list.isPending ? <Loading /> : null}
      {data && data.incidents.length === 0 ? (
        <p className="muted" role="status">
          {t("incidents.none")}
        </p>
      ) : null}
      {data && data.incidents.length > 0 ? (
        <>
          <p className="muted" role="status">
            {t(data.totalCapped ? "incidentRecord.countAtLeast" : "incidents.count", {
              total: data.total,
              from: offset + 1,
              to: offset + data.incidents.length,
            })}
          </p>
          <table className="table">
            <caption>{t("incidents.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("incidents.number")}</th>
                <th scope="col">{t("incidents.startedAtShort")}</th>
                <th scope="col">{t("incidents.channel")}</th>
                <th scope="col">{t("incidents.summary")}</th>
                <th scope="col">{t("incidents.group")}</th>
                <th scope="col">{t("incidents.status")}</th>
                <th scope="col">{t("incidents.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {data.incidents.map((inc) => (
                <tr key={inc.id}>
                  <th scope="row" data-label={t("incidents.number")}>
                    <Link to={`/incidents/${inc.id}`}>{inc.number}</Link>
                    <span className="sub">{departmentName(deptById.get(inc.departmentId), i18n.language)}</span>
                  </th>
                  <td data-label={t("incidents.startedAtShort")}>{formatDateTime(inc.startedAt ?? inc.createdAt, i18n.language)}</td>
                  <td data-label={t("incidents.channel")}>{t(`incidents.channels.${inc.channel}`)}</td>
                  <td data-label={t("incidents.summary")} className="summary-cell">
                    {inc.summary || t("incidents.notRecorded")}
                  </td>
                  <td data-label={t("incidents.group")}>{inc.groups.length > 0 ? inc.groups.join("・") : "—"}</td>
                  <td data-label={t("incidents.status")}>
                    <span className="badge badge-muted">{t(`incidents.statuses.${inc.status}`)}</span>
                  </td>
                  <td data-label={t("incidents.outcome")}>
                    <span className={outcomeBadge(inc.outcome)}>{t(`incidents.outcomes.${inc.outcome ?? "none"}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total > PAGE ? (
            <nav className="pager" aria-label={t("incidents.pagination")}>
              <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t("incidents.previous")}
              </Button>
              <Button disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
                {t("incidents.next")}
              </Button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
