import type { Kysely } from "kysely";
import { APPROVABLE, type Approvable, DEFAULT_LADDER, type LadderConfig } from "../../domain/live-assist/ladder.ts";
import { DEFAULT_SCRIPTS, SCRIPT_KEYS, SCRIPT_LANGUAGES, type ScriptKey, type ScriptLanguage, type ScriptLibrary, offersFalseExcuse } from "../../domain/live-assist/scripts.ts";
import { DEFAULT_ESCALATE_SECONDS, DEFAULT_THRESHOLD_MINUTES, type LiveChannel } from "../../domain/live-assist/timing.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { invalid } from "../platform/http/errors.ts";
import { liveCollectionPolicy, liveSettingsPolicy } from "./policy.ts";
import * as repo from "./repo.ts";

/** What applies to a new session of a department and channel: the most specific setting wins. */
export interface Resolved {
  thresholdSeconds: number;
  escalateSeconds: number;
  ladder: LadderConfig;
}

type SettingRow = Awaited<ReturnType<typeof repo.listSettings>>[number];

export function resolve(rows: readonly SettingRow[], chain: readonly string[], channel: LiveChannel): Resolved {
  const find = (d: string | null, ch: string | null) => rows.find((s) => s.department_id === d && s.channel === ch);
  let hit: SettingRow | undefined;
  for (const d of chain) {
    hit = find(d, channel) ?? find(d, null);
    if (hit) break;
  }
  hit ??= find(null, channel) ?? find(null, null);
  if (!hit) return { thresholdSeconds: DEFAULT_THRESHOLD_MINUTES * 60, escalateSeconds: DEFAULT_ESCALATE_SECONDS, ladder: DEFAULT_LADDER };
  return {
    thresholdSeconds: hit.threshold_seconds,
    escalateSeconds: hit.escalate_seconds,
    ladder: { ...DEFAULT_LADDER, needsApproval: hit.needs_approval.filter((k): k is Approvable => (APPROVABLE as readonly string[]).includes(k)) },
  };
}

export async function resolveFor(db: Executor, departmentId: string, channel: LiveChannel): Promise<Resolved> {
  return resolve(await repo.listSettings(db), await repo.departmentChain(db, departmentId), channel);
}

const scopeOf = (departmentId: string | null, channel: string | null) => `${departmentId ?? "*"}:${channel ?? "*"}`;

const settingView = (r: SettingRow) => ({
  scope: r.scope,
  departmentId: r.department_id,
  channel: r.channel,
  thresholdSeconds: r.threshold_seconds,
  needsApproval: r.needs_approval,
  escalateSeconds: r.escalate_seconds,
  updatedAt: r.updated_at.toISOString(),
});

export async function getSettings(db: Executor, ctx: RequestContext) {
  liveSettingsPolicy.authorize(ctx.actor, "read", null);
  return { settings: (await repo.listSettings(db)).map(settingView), defaults: { thresholdSeconds: DEFAULT_THRESHOLD_MINUTES * 60, escalateSeconds: DEFAULT_ESCALATE_SECONDS, needsApproval: [] as string[] }, approvable: APPROVABLE };
}

export interface SettingInput {
  departmentId: string | null;
  channel: LiveChannel | null;
  thresholdSeconds: number;
  needsApproval: Approvable[];
  escalateSeconds?: number | undefined;
}

export async function putSetting(db: Kysely<Database>, ctx: RequestContext, input: SettingInput) {
  const actor = liveSettingsPolicy.authorize(ctx.actor, "manage", null);
  return db.transaction().execute(async (trx) => {
    if (input.departmentId && !(await repo.departmentExists(trx, input.departmentId))) throw invalid("department_not_found");
    const scope = scopeOf(input.departmentId, input.channel);
    const needsApproval = [...new Set(input.needsApproval)];
    await repo.upsertSetting(trx, { scope, departmentId: input.departmentId, channel: input.channel, thresholdSeconds: input.thresholdSeconds, needsApproval, escalateSeconds: input.escalateSeconds ?? DEFAULT_ESCALATE_SECONDS, actorId: actor.userId, at: new Date() });
    await audit.record(trx, ctx, { action: "live_settings.update", resourceType: "live_settings", resourceId: scope, details: { thresholdSeconds: input.thresholdSeconds, needsApproval, escalateSeconds: input.escalateSeconds ?? DEFAULT_ESCALATE_SECONDS } });
    return getSettings(trx, ctx);
  });
}

export async function deleteSetting(db: Kysely<Database>, ctx: RequestContext, scope: string) {
  liveSettingsPolicy.authorize(ctx.actor, "manage", null);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.deleteSetting(trx, scope))) throw invalid("live_setting_not_found");
    await audit.record(trx, ctx, { action: "live_settings.delete", resourceType: "live_settings", resourceId: scope });
    return getSettings(trx, ctx);
  });
}

// ---- script library --------------------------------------------------------------------------------

export async function library(db: Executor): Promise<{ lines: ScriptLibrary; customised: Array<{ key: string; lang: string }> }> {
  const rows = await repo.listScripts(db);
  const lines = structuredClone(DEFAULT_SCRIPTS);
  const customised: Array<{ key: string; lang: string }> = [];
  for (const r of rows) {
    if ((SCRIPT_KEYS as readonly string[]).includes(r.key) && (SCRIPT_LANGUAGES as readonly string[]).includes(r.lang) && r.text.trim()) {
      lines[r.key as ScriptKey][r.lang as ScriptLanguage] = r.text;
      customised.push({ key: r.key, lang: r.lang });
    }
  }
  return { lines, customised };
}

export async function getScripts(db: Executor, ctx: RequestContext) {
  liveCollectionPolicy.authorize(ctx.actor, "read_scripts", null);
  return { ...(await library(db)), defaults: DEFAULT_SCRIPTS };
}

/** Central replaces one line (an empty text restores the default). A line offering a false excuse is refused. */
export async function putScript(db: Kysely<Database>, ctx: RequestContext, key: ScriptKey, lang: ScriptLanguage, text: string) {
  const actor = liveSettingsPolicy.authorize(ctx.actor, "manage", null);
  const t = text.trim();
  if (t && offersFalseExcuse(t)) throw invalid("live_script_false_excuse");
  return db.transaction().execute(async (trx) => {
    if (t) await repo.putScript(trx, key, lang, t, actor.userId, new Date());
    else await repo.deleteScript(trx, key, lang);
    await audit.record(trx, ctx, { action: t ? "live_script.update" : "live_script.reset", resourceType: "live_script", resourceId: `${key}.${lang}`, details: { length: t.length } });
    return getScripts(trx, ctx);
  });
}
