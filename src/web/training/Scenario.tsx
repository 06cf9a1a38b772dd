import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { AXES, type AnswerResult, type Axis, STEPS, type Step } from "./types.ts";

/** One scenario: three questions, then the result and the explanation, announced to screen readers. */
export function Scenario({
  moduleId,
  scenario,
  n,
  total,
  disabled,
  result,
  onResult,
}: {
  moduleId: string;
  scenario: { id: string; text: string };
  n: number;
  total: number;
  disabled: boolean;
  result: AnswerResult | null;
  onResult: (r: AnswerResult) => void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [harassment, setHarassment] = useState<"yes" | "no" | "">("");
  const [axis, setAxis] = useState<Axis | "">("");
  const [step, setStep] = useState<Step | "">("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const done = !!result;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!harassment || !axis || !step) return;
    setBusy(true);
    setError(null);
    try {
      onResult(await api<AnswerResult>("POST", `/training/modules/${moduleId}/answers`, { scenarioId: scenario.id, harassment: harassment === "yes", axis, nextStep: step }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const mark = (ok: boolean) => <span className={`badge ${ok ? "badge-ok" : "badge-error"}`}>{ok ? t("training.correct") : t("training.incorrect")}</span>;
  const radios = <T extends string>(name: string, values: readonly T[], value: string, set: (v: T) => void, label: (v: T) => string) => (
    <div className="choice-list">
      {values.map((v) => (
        <label key={v} className={`choice choice-small ${value === v ? "is-checked" : ""}`}>
          <input type="radio" name={`${uid}-${name}`} value={v} checked={value === v} disabled={disabled || done} onChange={() => set(v)} required />
          <span>{label(v)}</span>
        </label>
      ))}
    </div>
  );

  return (
    <section className="card scenario" aria-labelledby={`${uid}-h`}>
      <h3 id={`${uid}-h`}>{t("training.scenario", { n, total })}</h3>
      <p className="quote prewrap">{scenario.text}</p>
      <form className="form" onSubmit={submit}>
        <fieldset className="fieldset">
          <legend>{t("training.qHarassment")}</legend>
          {radios("h", ["yes", "no"] as const, harassment, setHarassment, (v) => t(`training.${v}`))}
          {result ? (
            <p>
              {mark(result.correct.harassment)} {t("training.expected", { answer: t(result.expected.isHarassment ? "training.yes" : "training.no") })}
            </p>
          ) : null}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("training.qAxis")}</legend>
          {radios("a", AXES, axis, setAxis, (v) => t(`training.axes.${v}`))}
          {result ? (
            <p>
              {mark(result.correct.axis)} {t("training.expected", { answer: t(`training.axes.${result.expected.axis}`) })}
            </p>
          ) : null}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("training.qNext")}</legend>
          {radios("s", STEPS, step, setStep, (v) => t(`training.steps.${v}`))}
          {result ? (
            <p>
              {mark(result.correct.nextStep)} {t("training.expected", { answer: t(`training.steps.${result.expected.nextStep}`) })}
            </p>
          ) : null}
        </fieldset>
        {!done && !disabled ? (
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy} disabled={!harassment || !axis || !step}>
              {t("training.answer")}
            </Button>
          </div>
        ) : null}
      </form>
      <ErrorAlert error={error} />
      <div role="status" aria-live="polite">
        {result ? (
          <div className="alert alert-info explanation">
            <h4>
              {t("training.explanation")} — {t("training.score", { points: result.points, max: result.maxPoints })}
            </h4>
            <p>{result.explanation}</p>
          </div>
        ) : null}
      </div>
    </section>
  );
}
