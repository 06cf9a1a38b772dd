import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { formatDateTime } from "../ui/format.ts";
import { ACK_KEY, type PendingAcknowledgement } from "./types.ts";

/**
 * Asks the signed-in person to read and acknowledge a newly published policy. "Later" hides it for
 * this session only (recorded on the server): it returns at the next sign-in until acknowledged.
 */
export function PolicyAckBanner() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const qc = useQueryClient();
  const location = useLocation();
  const headingId = useId();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const q = useQuery({ queryKey: [...ACK_KEY, me?.user.id], queryFn: () => api<PendingAcknowledgement>("GET", "/policy/acknowledgement"), staleTime: 30_000 });
  const pending = q.data?.pending;
  if (!pending || pending.postponed || location.pathname === "/policy") return null;
  const later = async () => {
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/policy/versions/${pending.version}/postpone`);
      await qc.invalidateQueries({ queryKey: ACK_KEY });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="alert alert-warning policy-banner" aria-labelledby={headingId}>
      <h2 id={headingId} className="h-small">
        {t("policy.bannerTitle")}
      </h2>
      <p>{t("policy.bannerBody", { version: pending.version })}</p>
      {pending.remindedAt ? <p>{t("policy.bannerReminded", { at: formatDateTime(pending.remindedAt, i18n.language) })}</p> : null}
      <div className="row-actions">
        <Link className="btn btn-primary" to="/policy">
          {t("policy.bannerRead")}
        </Link>
        <Button onClick={() => void later()} busy={busy}>
          {t("policy.bannerLater")}
        </Button>
      </div>
      <ErrorAlert error={error} />
    </section>
  );
}
