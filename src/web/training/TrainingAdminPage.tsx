import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { departmentOptions, useDepartments } from "../accounts/departments.ts";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { AXES, type Axis, type ModuleSummary, STEPS, type Step } from "./types.ts";

interface Progress {
  modules: Array<{
    id: string;
    title: string;
    dueOn: string | null;
    departments: Array<{ departmentId: string | null; nameJa: string | null; nameEn: string | null; staffCount: number; completed: number; rate: number | null }>;
  }>;
}

/** Central: completion per module and department, due dates, new scenarios (also from a closed incident, personal data removed). */
export function TrainingAdminPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const progress = useQuery({ queryKey: ["training", "progress"], queryFn: () => api<Progress>("GET", "/training/progress") });
  const modules = useQuery({ queryKey: ["training", "modules"], queryFn: () => api<{ modules: ModuleSummary[] }>("GET", "/training/modules") });
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [due, setDue] = useState<Record<string, string>>({});
  const [assigned, setAssigned] = useState<Record<string, string[]>>({});
  const departments = useDepartments();
  const [form, setForm] = useState({ moduleId: "", text: "", isHarassment: true, axis: "means" as Axis, nextStep: "team_and_report" as Step, explanation: "", sourceIncidentId: "" });
  const [params] = useSearchParams();
  const [incidentId, setIncidentId] = useState(params.get("incident") ?? "");
  const [removed, setRemoved] = useState<string | null>(null);

  const run = async (fn: () => Promise<string>) => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
    } catch (err) {
      setError(err);
    }
  };
  const currentDepartments = (id: string) => assigned[id] ?? modules.data?.modules.find((m) => m.id === id)?.departmentIds ?? [];
  const toggleDepartment = (id: string, departmentId: string, on: boolean) => {
    const cur = currentDepartments(id);
    setAssigned({ ...assigned, [id]: on ? [...cur, departmentId] : cur.filter((d) => d !== departmentId) });
  };
  const saveDue = (id: string, dueOn: string | null) =>
    run(async () => {
      await api("PATCH", `/training/modules/${id}`, { dueOn: (due[id] ?? dueOn) || null, departmentIds: currentDepartments(id) });
      await qc.invalidateQueries({ queryKey: ["training"] });
      return t("training.dueSaved");
    });
  const loadIncident = () =>
    run(async () => {
      const d = await api<{ text: string; removed: Record<string, number>; suggested: { isHarassment: boolean; axis: Axis } }>("GET", `/training/incident-drafts/${incidentId.trim()}`);
      setForm((f) => ({ ...f, text: d.text, isHarassment: d.suggested.isHarassment, axis: d.suggested.axis, nextStep: d.suggested.isHarassment ? "team_and_report" : "sincere_response", sourceIncidentId: incidentId.trim() }));
      const detail = Object.entries(d.removed)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ");
      setRemoved(detail);
      return t("training.removedCounts", { detail: detail || "0" });
    });
  const addScenario = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const moduleId = form.moduleId || modules.data?.modules[0]?.id || "";
      await api("POST", `/training/modules/${moduleId}/scenarios`, {
        text: form.text,
        isHarassment: form.isHarassment,
        axis: form.axis,
        nextStep: form.nextStep,
        explanation: form.explanation,
        sourceIncidentId: form.sourceIncidentId || null,
      });
      setForm((f) => ({ ...f, text: "", explanation: "", sourceIncidentId: "" }));
      setRemoved(null);
      await qc.invalidateQueries({ queryKey: ["training"] });
      return t("training.scenarioSaved");
    });
  };

  return (
    <Page title={t("training.adminTitle")} intro={t("training.adminIntro")}>
      <StatusMessage message={status} />
      <ErrorAlert error={progress.error ?? modules.error ?? error} />
      {progress.isLoading ? <Loading /> : null}
      <h2>{t("training.progress")}</h2>
      {progress.data?.modules.map((m) => (
        <section key={m.id} className="card" aria-label={m.title}>
          <table className="table">
            <caption>{t("training.progressCaption", { module: m.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("training.department")}</th>
                <th scope="col">{t("training.staffCount")}</th>
                <th scope="col">{t("training.completed")}</th>
                <th scope="col">{t("training.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {m.departments.map((d) => (
                <tr key={d.departmentId ?? "none"}>
                  <th scope="row">{(i18n.language === "en" ? d.nameEn : d.nameJa) ?? "—"}</th>
                  <td>{d.staffCount}</td>
                  <td>{d.completed}</td>
                  <td>{d.rate === null ? "—" : `${d.rate}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="filters">
            <TextField label={`${t("training.due")}: ${m.title}`} type="date" value={due[m.id] ?? m.dueOn ?? ""} onChange={(e) => setDue({ ...due, [m.id]: e.target.value })} />
          </div>
          <details className="no-print">
            <summary>
              {t("training.assignSummary", { count: currentDepartments(m.id).length })}
            </summary>
            <fieldset className="fieldset">
              <legend>{t("training.assignLegend", { module: m.title })}</legend>
              <p className="field-hint">{t("training.assignHint")}</p>
              <div className="choice-list">
                {departmentOptions(departments.data ?? [], i18n.language).map((d) => (
                  <label key={d.id} className="choice" style={{ marginInlineStart: `${d.depth * 1.25}rem` }}>
                    <input type="checkbox" checked={currentDepartments(m.id).includes(d.id)} onChange={(e) => toggleDepartment(m.id, d.id, e.target.checked)} />
                    <span>{d.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </details>
          <div className="form-actions">
            <Button onClick={() => void saveDue(m.id, m.dueOn)}>{t("training.setDue")}</Button>
          </div>
        </section>
      ))}

      <section className="card" aria-labelledby="from-incident">
        <h2 id="from-incident">{t("training.fromIncident")}</h2>
        <p className="field-hint">{t("training.fromIncidentHint")}</p>
        <div className="filters">
          <TextField label={t("training.incidentId")} value={incidentId} onChange={(e) => setIncidentId(e.target.value)} />
          <Button onClick={() => void loadIncident()} disabled={!incidentId.trim()}>
            {t("training.loadIncident")}
          </Button>
        </div>
        {removed !== null ? <p className="muted">{t("training.removedCounts", { detail: removed || "0" })}</p> : null}
      </section>

      <form className="card form" onSubmit={addScenario} aria-labelledby="add-scenario" noValidate>
        <h2 id="add-scenario">{t("training.addScenario")}</h2>
        <SelectField label={t("training.targetModule")} value={form.moduleId} onChange={(e) => setForm({ ...form, moduleId: e.target.value })}>
          {(modules.data?.modules ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </SelectField>
        <TextAreaField label={t("training.scenarioText")} rows={5} required value={form.text} maxLength={4000} onChange={(e) => setForm({ ...form, text: e.target.value })} />
        <CheckboxField label={t("training.isHarassment")} checked={form.isHarassment} onChange={(e) => setForm({ ...form, isHarassment: e.target.checked })} />
        <SelectField label={t("training.axisKey")} value={form.axis} onChange={(e) => setForm({ ...form, axis: e.target.value as Axis })}>
          {AXES.map((a) => (
            <option key={a} value={a}>
              {t(`training.axes.${a}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("training.nextKey")} value={form.nextStep} onChange={(e) => setForm({ ...form, nextStep: e.target.value as Step })}>
          {STEPS.map((s) => (
            <option key={s} value={s}>
              {t(`training.steps.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField label={t("training.explanationText")} rows={3} required value={form.explanation} maxLength={4000} onChange={(e) => setForm({ ...form, explanation: e.target.value })} />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={!form.text.trim() || !form.explanation.trim()}>
            {t("training.saveScenario")}
          </Button>
        </div>
      </form>
    </Page>
  );
}
