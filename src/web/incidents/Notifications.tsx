import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { formatDateTime } from "../ui/format.ts";

interface Notification {
  id: string;
  kind: string;
  incidentId: string | null;
  number: string | null;
  data: { ruleName?: string; reviewOn?: string; overdue?: boolean; label?: { ja: string; en: string } } | null;
  createdAt: string;
}

/**
 * The signed-in user's unread notifications: about incidents (reported in my department; sent to
 * central by a rule) and restriction reviews falling due (linked to the restriction register).
 */
export function IncidentNotifications() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["notifications", "unread"], queryFn: () => api<{ notifications: Notification[] }>("GET", "/notifications?unread=true") });
  const read = useMutation({
    mutationFn: (n: Notification) => api("POST", `/notifications/${n.id}/read`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["notifications"] }),
  });
  const items = list.data?.notifications ?? [];
  if (items.length === 0 && !list.error) return null;
  const text = (n: Notification) => {
    if (n.kind === "restriction_review") {
      const label = i18n.language === "en" ? n.data?.label?.en : n.data?.label?.ja;
      return t(`incidentRecord.notificationKinds.${n.data?.overdue ? "restriction_review_overdue" : "restriction_review"}`, { label: label ?? "", date: n.data?.reviewOn ?? "" });
    }
    const kind = n.kind === "incident_reported" || n.kind === "central_report" ? n.kind : "other";
    return t(`incidentRecord.notificationKinds.${kind}`, { number: n.number ?? "", rule: n.data?.ruleName ?? "" });
  };
  return (
    <section className="card" aria-labelledby="incident-notifications">
      <h2 id="incident-notifications" className="h-small">
        {t("incidentRecord.notificationsTitle")}
      </h2>
      <ErrorAlert error={list.error ?? read.error} />
      <ul className="notification-list">
        {items.map((n) => (
          <li key={n.id}>
            <span className="muted">{formatDateTime(n.createdAt, i18n.language)}</span>{" "}
            {n.incidentId ? <Link to={`/incidents/${n.incidentId}`}>{text(n)}</Link> : n.kind === "restriction_review" ? <Link to="/restrictions">{text(n)}</Link> : text(n)}{" "}
            <Button
              className="btn-small"
              aria-label={t("incidentRecord.markReadNamed", { text: text(n) })}
              disabled={read.isPending}
              onClick={() => read.mutate(n)}
            >
              {t("incidentRecord.markRead")}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
