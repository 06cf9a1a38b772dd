import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, type Incident, api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { NotFound } from "../ui/NotFound.tsx";
import { Page } from "../ui/Page.tsx";
import { type Candidate, RecordFields } from "./RecordFields.tsx";
import { type RecordForm, bodyFrom, clearLocal, formFrom, loadLocal, storeLocal } from "./record-form.ts";

const AUTOSAVE_MS = 1200;
const RETRY_MS = 5000;

type SaveState =
  | { kind: "idle" }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "offline" }
  | { kind: "conflict" }
  | { kind: "error"; error: ApiError };

/** Everything beyond the quick form, added later: saved automatically, kept on the device until the server has it. */
export function IncidentEditPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [generation, setGeneration] = useState(0);
  const incident = useQuery({
    queryKey: ["incident", id],
    queryFn: () => api<Incident>("GET", `/incidents/${encodeURIComponent(id)}`),
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    // The form owns the record while it is open: a background refetch must not replace what is typed.
    refetchOnWindowFocus: false,
  });
  if (incident.error instanceof ApiError && (incident.error.status === 404 || incident.error.status === 400)) return <NotFound />;
  if (incident.isPending) return <Loading />;
  if (incident.error || !incident.data) {
    return (
      <Page title={t("incidents.loadFailed")}>
        <ErrorAlert error={incident.error} />
      </Page>
    );
  }
  const reload = () => void incident.refetch().then(() => setGeneration((g) => g + 1));
  return <Editor key={`${incident.data.id}-${generation}`} initial={incident.data} reload={reload} />;
}

function Editor({ initial, reload }: { initial: Incident; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [restored] = useState(() => {
    const s = loadLocal(initial.id);
    return s && s.version === initial.version ? s.form : null;
  });
  const [form, setForm] = useState<RecordForm>(() => restored ?? formFrom(initial));
  const [state, setState] = useState<SaveState>(restored ? { kind: "dirty" } : { kind: "idle" });
  const candidates = useQuery({
    queryKey: ["incident", initial.id, "staff-candidates"],
    queryFn: () => api<{ users: Candidate[] }>("GET", `/incidents/${initial.id}/staff-candidates`),
  });
  const version = useRef(initial.version);
  const hadCounterpart = useRef(initial.counterpart !== null);
  const latest = useRef(form);
  const inFlight = useRef(false);

  const save = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    const sent = latest.current;
    setState({ kind: "saving" });
    try {
      const next = await api<Incident>("PATCH", `/incidents/${initial.id}`, {
        version: version.current,
        ...bodyFrom(sent, { hadCounterpart: hadCounterpart.current, setRetention: initial.can.setRetention }),
      });
      version.current = next.version;
      hadCounterpart.current = next.counterpart !== null;
      qc.setQueryData(["incident", initial.id], next);
      void qc.invalidateQueries({ queryKey: ["incidents"] });
      if (latest.current === sent) {
        clearLocal(initial.id);
        setState({ kind: "saved", at: new Date() });
      } else {
        storeLocal(initial.id, next.version, latest.current);
        setState({ kind: "dirty" });
      }
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "network_error", String(err));
      if (e.status === 0 || e.status >= 500) setState({ kind: "offline" });
      else if (e.status === 409 && e.code === "incident_version_conflict") setState({ kind: "conflict" });
      else setState({ kind: "error", error: e });
    } finally {
      inFlight.current = false;
    }
  }, [initial.id, initial.can.setRetention, qc]);

  const change = (next: RecordForm) => {
    latest.current = next;
    setForm(next);
    storeLocal(initial.id, version.current, next);
    setState((s) => (s.kind === "conflict" ? s : { kind: "dirty" }));
  };

  // Autosave a moment after the last change; while offline, try again every few seconds and when the browser is back online.
  useEffect(() => {
    if (state.kind === "dirty") {
      const timer = window.setTimeout(() => void save(), AUTOSAVE_MS);
      return () => window.clearTimeout(timer);
    }
    if (state.kind === "offline") {
      const timer = window.setTimeout(() => void save(), RETRY_MS);
      const online = () => void save();
      window.addEventListener("online", online);
      return () => {
        window.clearTimeout(timer);
        window.removeEventListener("online", online);
      };
    }
    return undefined;
  }, [state, save]);

  const loadLatest = () => {
    clearLocal(initial.id);
    reload();
  };

  const time =
    state.kind === "saved"
      ? state.at.toLocaleTimeString(i18n.language === "en" ? "en-GB" : "ja-JP", { hour: "2-digit", minute: "2-digit", second: "2-digit" })
      : "";
  const statusText =
    state.kind === "saving"
      ? t("incidentRecord.saving")
      : state.kind === "saved"
        ? t("incidentRecord.saved", { time })
        : state.kind === "dirty"
          ? t("incidentRecord.unsaved")
          : state.kind === "idle" && restored
            ? t("incidentRecord.restoredLocal")
            : null;
  return (
    <Page
      title={t("incidentRecord.editTitle", { number: initial.number })}
      intro={t("incidentRecord.editIntro")}
      actions={
        <Link className="btn btn-secondary" to={`/incidents/${initial.id}`}>
          {t("incidentRecord.backToIncident")}
        </Link>
      }
    >
      {restored ? <p className="alert alert-info">{t("incidentRecord.restoredLocal")}</p> : null}
      <form
        className="form record-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <RecordFields form={form} onChange={change} canSetRetention={initial.can.setRetention} candidates={candidates.data?.users ?? []} />
        <div className="autosave-bar">
          <StatusMessage message={statusText} />
          {state.kind === "offline" ? (
            <div className="alert alert-warning" role="alert">
              {t("incidentRecord.offline")}
            </div>
          ) : null}
          {state.kind === "conflict" ? (
            <div className="alert alert-error" role="alert">
              {t("incidentRecord.conflict")}{" "}
              <Button className="btn-small" onClick={loadLatest}>
                {t("incidentRecord.reloadLatest")}
              </Button>
            </div>
          ) : null}
          {state.kind === "error" ? <ErrorAlert error={state.error} /> : null}
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={state.kind === "saving"} disabled={state.kind === "conflict"}>
              {t("incidentRecord.saveNow")}
            </Button>
          </div>
        </div>
      </form>
    </Page>
  );
}
