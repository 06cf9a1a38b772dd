import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api.ts";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { ProtectionAndChannels } from "./InfoSections.tsx";
import { inLocale, useConsultationInfo } from "./client.ts";

interface Own {
  id: string;
  category: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** The staff member's start page: how to consult (named or anonymous), their own named consultations, the protection and the channels. */
export function ConsultationsPage() {
  const { t, i18n } = useTranslation();
  const info = useConsultationInfo();
  const mine = useQuery({ queryKey: ["consultations", "mine"], queryFn: () => api<{ consultations: Own[] }>("GET", "/consultations/mine") });
  const lang = i18n.language;
  return (
    <Page title={t("consultations.title")} intro={t("consultations.intro")}>
      {info.data ? (
        <section className="card" aria-labelledby="consult-borderline">
          <h2 id="consult-borderline">{t("consultations.borderlineTitle")}</h2>
          <p>{inLocale(info.data.borderline, lang)}</p>
        </section>
      ) : null}
      <div className="card-grid">
        <Link className="link-card" to="/consultations/new?anonymous=0">
          <span className="link-card-title">{t("consultations.startNamed")}</span>
          <span className="link-card-body">{t("consultations.startNamedHint")}</span>
        </Link>
        <Link className="link-card" to="/consultations/new?anonymous=1">
          <span className="link-card-title">{t("consultations.startAnonymous")}</span>
          <span className="link-card-body">{t("consultations.startAnonymousHint")}</span>
        </Link>
        <Link className="link-card" to="/consultation-receipt">
          <span className="link-card-title">{t("consultations.haveCode")}</span>
          <span className="link-card-body">{t("consultations.haveCodeLink")}</span>
        </Link>
      </div>
      <section className="card" aria-labelledby="consult-mine">
        <h2 id="consult-mine">{t("consultations.mine")}</h2>
        <ErrorAlert error={mine.error} />
        {mine.isPending ? <Loading /> : null}
        {mine.data && mine.data.consultations.length === 0 ? <p className="muted">{t("consultations.noneMine")}</p> : null}
        {mine.data && mine.data.consultations.length > 0 ? (
          <table className="table">
            <caption className="visually-hidden">{t("consultations.mineCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("consultations.received")}</th>
                <th scope="col">{t("consultations.category")}</th>
                <th scope="col">{t("consultations.status")}</th>
                <th scope="col">{t("consultations.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {mine.data.consultations.map((c) => (
                <tr key={c.id}>
                  <th scope="row" data-label={t("consultations.received")}>
                    <Link to={`/consultations/${c.id}`}>{formatDateTime(c.createdAt, lang)}</Link>
                  </th>
                  <td data-label={t("consultations.category")}>{t(`consultations.categories.${c.category}`)}</td>
                  <td data-label={t("consultations.status")}>
                    <span className="badge badge-muted">{t(`consultations.statuses.${c.status}`)}</span>
                  </td>
                  <td data-label={t("consultations.updated")}>{formatDateTime(c.updatedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <ProtectionAndChannels />
    </Page>
  );
}
