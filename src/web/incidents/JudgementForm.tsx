import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { deriveOutcome } from "../../domain/incidents/judgement.ts";
import { type Answer, type Incident, type JudgementInput, api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { fromLocalInput, toLocalInput } from "./labels.ts";

const AXES = [
  { key: "demandLegitimate", n: "axis1" },
  { key: "meansAppropriate", n: "axis2" },
  { key: "environmentHarmed", n: "axis3" },
] as const;
const ANSWERS: readonly Answer[] = ["yes", "no", "undetermined"];

function emptyJudgement(): JudgementInput {
  return {
    demandLegitimate: { answer: "undetermined", reason: "" },
    meansAppropriate: { answer: "undetermined", reason: "" },
    environmentHarmed: { answer: "undetermined", reason: "" },
    exclusions: { sincereComplaint: false, reasonableAccommodation: false, reason: "" },
    crossedAt: null,
  };
}

/**
 * The judgement on the three axes, each with its answer and reason, the exclusions and the moment it
 * crossed the line; the policy's definition beside it. `mode="propose"` is the staff variant.
 */
export function JudgementForm({ incident, mode, onSaved }: { incident: Incident; mode: "judge" | "propose"; onSaved: (i: Incident) => void }) {
  const { t } = useTranslation();
  const start = incident.judgement ?? (mode === "judge" ? incident.judgementProposal : null) ?? emptyJudgement();
  const [j, setJ] = useState<JudgementInput>(() => ({
    demandLegitimate: { ...start.demandLegitimate },
    meansAppropriate: { ...start.meansAppropriate },
    environmentHarmed: { ...start.environmentHarmed },
    exclusions: { ...start.exclusions },
    crossedAt: start.crossedAt,
  }));
  const [crossed, setCrossed] = useState(j.crossedAt ? toLocalInput(new Date(j.crossedAt)) : "");
  const headingId = useId();

  const save = useMutation({
    mutationFn: (body: JudgementInput) =>
      mode === "judge"
        ? api<Incident>("PUT", `/incidents/${incident.id}/judgement`, body)
        : api<Incident>("POST", `/incidents/${incident.id}/judgement-proposals`, body),
    onSuccess: onSaved,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...j, crossedAt: fromLocalInput(crossed) });
  };

  const preview = deriveOutcome(j);
  const excluded = j.exclusions.sincereComplaint || j.exclusions.reasonableAccommodation;
  return (
    <section className="card judgement" aria-labelledby={headingId}>
      <h2 id={headingId}>{mode === "judge" ? t("incidents.judgementTitle") : t("incidents.proposalTitle")}</h2>
      {mode === "propose" ? <p className="muted">{t("incidents.proposalIntro")}</p> : null}
      <div className="judgement-layout">
        <form className="form" onSubmit={submit} noValidate>
          {AXES.map(({ key, n }) => (
            <fieldset key={key} className="fieldset">
              <legend>{t(`incidents.${n}`)}</legend>
              <p className="field-hint">{t(`incidents.${n}Hint`)}</p>
              <div className="radio-row">
                {ANSWERS.map((a) => (
                  <label key={a} className={`choice choice-small ${j[key].answer === a ? "is-checked" : ""}`}>
                    <input
                      type="radio"
                      name={`${key}-answer`}
                      value={a}
                      checked={j[key].answer === a}
                      onChange={() => setJ({ ...j, [key]: { ...j[key], answer: a } })}
                    />
                    <span>{t(`incidents.answers.${n}.${a}`)}</span>
                  </label>
                ))}
              </div>
              <TextAreaField
                label={`${t("incidents.axisReason")}(${t(`incidents.${n}`)})`}
                hint={t("incidents.axisReasonHint")}
                required
                rows={2}
                maxLength={5000}
                value={j[key].reason}
                onChange={(e) => setJ({ ...j, [key]: { ...j[key], reason: e.target.value } })}
              />
            </fieldset>
          ))}
          <fieldset className="fieldset">
            <legend>{t("incidents.exclusions")}</legend>
            <CheckboxField
              label={t("incidents.sincereComplaint")}
              checked={j.exclusions.sincereComplaint}
              onChange={(e) => setJ({ ...j, exclusions: { ...j.exclusions, sincereComplaint: e.target.checked } })}
            />
            <CheckboxField
              label={t("incidents.reasonableAccommodation")}
              checked={j.exclusions.reasonableAccommodation}
              onChange={(e) => setJ({ ...j, exclusions: { ...j.exclusions, reasonableAccommodation: e.target.checked } })}
            />
            {excluded ? (
              <TextAreaField
                label={t("incidents.exclusionReason")}
                required
                rows={2}
                maxLength={5000}
                value={j.exclusions.reason}
                onChange={(e) => setJ({ ...j, exclusions: { ...j.exclusions, reason: e.target.value } })}
              />
            ) : null}
          </fieldset>
          <TextField
            label={t("incidents.crossedAt")}
            hint={t("incidents.crossedAtHint")}
            showOptional
            type="datetime-local"
            value={crossed}
            onChange={(e) => setCrossed(e.target.value)}
          />
          <p className="outcome-preview" aria-live="polite">
            {t("incidents.preview", { outcome: t(`incidents.outcomes.${preview}`) })}
          </p>
          <ErrorAlert error={save.error} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={save.isPending}>
              {mode === "judge" ? t("incidents.saveJudgement") : t("incidents.proposeJudgement")}
            </Button>
          </div>
        </form>
        <aside className="definition" aria-label={t("incidents.definitionTitle")}>
          <h3>{t("incidents.definitionTitle")}</h3>
          <p>{t("incidents.definition1")}</p>
          <ul>
            <li>{t("incidents.definitionA")}</li>
            <li>{t("incidents.definitionB")}</li>
            <li>{t("incidents.definitionC")}</li>
          </ul>
          <p>{t("incidents.definition2")}</p>
        </aside>
      </div>
    </section>
  );
}
