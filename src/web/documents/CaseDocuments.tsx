import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { CasePackages } from "./CasePackages.tsx";

const KINDS = ["warning", "end_of_response", "written_only", "restriction_notice"] as const;
const RESTRICTION_KINDS = ["single_contact", "written_only", "time_limit", "premises_ban"] as const;

interface Letter {
  id: string;
  title: string;
  issuedAt: string;
  pdfUrl: string;
}

/** Letters of an incident (list; supervisors and central issue them), the restriction form and the police/lawyer package. */
export function CaseDocuments({ incidentId, counterpartId }: { incidentId: string; counterpartId: string | null }) {
  const { t } = useTranslation();
  const { hasRole } = useSession();
  const decides = hasRole("supervisor") || hasRole("central");
  const letters = useQuery({ queryKey: ["letters", incidentId], queryFn: () => api<{ letters: Letter[] }>("GET", `/incidents/${incidentId}/letters`) });
  return (
    <section className="card no-print" aria-labelledby="incident-letters">
      <h2 id="incident-letters">{t("documents.lettersTitle")}</h2>
      {letters.data?.letters.length ? (
        <ul>
          {letters.data.letters.map((l) => (
            <li key={l.id}>
              {l.title}({l.issuedAt.slice(0, 10)}){" "}
              <a href={`${l.pdfUrl}`} target="_blank" rel="noreferrer">
                {t("documents.openPdf")}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("documents.lettersNone")}</p>
      )}
      {decides ? <IssueLetter incidentId={incidentId} counterpartId={counterpartId} /> : null}
      {decides && counterpartId ? <RestrictionForm counterpartId={counterpartId} incidentId={incidentId} /> : null}
      {decides ? <CasePackages incidentId={incidentId} /> : null}
    </section>
  );
}

function IssueLetter({ incidentId, counterpartId }: { incidentId: string; counterpartId: string | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<(typeof KINDS)[number]>("warning");
  const [body, setBody] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [address, setAddress] = useState({ postalCode: "", postalAddress: "" });
  const prepare = useMutation({
    mutationFn: () => api<{ body: string }>("GET", `/incidents/${incidentId}/letters/preview?kind=${kind}`),
    onSuccess: (r) => {
      setBody(r.body);
      setDone(null);
    },
  });
  const issue = useMutation({
    mutationFn: () => api<{ title: string }>("POST", `/incidents/${incidentId}/letters`, { kind, body: body ?? undefined }),
    onSuccess: (r) => {
      setDone(t("documents.issued", { title: r.title }));
      setBody(null);
      void client.invalidateQueries({ queryKey: ["letters", incidentId] });
    },
  });
  const saveAddress = useMutation({
    mutationFn: () => api("PUT", `/counterparts/${counterpartId}/postal-address`, { postalCode: address.postalCode || null, postalAddress: address.postalAddress }),
    onSuccess: () => prepare.mutate(),
  });
  const noAddress = prepare.error instanceof ApiError && prepare.error.code === "letter_no_address";
  return (
    <div className="subsection">
      <SelectField label={t("documents.letterKind")} value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`documents.kinds.${k}`)}
          </option>
        ))}
      </SelectField>
      <Button onClick={() => prepare.mutate()} busy={prepare.isPending}>
        {t("documents.prepare")}
      </Button>
      {prepare.error ? <ErrorAlert error={prepare.error} /> : null}
      {noAddress && counterpartId ? (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            saveAddress.mutate();
          }}
        >
          <h3>{t("documents.addressTitle")}</h3>
          <TextField label={t("documents.postalCode")} value={address.postalCode} onChange={(e) => setAddress({ ...address, postalCode: e.target.value })} />
          <TextField label={t("documents.postalAddress")} required value={address.postalAddress} onChange={(e) => setAddress({ ...address, postalAddress: e.target.value })} />
          <Button type="submit" busy={saveAddress.isPending}>
            {t("documents.saveAddress")}
          </Button>
          {saveAddress.error ? <ErrorAlert error={saveAddress.error} /> : null}
        </form>
      ) : null}
      {body !== null ? (
        <>
          <TextAreaField label={t("documents.letterBody")} rows={14} value={body} onChange={(e) => setBody(e.target.value)} />
          <Button variant="primary" onClick={() => issue.mutate()} busy={issue.isPending}>
            {t("documents.issue")}
          </Button>
        </>
      ) : null}
      {issue.error ? <ErrorAlert error={issue.error} /> : null}
      {done ? (
        <p role="status" className="success">
          {done}
        </p>
      ) : null}
    </div>
  );
}

function RestrictionForm({ counterpartId, incidentId }: { counterpartId: string; incidentId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const [f, setF] = useState({ kind: "single_contact" as (typeof RESTRICTION_KINDS)[number], scope: "", reason: "", startsOn: today, reviewOn: "", endsOn: "", timeLimitMinutes: "" });
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api("POST", `/counterparts/${counterpartId}/restrictions`, {
        kind: f.kind,
        scope: f.scope,
        reason: f.reason,
        incidentIds: [incidentId],
        startsOn: f.startsOn,
        reviewOn: f.reviewOn,
        endsOn: f.endsOn || null,
        timeLimitMinutes: f.kind === "time_limit" && f.timeLimitMinutes ? Number(f.timeLimitMinutes) : null,
      }),
    onSuccess: () => {
      setDone(true);
      void client.invalidateQueries({ queryKey: ["restrictions", counterpartId] });
    },
  });
  return (
    <form
      className="subsection"
      aria-labelledby="restriction-form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setDone(false);
        save.mutate();
      }}
    >
      <h3 id="restriction-form">{t("documents.restrictionFormTitle")}</h3>
      <SelectField label={t("documents.restrictionKind")} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as (typeof RESTRICTION_KINDS)[number] })}>
        {RESTRICTION_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`documents.restrictionKinds.${k}`)}
          </option>
        ))}
      </SelectField>
      {f.kind === "time_limit" ? <TextField label={t("documents.timeLimitMinutes")} type="number" min={1} max={480} required value={f.timeLimitMinutes} onChange={(e) => setF({ ...f, timeLimitMinutes: e.target.value })} /> : null}
      <TextField label={t("documents.scope")} required value={f.scope} onChange={(e) => setF({ ...f, scope: e.target.value })} />
      <TextAreaField label={t("documents.reason")} required rows={3} value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value })} />
      <TextField label={t("documents.startsOn")} type="date" required value={f.startsOn} onChange={(e) => setF({ ...f, startsOn: e.target.value })} />
      <TextField label={t("documents.reviewOn")} type="date" required value={f.reviewOn} onChange={(e) => setF({ ...f, reviewOn: e.target.value })} />
      <TextField label={t("documents.endsOn")} type="date" value={f.endsOn} onChange={(e) => setF({ ...f, endsOn: e.target.value })} />
      <Button type="submit" busy={save.isPending}>
        {t("documents.register")}
      </Button>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {done ? (
        <p role="status" className="success">
          {t("documents.registered")}
        </p>
      ) : null}
    </form>
  );
}
