import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ROLES, type User, api, query } from "../api.ts";
import { useMe } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog, SecretDialog } from "../ui/Dialog.tsx";
import { CheckboxField, SelectField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { departmentName, departmentOptions, useDepartments } from "./departments.ts";
import { UserDialog, type UserSaved } from "./UserDialog.tsx";

const PAGE = 50;

interface Filters {
  q: string;
  departmentId: string;
  role: string;
  includeInactive: boolean;
}

type Pending = { kind: "reset" | "deactivate"; user: User } | null;

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const departments = useDepartments();
  const [draft, setDraft] = useState<Filters>({ q: "", departmentId: "", role: "", includeInactive: false });
  const [filters, setFilters] = useState<Filters>(draft);
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [secret, setSecret] = useState<{ name: string; password: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const users = useQuery({
    queryKey: ["users", filters, offset],
    queryFn: () =>
      api<{ total: number; users: User[] }>(
        "GET",
        `/users${query({ q: filters.q.trim(), departmentId: filters.departmentId, role: filters.role, includeInactive: filters.includeInactive ? "true" : undefined, limit: PAGE, offset })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["users"] });

  const act = useMutation({
    mutationFn: async (p: NonNullable<Pending> | { kind: "reactivate"; user: User }) => {
      if (p.kind === "reset") return (await api<{ temporaryPassword: string }>("POST", `/users/${p.user.id}/reset-password`)).temporaryPassword;
      await api("PATCH", `/users/${p.user.id}`, { active: p.kind === "reactivate" });
      return null;
    },
    onSuccess: (temporary, p) => {
      setPending(null);
      if (p.kind === "reset" && temporary) setSecret({ name: p.user.displayName, password: temporary });
      if (p.kind === "deactivate") setStatus(t("users.deactivated", { name: p.user.displayName }));
      if (p.kind === "reactivate") setStatus(t("users.reactivated", { name: p.user.displayName }));
      void refresh();
    },
  });

  const saved = (r: UserSaved) => {
    setEditing(null);
    setStatus(r.created ? t("users.created", { name: r.user.displayName }) : t("users.saved", { name: r.user.displayName }));
    if (r.temporaryPassword) setSecret({ name: r.user.displayName, password: r.temporaryPassword });
    void refresh();
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilters(draft);
  };

  const deptById = new Map((departments.data ?? []).map((d) => [d.id, d]));
  const data = users.data;
  return (
    <Page
      title={t("users.title")}
      actions={
        <Button variant="primary" onClick={() => setEditing("new")}>
          {t("users.create")}
        </Button>
      }
    >
      <form className="card filters" onSubmit={apply} aria-labelledby="user-filters">
        <h2 id="user-filters" className="h-small">
          {t("users.filters")}
        </h2>
        <div className="filter-grid">
          <TextField label={t("users.search")} type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          <SelectField label={t("users.department")} value={draft.departmentId} onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })}>
            <option value="">{t("users.all")}</option>
            {departmentOptions(departments.data ?? [], i18n.language, { includeInactive: true }).map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("users.role")} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
            <option value="">{t("users.all")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <CheckboxField
          label={t("users.includeInactive")}
          checked={draft.includeInactive}
          onChange={(e) => setDraft({ ...draft, includeInactive: e.target.checked })}
        />
        <div className="form-actions">
          <Button type="submit">{t("users.apply")}</Button>
        </div>
      </form>

      <StatusMessage message={status} />
      <ErrorAlert error={users.error} />
      {users.isPending ? <Loading /> : null}
      {data && data.users.length === 0 ? <p className="muted">{t("users.none")}</p> : null}
      {data && data.users.length > 0 ? (
        <>
          <p className="muted" aria-live="polite">
            {t("users.count", { total: data.total, from: offset + 1, to: offset + data.users.length })}
          </p>
          <table className="table">
            <caption>{t("users.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("users.displayName")}</th>
                <th scope="col">{t("users.username")}</th>
                <th scope="col">{t("users.department")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.status")}</th>
                <th scope="col">{t("app.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((u) => (
                <tr key={u.id} className={u.active ? "" : "row-inactive"}>
                  <th scope="row" data-label={t("users.displayName")}>
                    {u.displayName}
                    {u.email ? <span className="sub">{u.email}</span> : null}
                  </th>
                  <td data-label={t("users.username")}>
                    <code>{u.username}</code>
                  </td>
                  <td data-label={t("users.department")}>
                    {u.departmentId ? departmentName(deptById.get(u.departmentId), i18n.language) : t("app.noDepartment")}
                  </td>
                  <td data-label={t("users.role")}>{roleSummary(u, deptById, i18n.language, t)}</td>
                  <td data-label={t("users.status")}>
                    <span className={`badge ${u.active ? "badge-ok" : "badge-muted"}`}>{u.active ? t("app.active") : t("app.inactive")}</span>
                    {u.mustChangePassword && u.active ? <span className="badge badge-warn">{t("users.mustChange")}</span> : null}
                  </td>
                  <td data-label={t("app.actions")}>
                    <div className="row-actions">
                      <Button className="btn-small" aria-label={t("users.editNamed", { name: u.displayName })} onClick={() => setEditing(u)}>
                        {t("users.edit")}
                      </Button>
                      {u.active ? (
                        <Button
                          className="btn-small"
                          aria-label={t("users.resetNamed", { name: u.displayName })}
                          onClick={() => setPending({ kind: "reset", user: u })}
                        >
                          {t("users.resetPassword")}
                        </Button>
                      ) : null}
                      {u.id === me.user.id ? null : u.active ? (
                        <Button
                          variant="danger"
                          className="btn-small"
                          aria-label={t("users.deactivateNamed", { name: u.displayName })}
                          onClick={() => setPending({ kind: "deactivate", user: u })}
                        >
                          {t("users.deactivate")}
                        </Button>
                      ) : (
                        <Button
                          className="btn-small"
                          aria-label={t("users.reactivateNamed", { name: u.displayName })}
                          busy={act.isPending}
                          onClick={() => act.mutate({ kind: "reactivate", user: u })}
                        >
                          {t("users.reactivate")}
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total > PAGE ? (
            <nav className="pager" aria-label={t("users.pagination")}>
              <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t("users.previous")}
              </Button>
              <Button disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
                {t("users.next")}
              </Button>
            </nav>
          ) : null}
        </>
      ) : null}

      {editing ? <UserDialog user={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} onSaved={saved} /> : null}
      {pending ? (
        <ConfirmDialog
          title={t("users.confirmTitle")}
          message={t(pending.kind === "reset" ? "users.resetConfirm" : "users.deactivateConfirm", { name: pending.user.displayName })}
          confirmLabel={pending.kind === "reset" ? t("users.doReset") : t("users.doDeactivate")}
          danger={pending.kind === "deactivate"}
          busy={act.isPending}
          error={<ErrorAlert error={act.error} />}
          onConfirm={() => act.mutate(pending)}
          onClose={() => {
            act.reset();
            setPending(null);
          }}
        />
      ) : null}
      {secret ? (
        <SecretDialog
          title={t("users.tempTitle")}
          intro={t("users.tempIntro", { name: secret.name })}
          note={t("users.tempNote")}
          label={t("users.tempLabel")}
          secret={secret.password}
          onClose={() => setSecret(null)}
        />
      ) : null}
    </Page>
  );
}

function roleSummary(u: User, deptById: Map<string, import("../api.ts").Department>, locale: string, t: (k: string) => string): string {
  const parts: string[] = [];
  for (const role of ROLES) {
    const grants = u.roles.filter((g) => g.role === role);
    if (grants.length === 0) continue;
    const depts = grants.map((g) => (g.departmentId ? departmentName(deptById.get(g.departmentId), locale) : "")).filter(Boolean);
    parts.push(depts.length > 0 ? `${t(`roles.${role}`)}(${depts.join("・")})` : t(`roles.${role}`));
  }
  return parts.join("、");
}
