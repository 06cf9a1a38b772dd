import { expandSubtrees } from "../../domain/accounts/roles.ts";
import { REPEAT_BUCKETS, departmentRankings, repeatBucket } from "../../domain/analytics/rankings.ts";
import { fiscalMonths, fiscalYearLabel, fiscalYearOf, fiscalYearRange, formatWarekiMonth, japanDate, monthRange } from "../../domain/analytics/wareki.ts";
import { BEHAVIOUR_CODES, BEHAVIOUR_CODE_LIST, CHANNELS, CHANNEL_LABELS, COUNTERPART_TYPES, COUNTERPART_TYPE_LABELS, GROUPS, GROUP_LABELS } from "../../domain/incidents/codes.ts";
import * as audit from "../audit/service.ts";
import { consultationPolicy } from "../consultations/policy.ts";
import { policyPolicy } from "../policy/policy.ts";
import { rates as policyRates } from "../policy/service.ts";
import { trainingPolicy } from "../training/policy.ts";
import { progress as trainingProgress } from "../training/service.ts";
import { statistics as consultationStatistics } from "../consultations/statistics.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { AppError, invalid } from "../platform/http/errors.ts";
import { analyticsPolicy, scopeOf } from "./policy.ts";
import * as repo from "./repo.ts";

export interface PeriodQuery {
  fiscalYear?: number | undefined;
  /** "YYYY-MM": one month instead of a fiscal year (monthly report). */
  month?: string | undefined;
  departmentId?: string | undefined;
}

type Label = { ja: string; en: string };
const OUTCOMES = ["harassment", "not_harassment", "pending", "not_judged"] as const;
const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], Label> = {
  harassment: { ja: "カスハラと判断", en: "Judged harassment" },
  not_harassment: { ja: "カスハラに当たらない", en: "Not harassment" },
  pending: { ja: "判断保留", en: "Judgement pending" },
  not_judged: { ja: "未判断", en: "Not yet judged" },
};
const POLICE_LABELS: Record<string, Label> = { contacted: { ja: "警察に通報・相談", en: "Police contacted" }, not_contacted: { ja: "警察対応なし", en: "No police involvement" } };
const NO_COUNTERPART: Label = { ja: "相手方の記録なし", en: "No counterpart recorded" };

/** The period and departments a request covers, checked against the actor's scope. */
export async function resolveScope(db: Executor, ctx: RequestContext, q: PeriodQuery, action: "view_dashboard" | "export" | "report") {
  const actor = analyticsPolicy.authorize(ctx.actor, action, { departmentId: q.departmentId ?? null });
  let period: { from: Date; to: Date; fiscalYear: number; month: string | null };
  if (q.month) {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(q.month);
    if (!m) throw invalid("analytics_month_invalid");
    const [y, mo] = [Number(m[1]), Number(m[2])];
    period = { ...monthRange(y, mo), fiscalYear: fiscalYearOf({ year: y, month: mo, day: 1 }), month: q.month };
  } else {
    const fy = q.fiscalYear ?? fiscalYearOf(japanDate(new Date()));
    if (!Number.isInteger(fy) || fy < 1989 || fy > 2200) throw invalid("analytics_fiscal_year_invalid");
    period = { ...fiscalYearRange(fy), fiscalYear: fy, month: null };
  }
  const all = await repo.departments(db);
  let departmentIds: string[] | null = null;
  let department: { id: string; nameJa: string; nameEn: string } | null = null;
  const scope = scopeOf(actor);
  if (q.departmentId) {
    const d = all.find((x) => x.id === q.departmentId);
    if (!d) throw invalid("department_not_found");
    department = { id: d.id, nameJa: d.name_ja, nameEn: d.name_en };
    departmentIds = [...expandSubtrees(all.map((x) => ({ id: x.id, parentId: x.parent_id })), [d.id])].filter((id) => scope === null || scope.has(id));
  } else if (scope !== null) {
    departmentIds = [...scope];
  }
  return { actor, period, department, departmentIds, departments: all, scope: { from: period.from, to: period.to, departmentIds } satisfies repo.Scope };
}

export type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;

