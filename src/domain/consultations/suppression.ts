/**
 * Small-count suppression for consultation statistics: a count below the threshold is shown as
 * "<5", never as a number. When the cells partition a visible total (every consultation is in
 * exactly one cell), a single suppressed cell could be recovered as total minus the visible cells,
 * so the smallest visible cell is suppressed as well (complementary suppression, shown as "*").
 */
export const SMALL_COUNT_THRESHOLD = 5;

export interface Cell {
  key: string;
  count: number;
}

export interface ShownCell {
  key: string;
  /** The number, or null when suppressed. */
  count: number | null;
  display: string;
  suppressed: "small" | "complementary" | null;
}

export interface ShownTable {
  total: { count: number | null; display: string };
  cells: ShownCell[];
}

const small = (n: number, threshold: number) => n < threshold;

/**
 * `partition`: the cells add up to the total (e.g. by status). For overlapping cells (care flags,
 * where one consultation may carry several or none) only small counts are suppressed.
 */
export function suppressSmallCounts(cells: readonly Cell[], opts: { partition: boolean; threshold?: number }): ShownTable {
  const threshold = opts.threshold ?? SMALL_COUNT_THRESHOLD;
  const total = cells.reduce((s, c) => s + c.count, 0);
  const out: ShownCell[] = cells.map((c) =>
    small(c.count, threshold)
      ? { key: c.key, count: null, display: `<${threshold}`, suppressed: "small" }
      : { key: c.key, count: c.count, display: String(c.count), suppressed: null },
  );
  const totalSuppressed = opts.partition && small(total, threshold);
  if (opts.partition && !totalSuppressed) {
    const hidden = out.filter((c) => c.suppressed !== null);
    if (hidden.length === 1) {
      // Differencing would reveal the one hidden cell: hide the smallest visible cell too.
      const visible = out
        .map((c, i) => ({ c, n: cells[i]?.count ?? 0 }))
        .filter(({ c }) => c.suppressed === null)
        .sort((a, b) => a.n - b.n);
      const second = visible[0]?.c;
      if (second) {
        second.count = null;
        second.display = "*";
        second.suppressed = "complementary";
      }
    }
  }
  return {
    total: totalSuppressed ? { count: null, display: `<${threshold}` } : { count: total, display: String(total) },
    cells: out,
  };
}
