import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, SelectField, TextAreaField } from "../ui/Field.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import { FLAGS, type Flag, GROUP_IDS, type TriageMessage } from "./types.ts";

/** A reviewer corrects the result with a mandatory reason; the machine's result stays on record. */
export function OverrideForm({ message }: { message: TriageMessage }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [flag, setFlag] = useState<Flag>(message.flag);
  const [groups, setGroups] = useState<number[]>(message.groups);
  const [reason, setReason] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => api<TriageMessage>("POST", `/triage/messages/${message.id}/overrides`, { flag, groups: flag === "none" ? [] : groups, reason }),
    onSuccess: (updated) => {
      qc.setQueryData(["triage", "message", message.id], updated);
      void qc.invalidateQueries({ queryKey: ["triage", "messages"] });
      setReason("");
      setStatus(t("triage.overrideSaved"));
    },
    onError: () => setStatus(null),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    mutation.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="triage-override-title">
      <h2 id="triage-override-title">{t("triage.overrideTitle")}</h2>
      <p>{t("triage.overrideIntro")}</p>
      <SelectField label={t("triage.overrideFlag")} value={flag} onChange={(e) => setFlag(e.target.value as Flag)}>
        {FLAGS.map((f) => (
          <option key={f} value={f}>
            {t(`triage.flags.${f}`)}
          </option>
        ))}
      </SelectField>
      {flag !== "none" ? (
        <fieldset className="fieldset">
          <legend>{t("triage.overrideGroups")}</legend>
          {GROUP_IDS.map((g) => (
            <CheckboxField
              key={g}
              label={t(`incidents.groupLabels.${g}`)}
              checked={groups.includes(g)}
              onChange={(e) => setGroups(e.target.checked ? [...groups, g].sort() : groups.filter((x) => x !== g))}
            />
          ))}
        </fieldset>
      ) : null}
      <TextAreaField
        label={t("triage.reason")}
        hint={t("triage.reasonHint")}
        required
        rows={3}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <ErrorAlert error={mutation.error} />
      <StatusMessage message={status} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={mutation.isPending}>
          {t("triage.saveOverride")}
        </Button>
      </div>
    </form>
  );
}

/** One click: a draft incident with the message's text and evidence, linked back to the message. */
export function CreateIncidentForm({ message }: { message: TriageMessage }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [channel, setChannel] = useState<"email" | "letter" | "online">(message.source === "eml" ? "email" : "online");
  const mutation = useMutation({
    mutationFn: () => api<{ incidentId: string; message: TriageMessage }>("POST", `/triage/messages/${message.id}/incident`, { channel }),
    onSuccess: (out) => {
      qc.setQueryData(["triage", "message", message.id], out.message);
      void qc.invalidateQueries({ queryKey: ["triage", "messages"] });
      void qc.invalidateQueries({ queryKey: ["incidents"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="triage-incident-title">
      <h2 id="triage-incident-title">{t("triage.incidentTitle")}</h2>
      {message.incidentId ? (
        <>
          <StatusMessage message={mutation.isSuccess ? t("triage.incidentCreated") : null} />
          <p>
            <Link to={`/incidents/${message.incidentId}`}>{t("triage.openIncident")}</Link>
          </p>
        </>
      ) : (
        <>
          <p>{t("triage.incidentIntro")}</p>
          <SelectField label={t("triage.channel")} value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
            {(["email", "letter", "online"] as const).map((c) => (
              <option key={c} value={c}>
                {t(`triage.channels.${c}`)}
              </option>
            ))}
          </SelectField>
          <ErrorAlert error={mutation.error} />
          <div className="form-actions">
            <Button type="submit" variant="primary" disabled={mutation.isPending}>
              {t("triage.createIncident")}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}
