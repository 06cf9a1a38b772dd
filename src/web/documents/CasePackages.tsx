import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { SelectField, TextField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";

interface CasePackage {
  id: string;
  purpose: "police" | "lawyer";
  requestedAt: string;
  approved: boolean;
  downloadUrl: string;
}

/** Ask for a police/lawyer package; central approves; then it can be downloaded as a signed ZIP. */
export function CasePackages({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const { hasRole } = useSession();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ["packages", incidentId], queryFn: () => api<{ packages: CasePackage[] }>("GET", `/incidents/${incidentId}/packages`) });
  const [purpose, setPurpose] = useState<"police" | "lawyer">("police");
  const [reason, setReason] = useState("");
  const refresh = () => void client.invalidateQueries({ queryKey: ["packages", incidentId] });
  const ask = useMutation({ mutationFn: () => api("POST", `/incidents/${incidentId}/packages`, { purpose, reason }), onSuccess: refresh });
  const approve = useMutation({ mutationFn: (id: string) => api("POST", `/case-packages/${id}/approve`), onSuccess: refresh });
  return (
    <div className="subsection">
      <h3>{t("documents.packageTitle")}</h3>
      <ul>
        {(list.data?.packages ?? []).map((p) => (
          <li key={p.id}>
            {t(`documents.purposes.${p.purpose}`)}({p.requestedAt.slice(0, 10)}){" "}
            {p.approved ? (
              <a href={p.downloadUrl} download>
                {t("documents.packageDownload")}
              </a>
            ) : (
              <>
                {t("documents.packageRequested")}{" "}
                {hasRole("central") ? (
                  <Button onClick={() => approve.mutate(p.id)} busy={approve.isPending}>
                    {t("documents.packageApprove")}
                  </Button>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          ask.mutate();
        }}
      >
        <SelectField label={t("documents.packagePurpose")} value={purpose} onChange={(e) => setPurpose(e.target.value as "police" | "lawyer")}>
          <option value="police">{t("documents.purposes.police")}</option>
          <option value="lawyer">{t("documents.purposes.lawyer")}</option>
        </SelectField>
        <TextField label={t("documents.packageReason")} required value={reason} onChange={(e) => setReason(e.target.value)} />
        <Button type="submit" busy={ask.isPending}>
          {t("documents.packageRequest")}
        </Button>
      </form>
      {ask.error ? <ErrorAlert error={ask.error} /> : null}
      {approve.error ? <ErrorAlert error={approve.error} /> : null}
    </div>
  );
}
