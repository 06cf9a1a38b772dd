import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, query } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { SelectField } from "../ui/Field.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { type DeskListItem, STATUSES } from "./client.ts";

const PAGE = 30;

export function useDeskMembers() {
  return useQuery({
    queryKey: ["consultation-desk-members"],
    queryFn: () => api<{ members: Array<{ id: string; displayName: string }> }>("GET", "/consultation-desk-members"),
    staleTime: 5 * 60_000,
  });
}

/** The desk's inbox: every consultation, filtered by status and assignee, follow-ups that are due marked. */
export function DeskInboxPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const members = useDeskMembers();
  const [draft, setDraft] = useState({ status: "", assignedTo: "" });
  const [filters, setFilters] = useState(draft);
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ["desk-consultations", filters, offset],
    queryFn: () => api<{ total: number; consultations: DeskListItem[] }>("GET", `/consultations${query({ ...filters, limit: PAGE, offset })}`),
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilters(draft);
  };
  const name = (id: string | null) => (id ? (members.data?.members.find((m) => m.id === id)?.displayName ?? "…") : t("consultations.unassigned"));
  const lang = i18n.language;
  const data = list.data;
  return (
    <Page title={t("consultations.inboxTitle")} intro={t("consultations.inboxIntro")}>
      <form className="card filters" onSubmit={apply}>
        <div className="filter-grid">
          <SelectField label={t("consultations.filterStatus")} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t("consultations.allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`consultations.statuses.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("consultations.filterAssigned")} value={draft.assignedTo} onChange={(e) => setDraft({ ...draft, assignedTo: e.target.value })}>
            <option value="">{t("consultations.allAssignees")}</option>
            {me ? <option value={me.user.id}>{t("consultations.assignedToMe")}</option> : null}
            {(members.data?.members ?? [])
              .filter((m) => m.id !== me?.user.id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.displayName}
                </option>
              ))}
          </SelectField>
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary">
            {t("consultations.apply")}
          </Button>
        </div>
      </form>
      <ErrorAlert error={list.error} />
      {list.isPending ? <Loading /> : null}
      {data && data.consultations.length === 0 ? (
        <p className="muted" role="status">
          {t("consultations.inboxNone")}
        </p>
      ) : null}
      {data && data.consultations.length > 0 ? (
        <>
          <p className="muted" role="status">
            {t("consultations.inboxCount", { total: data.total })}
          </p>
          <table className="table">
            <caption>{t("consultations.inboxCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("consultations.received")}</th>
                <th scope="col">{t("consultations.kind")}</th>
                <th scope="col">{t("consultations.category")}</th>
                <th scope="col">{t("consultations.status")}</th>
                <th scope="col">{t("consultations.assignee")}</th>
                <th scope="col">{t("consultations.followUp")}</th>
              </tr>
            </thead>
            <tbody>
              {data.consultations.map((c) => (
                <tr key={c.id}>
                  <th scope="row" data-label={t("consultations.received")}>
                    <Link to={`/desk/consultations/${c.id}`}>{formatDateTime(c.createdAt, lang)}</Link>
                  </th>
                  <td data-label={t("consultations.kind")}>
                    {c.anonymous ? t("consultations.kinds.anonymous") : (c.staff?.displayName ?? t("consultations.kinds.named"))}
                  </td>
                  <td data-label={t("consultations.category")}>{t(`consultations.categories.${c.category}`)}</td>
                  <td data-label={t("consultations.status")}>
                    <span className={c.status === "new" ? "badge badge-warn" : "badge badge-muted"}>{t(`consultations.statuses.${c.status}`)}</span>
                  </td>
                  <td data-label={t("consultations.assignee")}>{name(c.assignedTo)}</td>
                  <td data-label={t("consultations.followUp")}>
                    {c.followUpOn ?? "—"} {c.followUpDue ? <span className="badge badge-error">{t("consultations.followUpDue")}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total > PAGE ? (
            <nav className="pager" aria-label={t("consultations.pagination")}>
              <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t("consultations.previous")}
              </Button>
              <Button disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
                {t("consultations.next")}
              </Button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
