import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiToken, api } from "../api.ts";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog, SecretDialog } from "../ui/Dialog.tsx";
import { TextField } from "../ui/Field.tsx";
import { ErrorAlert, Loading, StatusMessage } from "../ui/Messages.tsx";
import { formatDateTime } from "../ui/format.ts";

const TOKENS_KEY = ["tokens"] as const;

export function TokensSection() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: async () => (await api<{ tokens: ApiToken[] }>("GET", "/tokens")).tokens });
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (tokenName: string) => api<{ id: string; token: string }>("POST", "/tokens", { name: tokenName }),
    onSuccess: (res) => {
      setName("");
      setSecret(res.token);
      void qc.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api("DELETE", `/tokens/${token.id}`),
    onSuccess: (_r, token) => {
      setRevoking(null);
      setStatus(t("tokens.revokedDone", { name: token.name }));
      void qc.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    create.mutate(name.trim());
  };

  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t("tokens.title")}</h2>
      <p>{t("tokens.intro")}</p>
      <form className="form form-inline" onSubmit={submit}>
        <ErrorAlert error={create.error} />
        <TextField label={t("tokens.name")} hint={t("tokens.nameHint")} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={create.isPending}>
            {t("tokens.create")}
          </Button>
        </div>
      </form>
      <StatusMessage message={status} />
      {tokens.isPending ? <Loading /> : null}
      <ErrorAlert error={tokens.error} />
      {tokens.data && tokens.data.length === 0 ? <p className="muted">{t("tokens.none")}</p> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <table className="table">
          <caption>{t("tokens.listCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tokens.name")}</th>
              <th scope="col">{t("tokens.prefix")}</th>
              <th scope="col">{t("tokens.createdAt")}</th>
              <th scope="col">{t("tokens.lastUsedAt")}</th>
              <th scope="col">{t("tokens.status")}</th>
              <th scope="col">{t("app.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((tok) => (
              <tr key={tok.id}>
                <th scope="row" data-label={t("tokens.name")}>
                  {tok.name}
                </th>
                <td data-label={t("tokens.prefix")}>
                  <code>{tok.prefix}…</code>
                </td>
                <td data-label={t("tokens.createdAt")}>{formatDateTime(tok.createdAt, i18n.language)}</td>
                <td data-label={t("tokens.lastUsedAt")}>{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt, i18n.language) : t("tokens.never")}</td>
                <td data-label={t("tokens.status")}>
                  <span className={`badge ${tok.revokedAt ? "badge-muted" : "badge-ok"}`}>
                    {tok.revokedAt ? t("tokens.revoked") : t("tokens.activeStatus")}
                  </span>
                </td>
                <td data-label={t("app.actions")}>
                  {tok.revokedAt ? null : (
                    <Button variant="danger" className="btn-small" aria-label={t("tokens.revokeNamed", { name: tok.name })} onClick={() => setRevoking(tok)}>
                      {t("tokens.revoke")}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {secret ? (
        <SecretDialog
          title={t("tokens.createdTitle")}
          note={t("tokens.createdNote")}
          label={t("tokens.secretLabel")}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={t("tokens.revoke")}
          message={t("tokens.revokeConfirm", { name: revoking.name })}
          confirmLabel={t("tokens.revoke")}
          danger
          busy={revoke.isPending}
          error={<ErrorAlert error={revoke.error} />}
          onConfirm={() => revoke.mutate(revoking)}
          onClose={() => {
            revoke.reset();
            setRevoking(null);
          }}
        />
      ) : null}
    </section>
  );
}
