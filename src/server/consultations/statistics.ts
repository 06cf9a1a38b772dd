import { SMALL_COUNT_THRESHOLD, suppressSmallCounts } from "../../domain/consultations/suppression.ts";
import { CARE_FLAGS, CARE_FLAG_LABELS, CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from "../../domain/consultations/workflow.ts";
import * as audit from "../audit/service.ts";
import type { Executor, RequestContext } from "../platform/context.ts";
import { consultationPolicy } from "./policy.ts";
import * as repo from "./repo.ts";

/** Counts only, never identities; every count below 5 is shown as "<5" (see domain/consultations/suppression.ts). */
export async function statistics(db: Executor, ctx: RequestContext) {
  consultationPolicy.authorize(ctx.actor, "statistics", null);
  const [byCategory, byStatus, byKind, flags] = await Promise.all([
    repo.countBy(db, "category"),
    repo.countBy(db, "status"),
    repo.countBy(db, "anonymous"),
    repo.countCareFlags(db),
  ]);
  const table = <K extends string>(
    keys: readonly K[],
    counts: Map<string, number>,
    labels: Record<K, { ja: string; en: string }> | null,
    partition: boolean,
  ) => {
    const shown = suppressSmallCounts(
      keys.map((key) => ({ key, count: counts.get(key) ?? 0 })),
      { partition },
    );
    return {
      total: shown.total,
      cells: shown.cells.map((c) => ({ key: c.key, label: labels ? labels[c.key as K] : null, count: c.count, display: c.display, suppressed: c.suppressed })),
    };
  };
  await audit.record(db, ctx, { action: "consultation.statistics", resourceType: "consultation" });
  return {
    threshold: SMALL_COUNT_THRESHOLD,
    byCategory: table(CATEGORIES, byCategory, CATEGORY_LABELS, true),
    byStatus: table(STATUSES, byStatus, STATUS_LABELS, true),
    byKind: table(["true", "false"], byKind, { true: { ja: "匿名", en: "Anonymous" }, false: { ja: "記名", en: "Named" } }, true),
    careFlags: table(CARE_FLAGS, flags, CARE_FLAG_LABELS, false),
  };
}
