import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";
import { useTranslation } from "react-i18next";

interface FieldShell {
  label: string;
  hint?: string | undefined;
  error?: string | null | undefined;
  required?: boolean | undefined;
  /** Marks the field "(optional)" next to its label. */
  showOptional?: boolean | undefined;
}

function Label({ id, label, required, showOptional }: { id: string; label: string; required?: boolean | undefined; showOptional?: boolean | undefined }) {
  const { t } = useTranslation();
  // The tag sits outside <label>: the field's name stays just the label; `required` is announced by the input itself.
  return (
    <div className="field-label-row">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {required ? (
        <span className="field-tag" aria-hidden="true">
          {t("app.required")}
        </span>
      ) : null}
      {showOptional ? (
        <span className="field-tag field-tag-optional" aria-hidden="true">
          {t("app.optional")}
        </span>
      ) : null}
    </div>
  );
}

function describedBy(hintId: string, errorId: string, hint?: string, error?: string | null) {
  return [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
}

/** What every control needs to be tied to its label, hint and error. */
interface ControlProps {
  id: string;
  required: boolean | undefined;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** Label, hint and error around one control; the control gets its id and aria wiring from `render`. */
function FieldFrame({ label, hint, error, required, showOptional, className, render }: FieldShell & { className?: string | undefined; render: (control: ControlProps) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field ${className ?? ""}`}>
      <Label id={id} label={label} required={required} showOptional={showOptional} />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {render({ id, required, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(`${id}-hint`, `${id}-error`, hint, error) })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({ label, hint, error, required, showOptional, className, ...input }: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, "required">) {
  return <FieldFrame {...{ label, hint, error, required, showOptional, className }} render={(control) => <input className="input" {...control} {...input} />} />;
}

export function SelectField({
  label,
  hint,
  error,
  required,
  showOptional,
  className,
  children,
  ...select
}: FieldShell & Omit<SelectHTMLAttributes<HTMLSelectElement>, "required"> & { children: ReactNode }) {
  return (
    <FieldFrame
      {...{ label, hint, error, required, showOptional, className }}
      render={(control) => (
        <select className="input" {...control} {...select}>
          {children}
        </select>
      )}
    />
  );
}

export function CheckboxField({
  label,
  className,
  indent,
  ...input
}: { label: ReactNode; indent?: number } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const id = useId();
  return (
    <div className={`checkbox ${className ?? ""}`} style={indent ? { marginInlineStart: `${indent * 1.25}rem` } : undefined}>
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function TextAreaField({ label, hint, error, required, showOptional, className, ...textarea }: FieldShell & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "required">) {
  return <FieldFrame {...{ label, hint, error, required, showOptional, className }} render={(control) => <textarea className="input textarea" {...control} {...textarea} />} />;
}
