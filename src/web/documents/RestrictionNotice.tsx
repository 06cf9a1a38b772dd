import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";

type Label = { ja: string; en: string };
export interface Restriction {
  id: string;
  kind: string;
  label: Label;
  scope: string;
  timeLimitMinutes: number | null;
  startsOn: string;
  reviewOn: string;
  endsOn: string | null;
  inForce: boolean;
  reviewDue: boolean;
  reviewOverdue: boolean;
}

/** 見直し期限超過 when the review date has passed while in force, else 見直し時期です within the reminder window. */
export function ReviewBadge({ r }: { r: Pick<Restriction, "reviewDue" | "reviewOverdue"> }) {
  const { t } = useTranslation();
  if (r.reviewOverdue) return <span className="badge badge-error">{t("documents.restrictionReviewOverdue")}</span>;
  if (r.reviewDue) return <span className="badge badge-warn">{t("documents.restrictionReviewDue")}</span>;
  return null;
}

/**
 * The restrictions on a counterpart, shown at once wherever staff open a contact with them
 * (the counterpart part of an incident). Shows nothing when there are none.
 */
export function RestrictionNotice({ counterpartId }: { counterpartId: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const q = useQuery({
    queryKey: ["restrictions", counterpartId],
    queryFn: () => api<{ restrictions: Restriction[]; rightsNote: Label }>("GET", `/counterparts/${counterpartId}/restrictions`),
  });
  const current = (q.data?.restrictions ?? []).filter((r) => !r.endsOn || r.endsOn >= new Date().toISOString().slice(0, 10));
  if (current.length === 0 || !q.data) return null;
  return (
    <div className="alert alert-warning" role="alert" data-testid="restriction-notice">
      <strong>{t("documents.restrictionTitle")}</strong>
      <ul>
        {current.map((r) => (
          <li key={r.id}>
            {en ? r.label.en : r.label.ja}
            {r.timeLimitMinutes ? `(${t("documents.timeLimit", { minutes: r.timeLimitMinutes })})` : ""}: {r.scope} — {t("documents.restrictionPeriod", { start: r.startsOn, review: r.reviewOn })} [{r.inForce ? t("documents.restrictionInForce") : t("documents.restrictionUpcoming")}]
            {r.reviewDue || r.reviewOverdue ? " " : ""}
            <ReviewBadge r={r} />
          </li>
        ))}
      </ul>
      <p>{en ? q.data.rightsNote.en : q.data.rightsNote.ja}</p>
    </div>
  );
}
