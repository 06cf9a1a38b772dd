import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { type Restriction, ReviewBadge } from "./RestrictionNotice.tsx";

const PLACEHOLDERS = "{{addressee}} {{issueDate}} {{incidentDate}} {{department}} {{conduct}} {{organisation}} {{contact}} {{number}} {{restriction}}";

interface Template {
  kind: string;
  title: string;
  body: string;
  label: { ja: string; en: string };
}

/** The restriction register (supervisors, central) and, for central, the letter templates. */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const { hasRole } = useSession();
  const en = i18n.language === "en";
  const list = useQuery({ queryKey: ["restriction-register"], queryFn: () => api<{ restrictions: (Restriction & { approvedBy: string | null; incidentIds: string[] })[] }>("GET", "/restrictions") });
  return (
    <Page title={t("documents.registerTitle")} intro={t("documents.registerIntro")}>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.isLoading ? <Loading /> : null}
      {list.data && list.data.restrictions.length === 0 ? <p className="muted">{t("documents.registerEmpty")}</p> : null}
      {list.data?.restrictions.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("documents.registerKind")}</th>
              <th scope="col">{t("documents.registerScope")}</th>
              <th scope="col">{t("documents.registerPeriod")}</th>
              <th scope="col">{t("documents.registerApprover")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.restrictions.map((r) => (
              <tr key={r.id}>
                <th scope="row">{en ? r.label.en : r.label.ja}</th>
                <td>{r.scope}</td>
                <td>
                  {t("documents.restrictionPeriod", { start: r.startsOn, review: r.reviewOn })}
                  {r.endsOn ? ` – ${r.endsOn}` : ""}
                  {r.reviewDue || r.reviewOverdue ? " " : null}
                  <ReviewBadge r={r} />
                </td>
                <td>{r.approvedBy ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {hasRole("central") ? <Templates /> : null}
    </Page>
  );
}

function Templates() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["letter-templates"], queryFn: () => api<{ templates: Template[] }>("GET", "/letter-templates") });
  const [kind, setKind] = useState("warning");
  const [draft, setDraft] = useState({ title: "", body: "" });
  const [saved, setSaved] = useState(false);
  const current = q.data?.templates.find((x) => x.kind === kind);
  useEffect(() => {
    if (current) setDraft({ title: current.title, body: current.body });
  }, [current]);
  const save = useMutation({
    mutationFn: () => api("PUT", `/letter-templates/${kind}`, draft),
    onSuccess: () => {
      setSaved(true);
      void client.invalidateQueries({ queryKey: ["letter-templates"] });
    },
  });
  return (
    <form
      className="card"
      aria-labelledby="templates-title"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setSaved(false);
        save.mutate();
      }}
    >
      <h2 id="templates-title">{t("documents.templatesTitle")}</h2>
      <p>{t("documents.templatesIntro", { placeholders: PLACEHOLDERS, interpolation: { escapeValue: false } })}</p>
      <SelectField label={t("documents.letterKind")} value={kind} onChange={(e) => setKind(e.target.value)}>
        {(q.data?.templates ?? []).map((x) => (
          <option key={x.kind} value={x.kind}>
            {i18n.language === "en" ? x.label.en : x.label.ja}
          </option>
        ))}
      </SelectField>
      <TextField label={t("documents.templateTitle")} required value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
      <TextAreaField label={t("documents.templateBody")} required rows={16} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
      <Button type="submit" variant="primary" busy={save.isPending}>
        {t("documents.templateSave")}
      </Button>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {saved ? (
        <p role="status" className="success">
          {t("documents.templateSaved")}
        </p>
      ) : null}
    </form>
  );
}
