import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, TextAreaField } from "../ui/Field.tsx";
import { ErrorAlert } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { ProtectionAndChannels } from "./InfoSections.tsx";
import { CATEGORIES, inLocale, useConsultationInfo } from "./client.ts";

/**
 * Start a consultation, named or anonymous. An anonymous one ends with the receipt code, shown once.
 * `signedOut`: the page reached without signing in (from the sign-in page's footer); always
 * anonymous, and the request carries no session, so nothing ties it to an account.
 */
export function NewConsultationPage({ signedOut = false }: { signedOut?: boolean }) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const anonymous = signedOut || params.get("anonymous") === "1";
  const info = useConsultationInfo();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [category, setCategory] = useState<string>("borderline");
  const [body, setBody] = useState("");
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!body.trim()) return setError(new Error(t("consultations.bodyRequired")));
    if (anonymous && !understood) return setError(new Error(t("consultations.anonymousMustConfirm")));
    setBusy(true);
    try {
      if (anonymous) {
        const r = await api<{ receiptCode: string }>("POST", "/consultations/anonymous", { category, body });
        setBody("");
        setCode(r.receiptCode);
      } else {
        const r = await api<{ id: string }>("POST", "/consultations", { category, body });
        void qc.invalidateQueries({ queryKey: ["consultations", "mine"] });
        navigate(`/consultations/${r.id}`, { state: { created: true } });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (code) return <ReceiptCodeShown code={code} />;
  const title = anonymous ? t("consultations.newAnonymousTitle") : t("consultations.newNamedTitle");
  return (
    <Page title={title} intro={signedOut ? t("consultations.signedOutIntro") : t("consultations.intro")}>
      {anonymous && info.data ? (
        <section className="card" aria-labelledby="consult-anonymity">
          <h2 id="consult-anonymity">{t("consultations.anonymousTitle")}</h2>
          <p className="alert alert-warning">{inLocale(info.data.anonymity, i18n.language)}</p>
        </section>
      ) : null}
      <form className="form card" onSubmit={submit} noValidate>
        <fieldset className="fieldset">
          <legend>{t("consultations.category")}</legend>
          <div className="choice-list">
            {CATEGORIES.map((c) => (
              <label key={c} className={`choice ${category === c ? "is-checked" : ""}`}>
                <input type="radio" name="category" value={c} checked={category === c} onChange={() => setCategory(c)} />
                <span>{t(`consultations.categories.${c}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextAreaField
          label={t("consultations.body")}
          hint={t("consultations.bodyHint")}
          required
          rows={8}
          maxLength={20000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
        {anonymous ? (
          <CheckboxField label={t("consultations.anonymousUnderstood")} checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
        ) : null}
        <ErrorAlert error={error} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? t("consultations.submitting") : t("consultations.submit")}
          </Button>
          <Link className="btn btn-secondary" to={signedOut ? "/login" : "/consultations"}>
            {t("app.cancel")}
          </Link>
        </div>
      </form>
      <ProtectionAndChannels compact />
    </Page>
  );
}

/** The receipt code, once, with a copy button; it is kept nowhere else (not in the URL, not in storage). */
function ReceiptCodeShown({ code }: { code: string }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setStatus(t("app.copied"));
    } catch {
      input.current?.select();
      setStatus(document.execCommand?.("copy") ? t("app.copied") : t("app.copyFailed"));
    }
  };
  return (
    <Page title={t("consultations.codeTitle")} intro={t("consultations.codeLead")}>
      <section className="card" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`} className="visually-hidden">
          {t("consultations.codeLabel")}
        </h2>
        <p className="alert alert-warning">
          <strong>{t("consultations.codeWarning")}</strong>
        </p>
        <label htmlFor={id} className="field-label">
          {t("consultations.codeLabel")}
        </label>
        <div className="secret-row">
          <input id={id} ref={input} className="input secret" readOnly value={code} onFocus={(e) => e.currentTarget.select()} data-testid="receipt-code" />
          <Button onClick={() => void copy()}>{t("app.copy")}</Button>
        </div>
        <p role="status" className="secret-status">
          {status ?? ""}
        </p>
        <p>
          <Link to="/consultation-receipt">{t("consultations.codeSaved")}</Link>
        </p>
      </section>
    </Page>
  );
}
