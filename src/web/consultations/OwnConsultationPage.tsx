import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { ApiError, type IncidentSummary, api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog } from "../ui/Dialog.tsx";
import { SelectField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { NotFound } from "../ui/NotFound.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { ProtectionAndChannels } from "./InfoSections.tsx";
import { ThreadView } from "./Thread.tsx";
import { type Thread, uploadAttachment } from "./client.ts";

/** The staff member's own named consultation: the conversation, files, and consent to link it to an incident. */
export function OwnConsultationPage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created;
  const { me } = useSession();
  const qc = useQueryClient();
  const key = ["consultation", id];
  const thread = useQuery({
    queryKey: key,
    queryFn: () => api<Thread>("GET", `/consultations/${encodeURIComponent(id)}`),
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
  const set = (next: Thread) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: ["consultations", "mine"] });
  };

  if (thread.error instanceof ApiError && (thread.error.status === 404 || thread.error.status === 400 || thread.error.status === 403)) return <NotFound />;
  if (thread.isPending) return <Loading />;
  if (thread.error || !thread.data) {
    return (
      <Page title={t("consultations.loadFailed")}>
        <ErrorAlert error={thread.error} />
      </Page>
    );
  }
  const c = thread.data;
  return (
    <Page
      title={t("consultations.threadTitle")}
      actions={
        <Link className="btn btn-secondary" to="/consultations">
          {t("consultations.backToList")}
        </Link>
      }
    >
      <StatusMessage message={created ? t("consultations.namedSent") : null} />
      <p className="badge-row">
        <span className="badge badge-muted">
          {t("consultations.status")}: {t(`consultations.statuses.${c.status}`)}
        </span>
        <span className="badge badge-muted">{formatDateTime(c.createdAt, i18n.language)}</span>
      </p>
      <ThreadView
        thread={c}
        viewer="owner"
        onSend={async (body) => set(await api<Thread>("POST", `/consultations/${id}/messages`, { body }))}
        onAttach={async (file) => set(await uploadAttachment<Thread>(`/consultations/${id}/attachments`, file, { csrf: me?.csrfToken ?? null }))}
        download={{ href: (a) => `/api/consultations/${id}/attachments/${a.id}` }}
      />
      <ConsentSection thread={c} onChange={set} />
      <ProtectionAndChannels compact />
    </Page>
  );
}

function ConsentSection({ thread, onChange }: { thread: Thread; onChange: (t: Thread) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = thread.id as string;
  const active = thread.consents.find((c) => c.withdrawnAt === null);
  const incidents = useQuery({
    queryKey: ["incidents", "for-consent"],
    queryFn: () => api<{ incidents: IncidentSummary[] }>("GET", "/incidents?limit=100"),
    enabled: !active,
  });
  const number = (incidentId: string) => incidents.data?.incidents.find((i) => i.id === incidentId)?.number ?? incidentId.slice(0, 8);
  const [choice, setChoice] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const give = useMutation({
    mutationFn: (incidentId: string) => api<Thread>("POST", `/consultations/${id}/consent`, { incidentId }),
    onSuccess: (next) => {
      onChange(next);
      setStatus(null);
    },
  });
  const withdraw = useMutation({
    mutationFn: () => api<Thread>("DELETE", `/consultations/${id}/consent`),
    onSuccess: (next) => {
      onChange(next);
      setConfirming(false);
      setStatus(t("consultations.consentWithdrawn"));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!choice) {
      give.reset();
      setStatus(null);
      return;
    }
    give.mutate(choice);
  };
  return (
    <section className="card" aria-labelledby="consult-consent">
      <h2 id="consult-consent">{t("consultations.consentTitle")}</h2>
      <p>{t("consultations.consentIntro")}</p>
      <StatusMessage message={status} />
      {active ? (
        <>
          <p>
            <span className="badge badge-ok">{t("consultations.consentActive")}</span>{" "}
            {t("consultations.consentGiven", { at: formatDateTime(active.givenAt, lang), incident: number(active.incidentId) })}
          </p>
          <Button variant="danger" onClick={() => setConfirming(true)}>
            {t("consultations.consentWithdraw")}
          </Button>
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          <ErrorAlert error={incidents.error} />
          {incidents.data && incidents.data.incidents.length === 0 ? <p className="muted">{t("consultations.consentNoIncidents")}</p> : null}
          {incidents.data && incidents.data.incidents.length > 0 ? (
            <>
              <SelectField label={t("consultations.consentIncident")} value={choice} onChange={(e) => setChoice(e.target.value)}>
                <option value="">{t("consultations.consentChoose")}</option>
                {incidents.data.incidents.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.number} — {i.summary.slice(0, 40)}
                  </option>
                ))}
              </SelectField>
              <ErrorAlert error={give.error} />
              <div className="form-actions">
                <Button type="submit" variant="primary" busy={give.isPending} disabled={!choice}>
                  {t("consultations.consentGive")}
                </Button>
              </div>
            </>
          ) : null}
        </form>
      )}
      {thread.consents.some((c) => c.withdrawnAt) ? (
        <>
          <h3 className="h-small">{t("consultations.consentHistory")}</h3>
          <ul>
            {thread.consents.map((c) => (
              <li key={c.givenAt}>
                {t("consultations.consentGiven", { at: formatDateTime(c.givenAt, lang), incident: number(c.incidentId) })}
                {c.withdrawnAt ? ` — ${t("consultations.consentWithdrawnAt", { at: formatDateTime(c.withdrawnAt, lang) })}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={t("consultations.consentWithdraw")}
          message={t("consultations.consentWithdrawConfirm")}
          confirmLabel={t("consultations.consentWithdraw")}
          danger
          busy={withdraw.isPending}
          error={<ErrorAlert error={withdraw.error} />}
          onConfirm={() => withdraw.mutate()}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
