import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { useMe } from "../auth/session.tsx";
import { Button } from "../ui/Button.tsx";
import { CheckboxField, TextAreaField } from "../ui/Field.tsx";
import { ErrorAlert, StatusMessage } from "../ui/Messages.tsx";
import { formatDateTime } from "../ui/format.ts";
import { type Evidence, type EvidenceList, contentUrl, downloadEvidence, formatSize, playbackError, uploadEvidence } from "./client.ts";

const YEARS: Record<string, number> = { "1y": 1, "3y": 3, "5y": 5, "10y": 10 };
const RECORDING = /^(audio|video)\//;

/** Evidence on the incident page: attach with progress, list with hash and size, play, download, notice flag, deletion, tombstones. */
export function EvidencePanel({ incidentId }: { incidentId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useQuery({
    queryKey: ["evidence", incidentId],
    queryFn: () => api<EvidenceList>("GET", `/incidents/${encodeURIComponent(incidentId)}/evidence`),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["evidence", incidentId] });
  const data = list.data;
  const lang = i18n.language;
  return (
    <section className="card" aria-labelledby="incident-evidence">
      <h2 id="incident-evidence">{t("evidence.title")}</h2>
      <StatusMessage message={status} />
      <ErrorAlert error={list.error ?? error} />
      {data ? (
        <>
          <p className="muted">{t("evidence.intro", { limit: formatSize(data.maxBytes, lang) })}</p>
          {data.legalHold ? (
            <p className="alert alert-info">{t("evidence.legalHold")}</p>
          ) : (
            <p className="muted">{t("evidence.retention", { years: YEARS[data.retentionClass] ?? "?" })}</p>
          )}
          {data.canUpload ? (
            <UploadForm
              incidentId={incidentId}
              maxBytes={data.maxBytes}
              accept={data.accept}
              onDone={(e) => {
                setError(null);
                setStatus(t("evidence.uploaded", { name: e.originalName, hash: e.sha256.slice(0, 12) }));
                void refresh();
              }}
            />
          ) : null}
          <EvidenceTable
            data={data}
            onStatus={(m) => {
              setError(null);
              setStatus(m);
              void refresh();
            }}
            onError={(e) => {
              setStatus(null);
              setError(e);
            }}
          />
        </>
      ) : null}
    </section>
  );
}

function UploadForm({ incidentId, maxBytes, accept, onDone }: { incidentId: string; maxBytes: number; accept: string; onDone: (e: Evidence) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState("");
  const [notice, setNotice] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const recording = !!file && RECORDING.test(file.type || "");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) return setError(new Error(t("evidence.chooseFile")));
    if (file.size > maxBytes) return setError(new Error(t("evidence.tooLarge", { limit: formatSize(maxBytes, i18n.language) })));
    setProgress(0);
    try {
      const stored = await uploadEvidence(
        incidentId,
        { file, note: note.trim(), recordingNotice: recording ? notice : null },
        { csrf: me.csrfToken, onProgress: setProgress, failed: t("evidence.uploadFailed") },
      );
      setFile(null);
      setNote("");
      setNotice(false);
      if (input.current) input.current.value = "";
      onDone(stored);
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  const busy = progress !== null;
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={fileId} className="field-label">
          {t("evidence.file")}
        </label>
        <p className="field-hint" id={`${fileId}-hint`}>
          {t("evidence.fileHint")}
        </p>
        <input
          ref={input}
          id={fileId}
          className="input"
          type="file"
          accept={accept}
          aria-describedby={`${fileId}-hint`}
          disabled={busy}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      {recording ? <CheckboxField label={t("evidence.noticeGiven")} checked={notice} disabled={busy} onChange={(e) => setNotice(e.target.checked)} /> : null}
      <TextAreaField label={t("evidence.note")} rows={2} maxLength={2000} value={note} disabled={busy} onChange={(e) => setNote(e.target.value)} />
      <ErrorAlert error={error} />
      {busy ? (
        <p>
          <progress max={1} value={progress ?? 0} aria-label={t("evidence.progress")} />{" "}
          {t("evidence.uploading", { percent: Math.round((progress ?? 0) * 100) })}
        </p>
      ) : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t("evidence.upload")}
        </Button>
      </div>
    </form>
  );
}

function EvidenceTable({ data, onStatus, onError }: { data: EvidenceList; onStatus: (m: string) => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  if (data.items.length === 0) return <p className="muted">{t("evidence.none")}</p>;
  return (
    <table className="table">
      <caption>{t("evidence.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("evidence.name")}</th>
          <th scope="col">{t("evidence.kind")}</th>
          <th scope="col">{t("evidence.size")}</th>
          <th scope="col">{t("evidence.hash")}</th>
          <th scope="col">{t("evidence.uploadedBy")}</th>
          <th scope="col">{t("evidence.notice")}</th>
          <th scope="col">{t("evidence.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {data.items.map((item) => (
          <EvidenceRow key={item.id} item={item} canEdit={data.canUpload} canDelete={data.canDelete} onStatus={onStatus} onError={onError} />
        ))}
      </tbody>
    </table>
  );
}

function EvidenceRow({
  item,
  canEdit,
  canDelete,
  onStatus,
  onError,
}: {
  item: Evidence;
  canEdit: boolean;
  canDelete: boolean;
  onStatus: (m: string) => void;
  onError: (e: unknown) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [playing, setPlaying] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [reason, setReason] = useState("");
  const name = item.originalName || t("evidence.tombstone");
  const download = useMutation({ mutationFn: () => downloadEvidence(item, t("evidence.downloadFailed")), onError });
  const notice = useMutation({
    mutationFn: (value: boolean) => api<Evidence>("PATCH", `/evidence/${item.id}`, { version: item.version, recordingNotice: value }),
    onSuccess: () => onStatus(t("evidence.noticeSaved", { name })),
    onError,
  });
  const remove = useMutation({
    mutationFn: () => api<Evidence>("POST", `/evidence/${item.id}/deletion`, { reason: reason.trim() }),
    onSuccess: () => onStatus(t("evidence.deleted", { name })),
    onError,
  });
  const hash = (
    <code title={t("evidence.hashFull", { hash: item.sha256 })}>
      {item.sha256.slice(0, 12)}…<span className="visually-hidden">{t("evidence.hashFull", { hash: item.sha256 })}</span>
    </code>
  );
  const size = formatSize(item.size, lang);
  if (item.deleted) {
    const d = item.deleted;
    const date = formatDateTime(d.at, lang);
    return (
      <tr className="muted">
        <th scope="row" data-label={t("evidence.name")}>
          <span className="badge badge-muted">{t("evidence.tombstone")}</span>
        </th>
        <td data-label={t("evidence.kind")}>{t(`evidence.kinds.${item.kind}`)}</td>
        <td data-label={t("evidence.size")}>{size}</td>
        <td data-label={t("evidence.hash")}>{hash}</td>
        <td data-label={t("evidence.uploadedBy")} colSpan={3}>
          {d.kind === "retention"
            ? t("evidence.tombstoneRetention", { date, years: YEARS[d.reason] ?? "?" })
            : t("evidence.tombstoneManual", { date, who: d.by ?? "—", reason: d.reason })}
        </td>
      </tr>
    );
  }
  const recording = item.kind === "audio" || item.kind === "video";
  const playable = recording || item.kind === "image";
  return (
    <>
      <tr>
        <th scope="row" data-label={t("evidence.name")}>
          {item.originalName}
          {item.note ? <div className="muted prewrap">{item.note}</div> : null}
        </th>
        <td data-label={t("evidence.kind")}>{t(`evidence.kinds.${item.kind}`)}</td>
        <td data-label={t("evidence.size")}>{size}</td>
        <td data-label={t("evidence.hash")}>{hash}</td>
        <td data-label={t("evidence.uploadedBy")}>
          {item.uploadedBy.name ?? "—"}
          <div className="muted">{formatDateTime(item.uploadedAt, lang)}</div>
        </td>
        <td data-label={t("evidence.notice")}>
          {!recording ? (
            "—"
          ) : canEdit ? (
            <CheckboxField
              label={t("evidence.noticeToggle", { name: item.originalName })}
              checked={item.recordingNotice === true}
              disabled={notice.isPending}
              onChange={(e) => notice.mutate(e.target.checked)}
            />
          ) : item.recordingNotice ? (
            t("evidence.noticeYes")
          ) : (
            t("evidence.noticeNo")
          )}
        </td>
        <td data-label={t("evidence.actions")}>
          <div className="form-actions">
            {playable ? (
              <Button
                aria-expanded={playing}
                onClick={() => setPlaying(!playing)}
                aria-label={`${playing ? t("evidence.hide") : t("evidence.play")}: ${item.originalName}`}
              >
                {playing ? t("evidence.hide") : t("evidence.play")}
              </Button>
            ) : null}
            <Button busy={download.isPending} onClick={() => download.mutate()} aria-label={`${t("evidence.download")}: ${item.originalName}`}>
              {download.isPending ? t("evidence.downloading") : t("evidence.download")}
            </Button>
            {canDelete ? (
              <Button
                variant="danger"
                onClick={() => setDeleting(!deleting)}
                aria-expanded={deleting}
                aria-label={`${t("evidence.delete")}: ${item.originalName}`}
              >
                {t("evidence.delete")}
              </Button>
            ) : null}
          </div>
        </td>
      </tr>
      {playing ? (
        <tr>
          <td colSpan={7}>
            <Player item={item} onError={onError} />
          </td>
        </tr>
      ) : null}
      {deleting ? (
        <tr>
          <td colSpan={7}>
            <div className="form">
              <TextAreaField
                label={t("evidence.deleteReason", { name: item.originalName })}
                rows={2}
                maxLength={500}
                required
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <div className="form-actions">
                <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
                  {t("evidence.deleteConfirm")}
                </Button>
                <Button onClick={() => setDeleting(false)}>{t("evidence.cancel")}</Button>
              </div>
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Inline playback: the browser fetches the file by Range requests; a refusal is explained in words. */
function Player({ item, onError }: { item: Evidence; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const label = t("evidence.playerLabel", { name: item.originalName });
  const failed = () => void playbackError(item.id, t("evidence.playFailed")).then(onError);
  if (item.kind === "image") return <img src={contentUrl(item.id)} alt={label} style={{ maxWidth: "100%" }} onError={failed} />;
  if (item.kind === "video")
    // biome-ignore lint/a11y/useMediaCaption: evidence recordings have no captions; the words used are transcribed in the record
    return <video src={contentUrl(item.id)} controls preload="metadata" aria-label={label} style={{ maxWidth: "100%" }} onError={failed} />;
  // biome-ignore lint/a11y/useMediaCaption: evidence recordings have no captions; the words used are transcribed in the record
  return <audio src={contentUrl(item.id)} controls preload="metadata" aria-label={label} onError={failed} />;
}
