import { useTranslation } from "react-i18next";
import {
  BEHAVIOUR_CODES,
  BEHAVIOUR_CODE_LIST,
  COUNTERPART_TYPES,
  GROUPS,
  LADDER_STEPS,
  LADDER_STEP_LABELS,
  RETENTION_CLASSES,
  STAFF_ROLES,
} from "../../domain/incidents/codes.ts";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import type { RecordForm } from "./record-form.ts";

/** The sections of the full record: when and where, what happened, the counterpart, the response and its impact, retention. */
export interface Candidate {
  id: string;
  displayName: string;
  roles: string[];
}

export function RecordFields({
  form,
  onChange,
  canSetRetention,
  candidates,
}: {
  form: RecordForm;
  onChange: (f: RecordForm) => void;
  canSetRetention: boolean;
  candidates: Candidate[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const set = <K extends keyof RecordForm>(k: K, v: RecordForm[K]) => onChange({ ...form, [k]: v });
  const toggleCode = (code: string, on: boolean) => set("codes", on ? [...new Set([...form.codes, code])] : form.codes.filter((c) => c !== code));
  const setQuote = (i: number, q: Partial<RecordForm["quotes"][number]>) =>
    set(
      "quotes",
      form.quotes.map((x, j) => (j === i ? { ...x, ...q } : x)),
    );
  return (
    <>
      <fieldset className="fieldset">
        <legend>{t("incidentRecord.sectionWhen")}</legend>
        <TextField label={t("incidents.startedAt")} type="datetime-local" value={form.startedAt} onChange={(e) => set("startedAt", e.target.value)} />
        <TextField label={t("incidents.endedAt")} type="datetime-local" value={form.endedAt} onChange={(e) => set("endedAt", e.target.value)} />
        <TextField label={t("incidents.place")} maxLength={200} value={form.place} onChange={(e) => set("place", e.target.value)} />
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("incidentRecord.sectionStaff")}</legend>
        <ol className="quote-inputs">
          {form.staff.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional while being edited
            <li key={i}>
              <SelectField
                label={t("incidentRecord.staffMember", { n: i + 1 })}
                value={s.userId}
                onChange={(e) =>
                  set(
                    "staff",
                    form.staff.map((x, j) => (j === i ? { ...x, userId: e.target.value } : x)),
                  )
                }
              >
                <option value="">{t("incidentRecord.choose")}</option>
                {candidates
                  .filter((c) => c.roles.includes("staff") || c.id === s.userId)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.displayName}
                    </option>
                  ))}
              </SelectField>
              <SelectField
                label={t("incidentRecord.staffRole", { n: i + 1 })}
                value={s.role}
                onChange={(e) =>
                  set(
                    "staff",
                    form.staff.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)),
                  )
                }
              >
                {STAFF_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`incidents.staffRoles.${r}`)}
                  </option>
                ))}
              </SelectField>
              <Button
                className="btn-small"
                onClick={() =>
                  set(
                    "staff",
                    form.staff.filter((_, j) => j !== i),
                  )
                }
              >
                {t("incidentRecord.removeStaff", { n: i + 1 })}
              </Button>
            </li>
          ))}
        </ol>
        <Button onClick={() => set("staff", [...form.staff, { userId: "", role: "present" }])} disabled={form.staff.length >= 20}>
          {t("incidentRecord.addStaff")}
        </Button>
        <SelectField label={t("incidentRecord.supervisor")} value={form.supervisorId} onChange={(e) => set("supervisorId", e.target.value)}>
          <option value="">{t("incidentRecord.choose")}</option>
          {candidates
            .filter((c) => c.roles.includes("supervisor") || c.id === form.supervisorId)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
        </SelectField>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("incidentRecord.sectionWhat")}</legend>
        <TextField label={t("incidentRecord.summary")} maxLength={2000} value={form.summary} onChange={(e) => set("summary", e.target.value)} />
        <TextAreaField label={t("incidents.narrative")} rows={5} maxLength={20000} value={form.narrative} onChange={(e) => set("narrative", e.target.value)} />
        <TextAreaField label={t("incidents.demand")} rows={3} maxLength={5000} value={form.demand} onChange={(e) => set("demand", e.target.value)} />
        <TextAreaField
          label={t("incidents.answersGiven")}
          rows={3}
          maxLength={5000}
          value={form.answersGiven}
          onChange={(e) => set("answersGiven", e.target.value)}
        />
        <h3 className="field-label">{t("incidents.quotes")}</h3>
        <ol className="quote-inputs">
          {form.quotes.map((q, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: quotes are positional; their order is the order they were said
            <li key={i}>
              <TextAreaField
                label={t("incidents.quoteLabel", { n: i + 1 })}
                rows={2}
                maxLength={2000}
                value={q.text}
                onChange={(e) => setQuote(i, { text: e.target.value })}
              />
              <TextField
                label={t("incidentRecord.quoteAt", { n: i + 1 })}
                showOptional
                type="datetime-local"
                value={q.at}
                onChange={(e) => setQuote(i, { at: e.target.value })}
              />
              <CheckboxField
                label={t("incidentRecord.quoteIsAct", { n: i + 1 })}
                checked={q.isAct}
                onChange={(e) => setQuote(i, { isAct: e.target.checked })}
              />
              <Button
                className="btn-small"
                onClick={() =>
                  set(
                    "quotes",
                    form.quotes.filter((_, j) => j !== i),
                  )
                }
              >
                {t("incidents.removeQuote", { n: i + 1 })}
              </Button>
            </li>
          ))}
        </ol>
        <Button onClick={() => set("quotes", [...form.quotes, { text: "", isAct: false, at: "" }])} disabled={form.quotes.length >= 200}>
          {t("incidents.addQuote")}
        </Button>
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.codes")}</legend>
          <p className="field-hint">{t("incidentRecord.codesHint")}</p>
          {GROUPS.map((g) => (
            <div key={g} className="code-group">
              <CheckboxField
                label={t(`incidents.groupLabels.${g}`)}
                checked={form.codes.includes(`group${g}`)}
                onChange={(e) => toggleCode(`group${g}`, e.target.checked)}
              />
              {BEHAVIOUR_CODE_LIST.filter((c) => !c.startsWith("group") && BEHAVIOUR_CODES[c].group === g).map((c) => (
                <CheckboxField
                  key={c}
                  indent={1}
                  label={BEHAVIOUR_CODES[c][lang]}
                  checked={form.codes.includes(c)}
                  onChange={(e) => toggleCode(c, e.target.checked)}
                />
              ))}
            </div>
          ))}
        </fieldset>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("incidentRecord.sectionCounterpart")}</legend>
        <p className="field-hint">{t("incidentRecord.counterpartHint")}</p>
        <SelectField label={t("incidentRecord.counterpartType")} value={form.counterpartType} onChange={(e) => set("counterpartType", e.target.value)}>
          {COUNTERPART_TYPES.map((c) => (
            <option key={c} value={c}>
              {t(`incidentRecord.counterpartTypes.${c}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("incidentRecord.counterpartName")}
          showOptional
          maxLength={200}
          autoComplete="off"
          value={form.counterpartName}
          onChange={(e) => set("counterpartName", e.target.value)}
        />
        <TextField
          label={t("incidentRecord.counterpartPhone")}
          showOptional
          type="tel"
          maxLength={40}
          autoComplete="off"
          value={form.counterpartPhone}
          onChange={(e) => set("counterpartPhone", e.target.value)}
        />
        <TextField
          label={t("incidentRecord.counterpartEmail")}
          showOptional
          type="email"
          maxLength={254}
          autoComplete="off"
          value={form.counterpartEmail}
          onChange={(e) => set("counterpartEmail", e.target.value)}
        />
        <TextField
          label={t("incidentRecord.personsCount")}
          showOptional
          type="number"
          min={1}
          max={1000}
          inputMode="numeric"
          value={form.personsCount}
          onChange={(e) => set("personsCount", e.target.value)}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("incidentRecord.sectionResponse")}</legend>
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.ladder")}</legend>
          {LADDER_STEPS.map((s) => {
            const v = form.ladder[s] ?? { on: false, at: "" };
            return (
              <div key={s} className="code-group">
                <CheckboxField
                  label={LADDER_STEP_LABELS[s][lang]}
                  checked={v.on}
                  onChange={(e) => set("ladder", { ...form.ladder, [s]: { ...v, on: e.target.checked } })}
                />
                {v.on ? (
                  <TextField
                    label={t("incidentRecord.ladderAt", { step: LADDER_STEP_LABELS[s][lang] })}
                    showOptional
                    type="datetime-local"
                    value={v.at}
                    onChange={(e) => set("ladder", { ...form.ladder, [s]: { ...v, at: e.target.value } })}
                  />
                ) : null}
              </div>
            );
          })}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.police")}</legend>
          <CheckboxField
            label={t("incidentRecord.policeContacted")}
            checked={form.policeContacted}
            onChange={(e) => set("policeContacted", e.target.checked)}
          />
          {form.policeContacted ? (
            <>
              <TextField
                label={t("incidentRecord.policeStation")}
                showOptional
                maxLength={200}
                value={form.policeStation}
                onChange={(e) => set("policeStation", e.target.value)}
              />
              <TextField
                label={t("incidentRecord.policeReference")}
                showOptional
                maxLength={100}
                value={form.policeReference}
                onChange={(e) => set("policeReference", e.target.value)}
              />
            </>
          ) : null}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.harm")}</legend>
          <CheckboxField label={t("incidentRecord.harmed")} checked={form.harmed} onChange={(e) => set("harmed", e.target.checked)} />
          {form.harmed ? (
            <TextAreaField
              label={t("incidentRecord.harmDescription")}
              rows={2}
              maxLength={2000}
              value={form.harmDescription}
              onChange={(e) => set("harmDescription", e.target.value)}
            />
          ) : null}
          <TextAreaField
            label={t("incidentRecord.harmCare")}
            showOptional
            rows={2}
            maxLength={2000}
            value={form.harmCare}
            onChange={(e) => set("harmCare", e.target.value)}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.personalData")}</legend>
          <CheckboxField label={t("incidentRecord.pdDemanded")} checked={form.pdDemanded} onChange={(e) => set("pdDemanded", e.target.checked)} />
          <CheckboxField label={t("incidentRecord.pdExposed")} checked={form.pdExposed} onChange={(e) => set("pdExposed", e.target.checked)} />
          {form.pdDemanded || form.pdExposed ? (
            <TextAreaField
              label={t("incidentRecord.pdDetails")}
              rows={2}
              maxLength={2000}
              value={form.pdDetails}
              onChange={(e) => set("pdDetails", e.target.value)}
            />
          ) : null}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("incidentRecord.ownError")}</legend>
          <div className="radio-row">
            {(["unknown", "yes", "no"] as const).map((v) => (
              <label key={v} className={`choice choice-small ${form.ownError === v ? "is-checked" : ""}`}>
                <input type="radio" name="own-error" value={v} checked={form.ownError === v} onChange={() => set("ownError", v)} />
                <span>{t(`incidentRecord.ownErrorOptions.${v}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t("incidentRecord.sectionRetention")}</legend>
        {canSetRetention ? (
          <>
            <SelectField label={t("incidentRecord.retentionClass")} value={form.retentionClass} onChange={(e) => set("retentionClass", e.target.value)}>
              {RETENTION_CLASSES.map((r) => (
                <option key={r} value={r}>
                  {t(`incidentRecord.retentionClasses.${r}`)}
                </option>
              ))}
            </SelectField>
            <CheckboxField label={t("incidentRecord.legalHold")} checked={form.legalHold} onChange={(e) => set("legalHold", e.target.checked)} />
          </>
        ) : (
          <p className="field-hint">
            {t("incidentRecord.retentionClass")}: {t(`incidentRecord.retentionClasses.${form.retentionClass}`)}
            {form.legalHold ? `(${t("incidentRecord.legalHold")})` : ""} — {t("incidentRecord.retentionHint")}
          </p>
        )}
      </fieldset>
    </>
  );
}
