import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { departmentName, useDepartments } from "../accounts/departments.ts";
import { api } from "../api.ts";
import { useSession } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { SelectField, TextAreaField, TextField } from "../ui/Field.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import type { TriageSummary } from "./types.ts";

function sourceOf(name: string): "eml" | "csv" | "txt" {
  const lower = name.toLowerCase();
  if (lower.endsWith(".eml")) return "eml";
  if (lower.endsWith(".csv")) return "csv";
  return "txt";
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Paste a text or choose a file (.eml, .txt, .csv); the server decodes and triages it. */
export function ImportForm() {
  const { t, i18n } = useTranslation();
  const { me, hasRole } = useSession();
  const qc = useQueryClient();
  const departments = useDepartments(hasRole("supervisor") || hasRole("central"));
  const [mode, setMode] = useState<"paste" | "file">("paste");
  const [text, setText] = useState("");
  const [sender, setSender] = useState("");
  const [departmentId, setDepartmentId] = useState(me?.user.departmentId ?? "");
  const [status, setStatus] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);

  const mutation = useMutation({
    mutationFn: async () => {
      const common = { ...(departmentId ? { departmentId } : {}), ...(sender.trim() ? { sender: sender.trim() } : {}) };
      if (mode === "paste") return api<{ messages: TriageSummary[]; skippedRows: number[] }>("POST", "/triage/imports", { source: "paste", text, ...common });
      if (!file) return api<{ messages: TriageSummary[]; skippedRows: number[] }>("POST", "/triage/imports", { source: "txt", dataBase64: "", ...common });
      return api<{ messages: TriageSummary[]; skippedRows: number[] }>("POST", "/triage/imports", {
        source: sourceOf(file.name),
        dataBase64: await base64Of(file),
        fileName: file.name,
        ...common,
      });
    },
    onSuccess: (out) => {
      const parts = [t("triage.imported", { count: out.messages.length })];
      if (out.skippedRows.length > 0) parts.push(t("triage.skipped", { rows: out.skippedRows.join(", ") }));
      setStatus(parts.join(" "));
      setText("");
      setFile(null);
      setFileKey((k) => k + 1);
      void qc.invalidateQueries({ queryKey: ["triage"] });
    },
    onError: () => setStatus(null),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    mutation.mutate();
  };

  // Supervisors choose among the divisions they supervise and their own; central among all.
  const choices = (departments.data ?? []).filter(
    (d) => hasRole("central") || d.id === me?.user.departmentId || me?.user.roles.some((g) => g.role === "supervisor" && g.departmentId === d.id),
  );

  return (
    <form className="card" onSubmit={submit} aria-labelledby="triage-import-title">
      <h2 id="triage-import-title">{t("triage.importTitle")}</h2>
      {choices.length > 1 ? (
        <SelectField label={t("triage.department")} value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
          {choices.map((d) => (
            <option key={d.id} value={d.id}>
              {departmentName(d, i18n.language)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <fieldset className="fieldset">
        <legend>{t("triage.source")}</legend>
        {(["paste", "file"] as const).map((m) => (
          <div className="checkbox" key={m}>
            <input id={`triage-mode-${m}`} type="radio" name="triage-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
            <label htmlFor={`triage-mode-${m}`}>{t(`triage.sources.${m}`)}</label>
          </div>
        ))}
      </fieldset>
      {mode === "paste" ? (
        <TextAreaField label={t("triage.text")} hint={t("triage.textHint")} rows={8} value={text} onChange={(e) => setText(e.target.value)} />
      ) : (
        <TextField
          label={t("triage.file")}
          hint={t("triage.fileHint")}
          type="file"
          key={fileKey}
          accept=".eml,.txt,.csv,message/rfc822,text/plain,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      )}
      <TextField
        label={t("triage.sender")}
        hint={t("triage.senderHint")}
        showOptional
        maxLength={320}
        value={sender}
        onChange={(e) => setSender(e.target.value)}
      />
      <ErrorAlert error={mutation.error} />
      <StatusMessage message={status} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={mutation.isPending}>
          {t("triage.import")}
        </Button>
      </div>
    </form>
  );
}
