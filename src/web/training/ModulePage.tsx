import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../api.ts";
import { Sanitised } from "../policy/Sanitised.tsx";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { Scenario } from "./Scenario.tsx";
import type { AnswerResult, ModuleDetail } from "./types.ts";

/** A module: what the behaviour is (from the policy), what to do, then the scenarios one by one with explanations. */
export function ModulePage() {
  const { t } = useTranslation();
  const id = useParams().id as string;
  const qc = useQueryClient();
  const mod = useQuery({ queryKey: ["training", "module", id], queryFn: () => api<ModuleDetail>("GET", `/training/modules/${id}`) });
  const [results, setResults] = useState<Record<string, AnswerResult>>({});
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const m = mod.data;
  const last = Object.values(results).find((r) => r.attempt.finished);

  const retake = async () => {
    setError(null);
    try {
      await api("POST", `/training/modules/${id}/attempts`);
      setResults({});
      setStatus(null);
      await qc.invalidateQueries({ queryKey: ["training"] });
    } catch (err) {
      setError(err);
    }
  };
  const onResult = (r: AnswerResult) => {
    setResults((all) => ({ ...all, [r.scenarioId]: r }));
    if (r.attempt.finished) {
      setStatus(r.attempt.passed ? t("training.resultPassed", { points: r.attempt.points, max: r.attempt.maxPoints }) : t("training.resultFailed", { points: r.attempt.points, max: r.attempt.maxPoints }));
      void qc.invalidateQueries({ queryKey: ["training", "modules"] });
    }
  };
  const answeredBefore = new Set(m?.attempt?.answered ?? []);

  return (
    <Page title={m?.title ?? t("training.title")}>
      <ErrorAlert error={mod.error ?? error} />
      {mod.isLoading ? <Loading /> : null}
      {m ? (
        <>
          {!m.assigned ? <p className="alert alert-info">{t("training.notAssignedNote")}</p> : null}
          {m.lesson ? (
            <section className="card" aria-labelledby="lesson">
              <h2 id="lesson">{t("training.lesson")}</h2>
              <p className="muted small">{t("training.fromPolicy", { version: m.policyVersion })}</p>
              <h3>{m.lesson.title}</h3>
              <Sanitised html={m.lesson.html} />
            </section>
          ) : null}
          <section className="card" aria-labelledby="what-to-do">
            <h2 id="what-to-do">{t("training.whatToDo")}</h2>
            <Sanitised html={m.whatToDoHtml} />
          </section>
          <h2>{t("training.quiz")}</h2>
          <StatusMessage message={status} />
          {m.scenarios.map((s, i) => (
            <Scenario
              key={s.id}
              moduleId={m.id}
              scenario={s}
              n={i + 1}
              total={m.scenarios.length}
              disabled={!m.assigned || (answeredBefore.has(s.id) && !results[s.id])}
              result={results[s.id] ?? null}
              onResult={onResult}
            />
          ))}
          {m.assigned && (last || answeredBefore.size > 0) ? (
            <p className="form-actions">
              <Button onClick={() => void retake()}>{t("training.retake")}</Button>
            </p>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
