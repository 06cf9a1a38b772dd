import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api } from "../api.ts";
import { ErrorAlert, Loading } from "../ui/Messages.tsx";
import { Page } from "../ui/Page.tsx";
import { formatDateTime } from "../ui/format.ts";
import { Sanitised } from "./Sanitised.tsx";
import type { PolicyDiff, PolicyVersion } from "./types.ts";

/** An earlier (or the current) version, and what changed against the version before it. */
export function PolicyVersionPage() {
  const { t, i18n } = useTranslation();
  const v = Number(useParams().version);
  const version = useQuery({ queryKey: ["policy", "version", v], queryFn: () => api<PolicyVersion>("GET", `/policy/versions/${v}`) });
  const diff = useQuery({ queryKey: ["policy", "diff", v], queryFn: () => api<PolicyDiff>("GET", `/policy/versions/${v}/diff`), enabled: v > 1 });
  const changed = diff.data?.sections.filter((s) => s.change === "changed") ?? [];
  return (
    <Page
      title={`${t("policy.title")} ${t("policy.version", { version: v })}`}
      actions={
        <Link className="btn btn-secondary" to="/policy">
          {t("policy.backToCurrent")}
        </Link>
      }
    >
      <ErrorAlert error={version.error ?? diff.error} />
      {version.isLoading ? <Loading /> : null}
      {version.data ? (
        <p className="muted">
          {t("policy.publishedAt")}: {formatDateTime(version.data.publishedAt, i18n.language)} {version.data.note ? `— ${version.data.note}` : ""}
        </p>
      ) : null}
      {v > 1 && diff.data ? (
        <section className="card" aria-labelledby="policy-changes">
          <h2 id="policy-changes">{t("policy.changes")}</h2>
          {changed.length === 0 ? <p>{t("policy.noChanges")}</p> : null}
          {changed.map((s) => (
            <section key={s.id} aria-label={s.titleAfter}>
              <h3>
                {s.titleAfter} <span className="badge badge-warn">{t("policy.changedSection")}</span>
              </h3>
              {s.titleBefore !== s.titleAfter ? (
                <p>
                  <del>{s.titleBefore}</del> → <ins>{s.titleAfter}</ins>
                </p>
              ) : null}
              <div className="policy-diff">
                {s.parts
                  .filter((p) => p.kind !== "same")
                  .map((p, i) =>
                    p.kind === "added" ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
                      <ins key={i} className="prewrap">
                        <span className="visually-hidden">{t("policy.added")}: </span>
                        {p.text}
                      </ins>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
                      <del key={i} className="prewrap">
                        <span className="visually-hidden">{t("policy.removed")}: </span>
                        {p.text}
                      </del>
                    ),
                  )}
              </div>
            </section>
          ))}
        </section>
      ) : null}
      {version.data ? (
        <article className="card policy-document">
          {version.data.sections.map((s) => (
            <section key={s.id} aria-labelledby={`pv-${s.id}`}>
              <h2 id={`pv-${s.id}`}>{s.title}</h2>
              <Sanitised html={s.html} />
            </section>
          ))}
        </article>
      ) : null}
    </Page>
  );
}
