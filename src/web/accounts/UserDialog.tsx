import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ROLES, type Role, type RoleGrant, type User, api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { CheckboxField, SelectField, TextField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { departmentOptions, useDepartments } from "./departments.ts";

export interface UserSaved {
  user: User;
  temporaryPassword: string | null;
  created: boolean;
}

/** Create a user (user undefined) or edit one: details, department and role grants. */
export function UserDialog({ user, onClose, onSaved }: { user?: User; onClose: () => void; onSaved: (result: UserSaved) => void }) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const [username, setUsername] = useState(user?.username ?? "");
  const [displayName, setDisplayName] = useState(user?.displayName ?? "");
  const [email, setEmail] = useState(user?.email ?? "");
  const [departmentId, setDepartmentId] = useState(user?.departmentId ?? "");
  const [locale, setLocale] = useState<"ja" | "en">(user?.locale ?? "ja");
  const [password, setPassword] = useState("");
  const [roles, setRoles] = useState<Set<Role>>(new Set(user?.roles.map((g) => g.role) ?? ["staff"]));
  const [supervised, setSupervised] = useState<Set<string>>(
    new Set(user?.roles.filter((g) => g.role === "supervisor" && g.departmentId).map((g) => g.departmentId as string) ?? []),
  );
  const [supervisedError, setSupervisedError] = useState(false);

  const save = useMutation({
    mutationFn: async (): Promise<UserSaved> => {
      const grants: RoleGrant[] = [];
      for (const role of ROLES) {
        if (!roles.has(role)) continue;
        if (role === "supervisor") for (const id of supervised) grants.push({ role, departmentId: id });
        else grants.push({ role, departmentId: null });
      }
      const common = { displayName: displayName.trim(), email: email.trim() || null, departmentId: departmentId || null, locale, roles: grants };
      if (user) return { user: await api<User>("PATCH", `/users/${user.id}`, common), temporaryPassword: null, created: false };
      const body = { ...common, username: username.trim(), ...(password ? { password } : {}) };
      const res = await api<{ user: User; temporaryPassword: string | null }>("POST", "/users", body);
      return { ...res, created: true };
    },
    onSuccess: onSaved,
  });

  const toggle = <T,>(set: Set<T>, value: T, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (roles.has("supervisor") && supervised.size === 0) {
      setSupervisedError(true);
      return;
    }
    setSupervisedError(false);
    save.mutate();
  };

  const options = departmentOptions(departments.data ?? [], i18n.language);
  const formId = "user-form";
  return (
    <Dialog
      title={user ? t("users.editTitle") : t("users.createTitle")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            {user ? t("app.save") : t("users.create")}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit}>
        <ErrorAlert error={save.error} />
        {supervisedError ? (
          <div className="alert alert-error" role="alert">
            {t("users.supervisorNeedsDepartment")}
          </div>
        ) : null}
        {user ? null : (
          <TextField
            label={t("users.username")}
            hint={t("users.usernameHint")}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            pattern="[a-z0-9][a-z0-9._\-]{1,63}"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        )}
        <TextField
          label={t("users.displayName")}
          required
          maxLength={100}
          autoComplete="off"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <TextField label={t("users.email")} type="email" showOptional autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        <SelectField label={t("users.department")} value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
          <option value="">{t("app.noDepartment")}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("users.locale")} value={locale} onChange={(e) => setLocale(e.target.value as "ja" | "en")}>
          <option value="ja">{t("lang.ja")}</option>
          <option value="en">{t("lang.en")}</option>
        </SelectField>
        {user ? null : (
          <TextField
            label={t("users.passwordOptional")}
            hint={t("users.passwordHint")}
            type="password"
            showOptional
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
        <fieldset className="fieldset">
          <legend>{t("users.rolesLegend")}</legend>
          <div className="checkbox-grid">
            {ROLES.map((role) => (
              <CheckboxField
                key={role}
                label={t(`roles.${role}`)}
                checked={roles.has(role)}
                onChange={(e) => setRoles(toggle(roles, role, e.target.checked))}
              />
            ))}
          </div>
        </fieldset>
        {roles.has("supervisor") ? (
          <fieldset className="fieldset" aria-describedby="supervised-hint">
            <legend>{t("users.supervisedLegend")}</legend>
            <p className="field-hint" id="supervised-hint">
              {t("users.supervisedHint")}
            </p>
            <div className="checkbox-list">
              {options.map((o) => (
                <CheckboxField
                  key={o.id}
                  label={o.name}
                  indent={o.depth}
                  checked={supervised.has(o.id)}
                  onChange={(e) => setSupervised(toggle(supervised, o.id, e.target.checked))}
                />
              ))}
            </div>
          </fieldset>
        ) : null}
      </form>
    </Dialog>
  );
}
