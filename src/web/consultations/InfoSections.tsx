import "./consultations.css";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../ui/Messages.tsx";
import { inLocale, useConsultationInfo } from "./client.ts";

/** The protection against retaliation and the list of channels: on every consultation page. */
export function ProtectionAndChannels({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const info = useConsultationInfo();
  if (info.error) return <ErrorAlert error={info.error} />;
  const d = info.data;
  if (!d) return null;
  const lang = i18n.language;
  return (
    <>
      <section className="card" aria-labelledby="consult-protection">
        <h2 id="consult-protection">{t("consultations.protectionTitle")}</h2>
        <p>{inLocale(d.noRetaliation, lang)}</p>
        {compact ? null : (
          <>
            <h3 className="h-small">{t("consultations.confidentialityTitle")}</h3>
            <p>{inLocale(d.confidentiality, lang)}</p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="consult-channels">
        <h2 id="consult-channels">{t("consultations.channelsTitle")}</h2>
        <ul className="channels">
          {d.channels.map((c) => (
            <li key={c.id}>
              <strong>{inLocale(c.name, lang)}</strong>
              <br />
              <span className="muted">{inLocale(c.how, lang)}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
