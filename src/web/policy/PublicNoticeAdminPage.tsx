import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { PUBLIC_LANGUAGES, type PublicLocale } from "../../domain/public-notice/languages.ts";
import { POSTER_SIZES, POSTER_TEMPLATES } from "../../domain/public-notice/poster-texts.ts";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { Sanitised } from "./Sanitised.tsx";

interface Settings {
  organisation: Record<string, { name: string; department: string; address: string; hours: string }>;
  phone: string;
  slug: string;
  logo: { mime: string; width: number; height: number } | null;
}
interface NoticeSection {
  id: string;
  heading: string;
  markdown: string;
  overridden: boolean;
  html: string;
}

/** Reads a file as base64 (the logo API takes JSON). */
const fileToBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/** Central edits the public page's texts per language with a preview, the organisation's details and logo, and previews the posters. */
export function PublicNoticeAdminPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ["public-notice", "settings"], queryFn: () => api<Settings>("GET", "/public-notice/settings") });
  const [locale, setLocale] = useState<PublicLocale>("ja");
  const sections = useQuery({ queryKey: ["public-notice", "sections", locale], queryFn: () => api<{ sections: NoticeSection[] }>("GET", `/public-notice/sections/${locale}`) });
  const [sectionId, setSectionId] = useState("stance");
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [preview, setPreview] = useState("");
  const [org, setOrg] = useState<{ name: string; department: string; phone: string; slug: string } | null>(null);
  const [size, setSize] = useState<string>("A4");
  const [bilingual, setBilingual] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const section = sections.data?.sections.find((s) => s.id === sectionId);
  useEffect(() => setMarkdown(section?.markdown ?? null), [section?.markdown]);
  useEffect(() => {
    if (settings.data && !org) setOrg({ name: settings.data.organisation.ja?.name ?? "", department: settings.data.organisation.ja?.department ?? "", phone: settings.data.phone, slug: settings.data.slug });
  }, [settings.data, org]);
  useEffect(() => {
    if (markdown === null) return;
    const timer = setTimeout(() => {
      api<{ html: string }>("POST", "/public-notice/preview", { markdown })
        .then((r) => setPreview(r.html))
        .catch(setError);
    }, 250);
    return () => clearTimeout(timer);
  }, [markdown]);

  const run = async (fn: () => Promise<string>) => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
    } catch (err) {
      setError(err);
    }
  };
  const saveSettings = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (!org) return "";
      await api("PATCH", "/public-notice/settings", { organisation: { ja: { name: org.name, department: org.department } }, phone: org.phone, slug: org.slug });
      await qc.invalidateQueries({ queryKey: ["public-notice", "settings"] });
      return t("policy.notice.settingsSaved");
    });
  };
  const saveSection = () =>
    run(async () => {
      await api("PUT", `/public-notice/sections/${locale}/${sectionId}`, { markdown: markdown ?? "" });
      await qc.invalidateQueries({ queryKey: ["public-notice", "sections", locale] });
      return t("policy.notice.saved");
    });
  const resetSection = () =>
    run(async () => {
      await api("DELETE", `/public-notice/sections/${locale}/${sectionId}`);
      await qc.invalidateQueries({ queryKey: ["public-notice", "sections", locale] });
      return t("policy.notice.resetDone");
    });
  const uploadLogo = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    void run(async () => {
      await api("PUT", "/public-notice/logo", { dataBase64: await fileToBase64(file) });
      await qc.invalidateQueries({ queryKey: ["public-notice", "settings"] });
      return t("policy.notice.logoUploaded");
    });
  };
  const removeLogo = () =>
    run(async () => {
      await api("DELETE", "/public-notice/logo");
      await qc.invalidateQueries({ queryKey: ["public-notice", "settings"] });
      return t("policy.notice.logoRemoved");
    });

  const logo = settings.data?.logo;
  const names = t("policy.notice.posterNames", { returnObjects: true }) as Record<string, string>;
  return (
    <Page title={t("policy.notice.title")} intro={t("policy.notice.intro")}>
      <StatusMessage message={status} />
      <ErrorAlert error={settings.error ?? sections.error ?? error} />

      <section className="card" aria-labelledby="notice-sections">
        <h2 id="notice-sections">{t("policy.notice.sections")}</h2>
        <div className="filters">
          <SelectField label={t("policy.notice.locale")} value={locale} onChange={(e) => setLocale(e.target.value as PublicLocale)}>
            {PUBLIC_LANGUAGES.map((l) => (
              <option key={l.locale} value={l.locale} lang={l.htmlLang}>
                {l.label}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("policy.notice.section")} value={sectionId} onChange={(e) => setSectionId(e.target.value)}>
            {(sections.data?.sections ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.heading}
                {s.overridden ? ` (${t("policy.notice.overridden")})` : ""}
              </option>
            ))}
          </SelectField>
        </div>
        {markdown !== null ? (
          <TextAreaField label={t("policy.markdown")} hint={t("policy.markdownHint")} rows={10} value={markdown} maxLength={20000} onChange={(e) => setMarkdown(e.target.value)} />
        ) : null}
        <section className="card policy-preview" aria-labelledby="notice-preview" aria-live="polite">
          <h3 id="notice-preview" className="h-small">
            {t("policy.preview")}
          </h3>
          <div lang={PUBLIC_LANGUAGES.find((l) => l.locale === locale)?.htmlLang}>{preview ? <Sanitised html={preview} /> : <p className="muted">{t("policy.previewEmpty")}</p>}</div>
        </section>
        <div className="form-actions">
          <Button variant="primary" onClick={() => void saveSection()}>
            {t("policy.notice.save")}
          </Button>
          {section?.overridden ? <Button onClick={() => void resetSection()}>{t("policy.notice.reset")}</Button> : null}
          <a className="btn btn-secondary" href={`/public/${PUBLIC_LANGUAGES.find((l) => l.locale === locale)?.path ?? "ja"}`} target="_blank" rel="noreferrer">
            {t("policy.notice.openPublic")}
          </a>
        </div>
      </section>

      {org ? (
        <form className="card form" onSubmit={saveSettings} aria-labelledby="notice-settings" noValidate>
          <h2 id="notice-settings">{t("policy.notice.settings")}</h2>
          <TextField label={t("policy.notice.orgName")} value={org.name} maxLength={100} onChange={(e) => setOrg({ ...org, name: e.target.value })} />
          <TextField label={t("policy.notice.orgDepartment")} value={org.department} maxLength={100} onChange={(e) => setOrg({ ...org, department: e.target.value })} />
          <TextField label={t("policy.notice.phone")} value={org.phone} maxLength={40} inputMode="tel" onChange={(e) => setOrg({ ...org, phone: e.target.value })} />
          <TextField label={t("policy.notice.slug")} hint={t("policy.notice.slugHint")} value={org.slug} maxLength={40} onChange={(e) => setOrg({ ...org, slug: e.target.value })} />
          <div className="form-actions">
            <Button type="submit" variant="primary">
              {t("policy.notice.saveSettings")}
            </Button>
          </div>
        </form>
      ) : null}

      <section className="card" aria-labelledby="notice-logo">
        <h2 id="notice-logo">{t("policy.notice.logo")}</h2>
        <p>{logo ? t("policy.notice.logoCurrent", { width: logo.width, height: logo.height }) : t("policy.notice.logoNone")}</p>
        <div className="field">
          <label className="field-label" htmlFor="notice-logo-file">
            {t("policy.notice.logoFile")}
          </label>
          <p className="field-hint" id="notice-logo-hint">
            {t("policy.notice.logoHint")}
          </p>
          <input id="notice-logo-file" type="file" accept="image/png,image/jpeg" aria-describedby="notice-logo-hint" onChange={uploadLogo} />
        </div>
        {logo ? <Button onClick={() => void removeLogo()}>{t("policy.notice.logoRemove")}</Button> : null}
      </section>

      <section className="card" aria-labelledby="notice-posters">
        <h2 id="notice-posters">{t("policy.notice.posters")}</h2>
        <div className="filters">
          <SelectField label={t("policy.notice.posterSize")} value={size} onChange={(e) => setSize(e.target.value)}>
            {POSTER_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
          <CheckboxField label={t("policy.notice.bilingual")} checked={bilingual} onChange={(e) => setBilingual(e.target.checked)} />
        </div>
        <ul>
          {POSTER_TEMPLATES.map((p) => (
            <li key={p}>
              <a href={`/api/posters/${p}.pdf?size=${size}&bilingual=${bilingual}`} target="_blank" rel="noreferrer">
                {t("policy.notice.posterOpen", { name: names[p] ?? p })}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
