import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { SCRIPT_KEYS, SCRIPT_LANGUAGES, type ScriptKey, type ScriptLanguage } from "../../domain/live-assist/scripts.ts";
import { api } from "../api.ts";
import { departmentName, treeOrder, useDepartments } from "../accounts/departments.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import type { ScriptLibrary } from "./client.ts";

interface Setting {
  scope: string;
  departmentId: string | null;
  channel: string | null;
  thresholdSeconds: number;
  needsApproval: string[];
  escalateSeconds: number;
}
interface SettingsReply {
  settings: Setting[];
  approvable: string[];
}

/** Central: thresholds, approval steps and escalation time per department and channel; the script editor. */
export function LiveSettingsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t("liveAssist.settingsTitle")} intro={t("liveAssist.settingsIntro")}>
      <ThresholdSettings />
      <ScriptEditor />
    </Page>
  );
}

function ThresholdSettings() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ["live-settings"], queryFn: () => api<SettingsReply>("GET", "/live-assist/settings") });
  const depts = useDepartments();
  const [dept, setDept] = useState("");
  const [channel, setChannel] = useState("");
  const [seconds, setSeconds] = useState("1800");
  const [escalate, setEscalate] = useState("60");
  const [approval, setApproval] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  if (settings.isPending || depts.isPending) return <Loading />;
  if (settings.error) return <ErrorAlert error={settings.error} />;
  const deptLabel = (d: string | null) => (d ? departmentName(depts.data?.find((x) => x.id === d), i18n.language) : t("liveAssist.allDepartments"));
  const save = async () => {
    setError(null);
    setStatus(null);
    try {
      await api("PUT", "/live-assist/settings", { departmentId: dept || null, channel: channel || null, thresholdSeconds: Number(seconds), escalateSeconds: Number(escalate), needsApproval: approval });
      await qc.invalidateQueries({ queryKey: ["live-settings"] });
      setStatus(t("liveAssist.savedSetting"));
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (scope: string) => {
    setError(null);
    try {
      await api("DELETE", `/live-assist/settings/${encodeURIComponent(scope)}`);
      await qc.invalidateQueries({ queryKey: ["live-settings"] });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("liveAssist.currentSettings")}</h2>
      {settings.data.settings.length === 0 ? (
        <p>{t("liveAssist.noSettings")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("liveAssist.scope")}</th>
              <th scope="col">{t("liveAssist.thresholdSeconds")}</th>
              <th scope="col">{t("liveAssist.needsApproval")}</th>
              <th scope="col">{t("liveAssist.escalateSeconds")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("liveAssist.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {settings.data.settings.map((s) => (
              <tr key={s.scope}>
                <th scope="row">
                  {deptLabel(s.departmentId)} · {s.channel ? t(`liveAssist.channels.${s.channel}`) : t("liveAssist.allChannels")}
                </th>
                <td>{s.thresholdSeconds}</td>
                <td>{s.needsApproval.map((k) => t(`liveAssist.steps.${k}`)).join("、") || "—"}</td>
                <td>{s.escalateSeconds}</td>
                <td>
                  <Button onClick={() => void remove(s.scope)}>{t("liveAssist.remove")}</Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="field">
        <label htmlFor={`${id}-dept`}>{t("liveAssist.department")}</label>
        <select id={`${id}-dept`} value={dept} onChange={(e) => setDept(e.target.value)}>
          <option value="">{t("liveAssist.allDepartments")}</option>
          {treeOrder(depts.data ?? []).map(({ department: d, depth }) => (
            <option key={d.id} value={d.id}>
              {"　".repeat(depth)}
              {departmentName(d, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-ch`}>{t("liveAssist.channel")}</label>
        <select id={`${id}-ch`} value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">{t("liveAssist.allChannels")}</option>
          {(["counter", "phone", "visit"] as const).map((c) => (
            <option key={c} value={c}>
              {t(`liveAssist.channels.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-sec`}>{t("liveAssist.thresholdSeconds")}</label>
        <input id={`${id}-sec`} type="number" min={10} max={86400} value={seconds} onChange={(e) => setSeconds(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-esc`}>{t("liveAssist.escalateSeconds")}</label>
        <input id={`${id}-esc`} type="number" min={5} max={3600} value={escalate} onChange={(e) => setEscalate(e.target.value)} />
      </div>
      <fieldset>
        <legend>{t("liveAssist.needsApproval")}</legend>
        {settings.data.approvable.map((k) => (
          <div className="checkbox-field" key={k}>
            <input id={`${id}-ap-${k}`} type="checkbox" checked={approval.includes(k)} onChange={(e) => setApproval((xs) => (e.target.checked ? [...xs, k] : xs.filter((x) => x !== k)))} />
            <label htmlFor={`${id}-ap-${k}`}>{t(`liveAssist.steps.${k}`)}</label>
          </div>
        ))}
      </fieldset>
      <Button variant="primary" onClick={() => void save()}>
        {t("liveAssist.save")}
      </Button>
      <StatusMessage message={status} />
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}

function ScriptEditor() {
  const { t } = useTranslation();
  const scripts = useQuery({ queryKey: ["live-scripts"], queryFn: () => api<{ lines: ScriptLibrary }>("GET", "/live-assist/scripts") });
  if (scripts.isPending) return <Loading />;
  if (scripts.error) return <ErrorAlert error={scripts.error} />;
  return (
    <section className="card" aria-labelledby="live-scripts">
      <h2 id="live-scripts">{t("liveAssist.scriptsTitle")}</h2>
      <p className="hint">{t("liveAssist.scriptsIntro")}</p>
      {SCRIPT_KEYS.map((key) => (
        <fieldset key={key}>
          <legend>{t(`liveAssist.scriptKeys.${key}`)}</legend>
          {SCRIPT_LANGUAGES.map((lang) => (
            <ScriptLine key={lang} scriptKey={key} lang={lang} value={scripts.data.lines[key]?.[lang] ?? ""} />
          ))}
        </fieldset>
      ))}
    </section>
  );
}

function ScriptLine({ scriptKey, lang, value }: { scriptKey: ScriptKey; lang: ScriptLanguage; value: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const id = useId();
  const [text, setText] = useState(value);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setText(value), [value]);
  const save = async () => {
    setError(null);
    setStatus(null);
    try {
      await api("PUT", `/live-assist/scripts/${scriptKey}/${lang}`, { text });
      await qc.invalidateQueries({ queryKey: ["live-scripts"] });
      await qc.invalidateQueries({ queryKey: ["live-config"] });
      setStatus(t("liveAssist.savedScript"));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {t(`liveAssist.scriptKeys.${scriptKey}`)} ({t(`liveAssist.languages.${lang}`)})
      </label>
      <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
      <Button onClick={() => void save()}>{t("liveAssist.save")}</Button>
      <StatusMessage message={status} />
      {error ? <ErrorAlert error={error} /> : null}
    </div>
  );
}
