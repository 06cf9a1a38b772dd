import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type ScriptKey, scriptText } from "../../domain/live-assist/scripts.ts";
import { api } from "../api.ts";
import { useMe } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { type LiveConfig, type LiveSession, type ScriptLang, newId, replayJournal, useLiveEvents } from "./client.ts";
import { LiveScreen } from "./LiveScreen.tsx";
import "./live.css";

const LANG_KEY = "mamoru.live-lang";
const SILENT_KEY = "mamoru.live-silent";

export function usePref<T extends string>(key: string, initial: T): [T, (v: T) => void] {
  const [v, setV] = useState<T>(() => (window.localStorage.getItem(key) as T | null) ?? initial);
  return [
    v,
    (next: T) => {
      window.localStorage.setItem(key, next);
      setV(next);
    },
  ];
}

/** The staff member's live screen: one tap to start, then the response as the server knows it (a reload loses nothing). */
export function LivePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [lang, setLang] = usePref<ScriptLang>(`${LANG_KEY}.${me.user.id}`, i18n.language === "en" ? "en" : "ja");
  const [silent, setSilent] = usePref<"0" | "1">(`${SILENT_KEY}.${me.user.id}`, "0");
  const [endedId, setEndedId] = useState<string | null>(null);
  const config = useQuery({ queryKey: ["live-config"], queryFn: () => api<LiveConfig>("GET", "/live-assist/config") });
  const current = useQuery({
    queryKey: ["live-current"],
    queryFn: async () => {
      await replayJournal();
      return api<{ session: LiveSession | null }>("GET", "/live-assist/sessions/current");
    },
    refetchInterval: 5000,
  });
  const ended = useQuery({
    queryKey: ["live-session", endedId],
    queryFn: () => api<LiveSession>("GET", `/live-assist/sessions/${endedId}`),
    enabled: !!endedId && !current.data?.session,
  });
  useLiveEvents(true, () => {
    void qc.invalidateQueries({ queryKey: ["live-current"] });
  });
  const session = current.data?.session ?? null;
  useEffect(() => {
    if (session) setEndedId(session.id);
  }, [session]);

  if (config.isPending || current.isPending) return <Loading />;
  if (config.error) return <ErrorAlert error={config.error} />;
  const scripts = config.data.scripts;
  const say = (key: ScriptKey, params: Record<string, string | number> = {}) => scriptText(scripts as never, key, lang, params);

  const langPicker = (
    <LangPicker value={lang} onChange={setLang} />
  );

  if (session) {
    return (
      <Page title={t("liveAssist.title")}>
        {langPicker}
        <LiveScreen
          session={session}
          say={say}
          silent={silent === "1"}
          onChange={(s) => {
            qc.setQueryData(["live-current"], { session: s.endedAt ? null : s });
            if (s.endedAt) {
              setEndedId(s.id);
              qc.setQueryData(["live-session", s.id], s);
            }
          }}
        />
      </Page>
    );
  }
  const last = ended.data?.endedAt ? ended.data : null;
  return (
    <Page title={t("liveAssist.title")} intro={t("liveAssist.intro")}>
      {last ? (
        <section className="card" aria-labelledby="live-ended">
          <h2 id="live-ended">{t("liveAssist.ended")}</h2>
          {last.incidentId ? <Link to={`/incidents/${last.incidentId}`}>{t("liveAssist.openIncident")}</Link> : <p>{t("liveAssist.incidentPending")}</p>}
        </section>
      ) : null}
      <StartPanel config={config.data} silent={silent === "1"} setSilent={(v) => setSilent(v ? "1" : "0")} lang={lang} langPicker={langPicker} onStarted={(s) => qc.setQueryData(["live-current"], { session: s })} />
      {current.error ? <ErrorAlert error={current.error} /> : null}
    </Page>
  );
}

function LangPicker({ value, onChange }: { value: ScriptLang; onChange: (v: ScriptLang) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field live-lang">
      <label htmlFor={id}>{t("liveAssist.scriptLanguage")}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as ScriptLang)}>
        {(["ja", "en", "easy"] as const).map((l) => (
          <option key={l} value={l}>
            {t(`liveAssist.languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function StartPanel({ config, silent, setSilent, lang, langPicker, onStarted }: { config: LiveConfig; silent: boolean; setSilent: (v: boolean) => void; lang: ScriptLang; langPicker: React.ReactNode; onStarted: (s: LiveSession) => void }) {
  const { t, i18n } = useTranslation();
  const [place, setPlace] = useState("");
  const [companion, setCompanion] = useState("");
  const [returnAt, setReturnAt] = useState(() => {
    const d = new Date(Date.now() + 60 * 60_000);
    return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  });
  const colleagues = useQuery({ queryKey: ["live-colleagues"], queryFn: () => api<{ colleagues: Array<{ id: string; displayName: string }> }>("GET", "/live-assist/colleagues") });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const silentId = useId();
  const start = async (channel: string) => {
    setError(null);
    let visit: { companionId: string; expectedReturnAt: string } | undefined;
    if (channel === "visit") {
      if (!companion) {
        setError(new Error(t("liveAssist.companionRequired")));
        return;
      }
      const [h, m] = returnAt.split(":").map(Number);
      const at = new Date();
      at.setHours(h ?? 0, m ?? 0, 0, 0);
      if (at.getTime() <= Date.now()) at.setDate(at.getDate() + 1);
      visit = { companionId: companion, expectedReturnAt: at.toISOString() };
    }
    setBusy(true);
    try {
      // One key per tap: a double tap or a retry returns the same session.
      const key = newId("start");
      const s = await api<LiveSession>("POST", "/live-assist/sessions", { channel, place: place.trim() || null, language: lang, ...(visit ? { visit } : {}) }, { headers: { "Idempotency-Key": key } });
      onStarted(s);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const dept = config.departmentName ? (i18n.language === "en" ? config.departmentName.en : config.departmentName.ja) : "—";
  return (
    <section className="card" aria-labelledby="live-start">
      <h2 id="live-start">{t("liveAssist.startTitle")}</h2>
      <p className="hint">{t("liveAssist.startHint")}</p>
      <p>
        {t("liveAssist.department")}: <strong>{dept}</strong>
      </p>
      <TextField label={t("liveAssist.place")} hint={t("liveAssist.placeHint")} value={place} onChange={(e) => setPlace(e.target.value)} maxLength={200} />
      {langPicker}
      <fieldset>
        <legend>{t("liveAssist.visitTitle")}</legend>
        <div className="field">
          <label htmlFor={`${silentId}-companion`}>{t("liveAssist.companion")}</label>
          <select id={`${silentId}-companion`} value={companion} onChange={(e) => setCompanion(e.target.value)}>
            <option value="">{t("liveAssist.chooseCompanion")}</option>
            {(colleagues.data?.colleagues ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${silentId}-return`}>{t("liveAssist.expectedReturn")}</label>
          <input id={`${silentId}-return`} type="time" value={returnAt} onChange={(e) => setReturnAt(e.target.value)} />
        </div>
      </fieldset>
      <div className="live-start-buttons">
        {config.channels.map((ch) => (
          <Button key={ch} variant="primary" className="live-big" busy={busy} disabled={!config.canStart} onClick={() => void start(ch)}>
            {t("liveAssist.startWith", { channel: t(`liveAssist.channels.${ch}`) })}
          </Button>
        ))}
      </div>
      <div className="checkbox-field">
        <input id={silentId} type="checkbox" checked={silent} onChange={(e) => setSilent(e.target.checked)} />
        <label htmlFor={silentId}>{t("liveAssist.silentSetting")}</label>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
