import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type CSSProperties, type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Department, api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog, Dialog } from "../ui/Dialog.tsx";
import { SelectField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { DEPARTMENTS_KEY, departmentName, departmentOptions, subtreeIds, treeOrder, useDepartments } from "./departments.ts";

export function DepartmentsPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const departments = useDepartments();
  const [editing, setEditing] = useState<Department | "new" | null>(null);
  const [deactivating, setDeactivating] = useState<Department | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const all = departments.data ?? [];

  const setActive = useMutation({
    mutationFn: (p: { d: Department; active: boolean }) => api<Department>("PATCH", `/departments/${p.d.id}`, { active: p.active }),
    onSuccess: (d, p) => {
      setDeactivating(null);
      setStatus(t(p.active ? "departments.reactivated" : "departments.deactivated", { name: departmentName(d, i18n.language) }));
      void qc.invalidateQueries({ queryKey: DEPARTMENTS_KEY });
    },
  });

  return (
    <Page
      title={t("departments.title")}
      actions={
        <Button variant="primary" onClick={() => setEditing("new")}>
          {t("departments.create")}
        </Button>
      }
    >
      <StatusMessage message={status} />
      <ErrorAlert error={departments.error} />
      {departments.isPending ? <Loading /> : null}
      {all.length > 0 ? (
        <table className="table tree-table">
          <caption>{t("departments.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("departments.name")}</th>
              <th scope="col">{t("departments.code")}</th>
              <th scope="col">{t("departments.status")}</th>
              <th scope="col">{t("app.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {treeOrder(all).map(({ department: d, depth }) => {
              const name = departmentName(d, i18n.language);
              return (
                <tr key={d.id} className={d.active ? "" : "row-inactive"}>
                  <th scope="row" data-label={t("departments.name")}>
                    <span className="tree-name" style={{ "--depth": depth } as CSSProperties}>
                      {depth > 0 ? (
                        <span className="tree-branch" aria-hidden="true">
                          └
                        </span>
                      ) : null}
                      {name}
                      <span className="visually-hidden">({t("departments.level", { level: depth + 1 })})</span>
                    </span>
                  </th>
                  <td data-label={t("departments.code")}>
                    <code>{d.code}</code>
                  </td>
                  <td data-label={t("departments.status")}>
                    <span className={`badge ${d.active ? "badge-ok" : "badge-muted"}`}>{d.active ? t("app.active") : t("app.inactive")}</span>
                  </td>
                  <td data-label={t("app.actions")}>
                    <div className="row-actions">
                      <Button className="btn-small" aria-label={t("departments.editNamed", { name })} onClick={() => setEditing(d)}>
                        {t("departments.edit")}
                      </Button>
                      {d.active ? (
                        <Button
                          variant="danger"
                          className="btn-small"
                          aria-label={t("departments.deactivateNamed", { name })}
                          onClick={() => setDeactivating(d)}
                        >
                          {t("departments.deactivate")}
                        </Button>
                      ) : (
                        <Button
                          className="btn-small"
                          aria-label={t("departments.reactivateNamed", { name })}
                          busy={setActive.isPending}
                          onClick={() => setActive.mutate({ d, active: true })}
                        >
                          {t("departments.reactivate")}
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {setActive.error && !deactivating ? <ErrorAlert error={setActive.error} /> : null}
      {editing ? (
        <DepartmentDialog
          department={editing === "new" ? undefined : editing}
          all={all}
          onClose={() => setEditing(null)}
          onSaved={(d, created) => {
            setEditing(null);
            setStatus(t(created ? "departments.created" : "departments.saved", { name: departmentName(d, i18n.language) }));
            void qc.invalidateQueries({ queryKey: DEPARTMENTS_KEY });
          }}
        />
      ) : null}
      {deactivating ? (
        <ConfirmDialog
          title={t("departments.deactivate")}
          message={t("departments.deactivateConfirm", { name: departmentName(deactivating, i18n.language) })}
          confirmLabel={t("departments.deactivate")}
          danger
          busy={setActive.isPending}
          error={<ErrorAlert error={setActive.error} />}
          onConfirm={() => setActive.mutate({ d: deactivating, active: false })}
          onClose={() => {
            setActive.reset();
            setDeactivating(null);
          }}
        />
      ) : null}
    </Page>
  );
}

function DepartmentDialog({
  department,
  all,
  onClose,
  onSaved,
}: {
  department?: Department;
  all: Department[];
  onClose: () => void;
  onSaved: (d: Department, created: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState(department?.code ?? "");
  const [nameJa, setNameJa] = useState(department?.nameJa ?? "");
  const [nameEn, setNameEn] = useState(department?.nameEn ?? "");
  const [parentId, setParentId] = useState(department?.parentId ?? "");
  const save = useMutation({
    mutationFn: async () => {
      const body = { code: code.trim(), nameJa: nameJa.trim(), nameEn: nameEn.trim(), parentId: parentId || null };
      return department ? api<Department>("PATCH", `/departments/${department.id}`, body) : api<Department>("POST", "/departments", body);
    },
    onSuccess: (d) => onSaved(d, !department),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  // A department cannot move under itself or one of its own sub-departments.
  const exclude = department ? subtreeIds(all, department.id) : new Set<string>();
  const formId = "department-form";
  return (
    <Dialog
      title={department ? t("departments.editTitle") : t("departments.createTitle")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            {department ? t("app.save") : t("departments.create")}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit}>
        <ErrorAlert error={save.error} />
        <TextField label={t("departments.nameJa")} required maxLength={100} value={nameJa} onChange={(e) => setNameJa(e.target.value)} />
        <TextField label={t("departments.nameEn")} required maxLength={100} lang="en" value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
        <TextField
          label={t("departments.code")}
          hint={t("departments.codeHint")}
          required
          maxLength={32}
          pattern="[A-Za-z0-9._\-]+"
          autoCapitalize="none"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <SelectField label={t("departments.parent")} value={parentId} onChange={(e) => setParentId(e.target.value)}>
          <option value="">{t("departments.noParent")}</option>
          {departmentOptions(all, i18n.language, { exclude }).map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </SelectField>
      </form>
    </Dialog>
  );
}