/** Every figure of the dashboard for one resolved scope (also used by the PDF reports). */
export async function computeDashboard(db: Executor, resolved: Awaited<ReturnType<typeof resolveScope>>) {
  const s = resolved.scope;
  // The figures come from the rollup: first recompute the scope's buckets that changed since.
  await repo.refreshScope(db, s);
  const [months, groups, codes, channels, outcomes, counterpartTypes, police, repeat, depts] = await Promise.all([
    repo.byMonth(db, s),
    repo.byGroup(db, s),
    repo.byCode(db, s),
    repo.byColumn(db, s, "channel"),
    repo.byColumn(db, s, "outcome"),
    repo.byCounterpartType(db, s),
    repo.byPolice(db, s),
    repo.repeatCounterparts(db, s),
    repo.byDepartment(db, s),
  ]);
  const count = (list: { key: string | null; count: number }[], key: string | null) => list.find((x) => x.key === key)?.count ?? 0;
  const total = months.reduce((n, m) => n + m.received, 0);
  const harassment = months.reduce((n, m) => n + m.harassment, 0);
  const monthKeys = resolved.period.month ? [resolved.period.month] : fiscalMonths(resolved.period.fiscalYear);
  const buckets = new Map<string, { counterparts: number; incidents: number }>();
  for (const r of repeat) {
    const b = repeatBucket(r.incidents);
    const cur = buckets.get(b) ?? { counterparts: 0, incidents: 0 };
    buckets.set(b, { counterparts: cur.counterparts + r.counterparts, incidents: cur.incidents + r.counterparts * r.incidents });
  }
  const ranked = departmentRankings(depts.map((d) => ({ departmentId: d.departmentId, name: d.nameJa, count: d.count, hours: d.hours })));
  const nameEn = new Map(depts.map((d) => [d.departmentId, d.nameEn]));
  const withEn = (list: typeof ranked.byCount) => list.map((r) => ({ departmentId: r.departmentId, label: { ja: r.name, en: nameEn.get(r.departmentId) ?? r.name }, count: r.count, hours: r.hours, rank: r.rank }));
  const label = fiscalYearLabel(resolved.period.fiscalYear);
  return {
    period: {
      fiscalYear: resolved.period.fiscalYear,
      month: resolved.period.month,
      from: resolved.period.from.toISOString(),
      to: resolved.period.to.toISOString(),
      label: resolved.period.month ? { ja: `${formatWarekiMonth(resolved.period.month)}(${resolved.period.month.replace("-", "年")}月)`, en: resolved.period.month } : { ja: label.ja, en: label.en },
      wareki: label.wareki,
      seireki: label.seireki,
    },
    department: resolved.department ? { id: resolved.department.id, label: { ja: resolved.department.nameJa, en: resolved.department.nameEn } } : null,
    totals: { received: total, harassment, policeContacted: count(police, "contacted"), staffHours: Math.round(depts.reduce((n, d) => n + d.hours, 0) * 10) / 10 },
    byMonth: monthKeys.map((m) => {
      const row = months.find((x) => x.key === m);
      return { key: m, label: { ja: formatWarekiMonth(m), en: m }, received: row?.received ?? 0, harassment: row?.harassment ?? 0 };
    }),
    byGroup: GROUPS.map((g) => ({ key: String(g), label: GROUP_LABELS[g], count: count(groups, String(g)) })),
    byCode: BEHAVIOUR_CODE_LIST.map((c) => ({ key: c, label: { ja: BEHAVIOUR_CODES[c].ja, en: BEHAVIOUR_CODES[c].en }, count: count(codes, c) })).filter((c) => c.count > 0),
    byChannel: CHANNELS.map((c) => ({ key: c, label: CHANNEL_LABELS[c], count: count(channels, c) })),
    byCounterpartType: [...COUNTERPART_TYPES.map((c) => ({ key: c as string, label: COUNTERPART_TYPE_LABELS[c], count: count(counterpartTypes, c) })), { key: "none", label: NO_COUNTERPART, count: count(counterpartTypes, "none") }],
    byOutcome: OUTCOMES.map((o) => ({ key: o, label: OUTCOME_LABELS[o], count: count(outcomes, o === "not_judged" ? null : o) })),
    police: ["contacted", "not_contacted"].map((k) => ({ key: k, label: POLICE_LABELS[k] as Label, count: count(police, k) })),
    repeatCounterparts: REPEAT_BUCKETS.map((b) => ({ key: b, label: { ja: `${b}件`, en: `${b}` }, counterparts: buckets.get(b)?.counterparts ?? 0, incidents: buckets.get(b)?.incidents ?? 0 })),
    departments: { byCount: withEn(ranked.byCount), byHours: withEn(ranked.byHours) },
  };
}

/** The dashboard: figures plus the period picker's choices and the measures (consultation counts). */
export async function dashboard(db: Executor, ctx: RequestContext, q: PeriodQuery) {
  const resolved = await resolveScope(db, ctx, q, "view_dashboard");
  const figures = await computeDashboard(db, resolved);
  const years = await repo.fiscalYears(db);
  const current = fiscalYearOf(japanDate(new Date()));
  if (!years.includes(current)) years.unshift(current);
  const scope = scopeOf(resolved.actor);
  const departments = resolved.departments.filter((d) => d.active && (scope === null || scope.has(d.id))).map((d) => ({ id: d.id, label: { ja: d.name_ja, en: d.name_en } }));
  // Measures. Consultation counts are organisation-wide, counts only, small counts suppressed; who may see them is the consultation policy's call.
  const consultations = consultationPolicy.can(resolved.actor, "statistics", null) ? await consultationStatistics(db, ctx) : null;
  // Policy acknowledgement and training completion: organisation-wide rates, counts only (no names), for whoever the policy and training capabilities let see them.
  const acknowledgement = policyPolicy.can(resolved.actor, "read_rates", null)
    ? await policyRates(db, ctx).then(
        (r) => ({ version: r.version, staffCount: r.total.staffCount, acknowledged: r.total.acknowledged, rate: r.total.rate }),
        () => null,
      )
    : null;
  const training = trainingPolicy.can(resolved.actor, "manage", null)
    ? (await trainingProgress(db, ctx)).modules.map((m) => {
        const staffCount = m.departments.reduce((n, d) => n + d.staffCount, 0);
        const completed = m.departments.reduce((n, d) => n + d.completed, 0);
        return { id: m.id, title: m.title, staffCount, completed, rate: staffCount ? Math.round((completed / staffCount) * 1000) / 10 : null };
      })
    : null;
  await audit.record(db, ctx, {
    action: "analytics.dashboard",
    resourceType: "analytics",
    details: { fiscalYear: resolved.period.fiscalYear, departmentId: q.departmentId ?? null },
  });
  return {
    ...figures,
    choices: { fiscalYears: years.sort((a, b) => b - a).map((y) => ({ fiscalYear: y, label: fiscalYearLabel(y) })), departments },
    measures: { consultations, acknowledgement, training },
  };
}

export function assertFound<T>(v: T | undefined | null): T {
  if (v === undefined || v === null) throw new AppError(404, "not_found");
  return v;
}
