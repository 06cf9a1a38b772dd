import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { GROUPS } from "./labels.ts";

interface QueueItem {
  id: string;
  incidentId: string;
  number: string;
  status: string;
  ruleName: string;
  queuedAt: string;
}
interface Rule {
  id: string;
  name: string;
  mode: "any" | "all";
  conditions: { groups?: number[]; police?: boolean; harmToStaff?: boolean; channels?: string[]; codes?: string[] };
  active: boolean;
}

/** Central administration: the queue of incidents the reporting rules sent, and the rules themselves. */
export function ReportingPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <Page title={t("incidentRecord.reportingTitle")} intro={t("incidentRecord.reportingIntro")}>
      <StatusMessage message={status} />
      <Queue onDone={setStatus} />
      <Rules onDone={setStatus} />
    </Page>
  );
}

function Queue({ onDone }: { onDone: (m: string) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const queue = useQuery({ queryKey: ["central-queue"], queryFn: () => api<{ items: QueueItem[] }>("GET", "/central-queue?limit=200") });
  const ack = useMutation({
    mutationFn: (item: QueueItem) => api("POST", `/central-queue/${item.id}/acknowledge`),
    onSuccess: (_, item) => {
      void qc.invalidateQueries({ queryKey: ["central-queue"] });
      onDone(t("incidentRecord.acknowledged", { number: item.number }));
    },
  });
  const items = queue.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">{t("incidentRecord.queueTitle")}</h2>
      <ErrorAlert error={queue.error ?? ack.error} />
      {queue.isPending ? <Loading /> : null}
      {queue.data && items.length === 0 ? <p className="muted">{t("incidentRecord.queueEmpty")}</p> : null}
      {items.length > 0 ? (
        <table className="table">
          <caption>{t("incidentRecord.queueCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("incidents.number")}</th>
              <th scope="col">{t("incidentRecord.rule")}</th>
              <th scope="col">{t("incidentRecord.queuedAt")}</th>
              <th scope="col">{t("incidents.status")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("incidentRecord.acknowledge")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <th scope="row" data-label={t("incidents.number")}>
                  <Link to={`/incidents/${item.incidentId}`}>{item.number}</Link>
                </th>
                <td data-label={t("incidentRecord.rule")}>{item.ruleName}</td>
                <td data-label={t("incidentRecord.queuedAt")}>{formatDateTime(item.queuedAt, i18n.language)}</td>
                <td data-label={t("incidents.status")}>{t(`incidents.statuses.${item.status}`)}</td>
                <td>
                  <Button
                    className="btn-small"
                    aria-label={t("incidentRecord.acknowledgeNamed", { number: item.number })}
                    busy={ack.isPending && ack.variables?.id === item.id}
                    disabled={ack.isPending}
                    onClick={() => ack.mutate(item)}
                  >
                    {t("incidentRecord.acknowledge")}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Rules({ onDone }: { onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: ["report-rules"], queryFn: () => api<{ rules: Rule[] }>("GET", "/report-rules") });
  const [name, setName] = useState("");
  const [mode, setMode] = useState<"any" | "all">("any");
  const [groups, setGroups] = useState<number[]>([]);
  const [police, setPolice] = useState(false);
  const [harm, setHarm] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      api<Rule>("POST", "/report-rules", {
        name: name.trim(),
        mode,
        conditions: {
          ...(groups.length > 0 ? { groups: [...groups].sort() } : {}),
          ...(police ? { police: true } : {}),
          ...(harm ? { harmToStaff: true } : {}),
        },
      }),
    onSuccess: (rule) => {
      setName("");
      setGroups([]);
      setPolice(false);
      setHarm(false);
      void qc.invalidateQueries({ queryKey: ["report-rules"] });
      onDone(t("incidentRecord.ruleAdded", { name: rule.name }));
    },
  });
  const remove = useMutation({
    mutationFn: (rule: Rule) => api("DELETE", `/report-rules/${rule.id}`),
    onSuccess: (_, rule) => {
      void qc.invalidateQueries({ queryKey: ["report-rules"] });
      onDone(t("incidentRecord.ruleDeleted", { name: rule.name }));
    },
  });
  const describe = (r: Rule) =>
    [
      ...(r.conditions.groups ?? []).map((g) => t(`incidents.groupLabels.${g}`)),
      r.conditions.police ? t("incidentRecord.rulePolice") : null,
      r.conditions.harmToStaff ? t("incidentRecord.ruleHarm") : null,
      ...(r.conditions.channels ?? []).map((c) => t(`incidents.channels.${c}`)),
      ...(r.conditions.codes ?? []),
    ]
      .filter(Boolean)
      .join(r.mode === "all" ? " + " : " / ");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const list = rules.data?.rules ?? [];
  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title">{t("incidentRecord.rulesTitle")}</h2>
      <ErrorAlert error={rules.error ?? remove.error} />
      {rules.data && list.length === 0 ? <p className="muted">{t("incidentRecord.rulesEmpty")}</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">{t("incidentRecord.rulesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("incidentRecord.ruleName")}</th>
              <th scope="col">{t("incidentRecord.ruleConditions")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("incidentRecord.deleteRule")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <th scope="row" data-label={t("incidentRecord.ruleName")}>
                  {r.name}
                </th>
                <td data-label={t("incidentRecord.ruleConditions")}>
                  {t(`incidentRecord.ruleModes.${r.mode}`)}: {describe(r)}
                </td>
                <td>
                  <Button
                    className="btn-small"
                    aria-label={t("incidentRecord.deleteRuleNamed", { name: r.name })}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(r)}
                  >
                    {t("incidentRecord.deleteRule")}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <TextField label={t("incidentRecord.ruleName")} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.ruleMode")}</legend>
          <div className="radio-row">
            {(["any", "all"] as const).map((m) => (
              <label key={m} className={`choice choice-small ${mode === m ? "is-checked" : ""}`}>
                <input type="radio" name="rule-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                <span>{t(`incidentRecord.ruleModes.${m}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.ruleConditions")}</legend>
          {GROUPS.map((g) => (
            <CheckboxField
              key={g}
              label={t(`incidents.groupLabels.${g}`)}
              checked={groups.includes(g)}
              onChange={(e) => setGroups(e.target.checked ? [...groups, g] : groups.filter((x) => x !== g))}
            />
          ))}
          <CheckboxField label={t("incidentRecord.rulePolice")} checked={police} onChange={(e) => setPolice(e.target.checked)} />
          <CheckboxField label={t("incidentRecord.ruleHarm")} checked={harm} onChange={(e) => setHarm(e.target.checked)} />
        </fieldset>
        <ErrorAlert error={add.error} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={add.isPending}>
            {t("incidentRecord.addRule")}
          </Button>
        </div>
      </form>
    </section>
  );
}
