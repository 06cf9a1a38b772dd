/**
 * Department rankings for the dashboard: the same departments ranked by number of incidents and
 * by staff-hours lost. A department with few but long contacts ranks low by count and high by
 * hours; showing both side by side makes that visible.
 *
 * Staff-hours of one incident = its duration (end − start, hours; 0 when either is missing) ×
 * the number of distinct staff listed on it (at least 1: someone handled it).
 */
export interface DepartmentFigures {
  departmentId: string;
  name: string;
  count: number;
  hours: number;
}

export interface Ranked extends DepartmentFigures {
  rank: number;
}

export function staffHours(startedAt: Date | null, endedAt: Date | null, staffCount: number): number {
  if (!startedAt || !endedAt) return 0;
  const ms = endedAt.getTime() - startedAt.getTime();
  if (!(ms > 0)) return 0;
  return (ms / 3600_000) * Math.max(1, staffCount);
}

/** Competition ranking (1, 2, 2, 4): ties share a rank; ties are listed by name (code point order) for a stable order. */
function rankBy(rows: readonly DepartmentFigures[], value: (r: DepartmentFigures) => number): Ranked[] {
  const sorted = [...rows].sort((a, b) => value(b) - value(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let rank = 0;
  let prev: number | null = null;
  return sorted.map((r, i) => {
    const v = value(r);
    if (prev === null || v !== prev) rank = i + 1;
    prev = v;
    return { ...r, rank };
  });
}

export function departmentRankings(rows: readonly DepartmentFigures[]): { byCount: Ranked[]; byHours: Ranked[] } {
  const rounded = rows.map((r) => ({ ...r, hours: Math.round(r.hours * 10) / 10 }));
  return { byCount: rankBy(rounded, (r) => r.count), byHours: rankBy(rounded, (r) => r.hours) };
}

/** Buckets of "how many incidents per counterpart" for the repeat-counterpart chart. */
export const REPEAT_BUCKETS = ["1", "2", "3-4", "5+"] as const;
export type RepeatBucket = (typeof REPEAT_BUCKETS)[number];
export function repeatBucket(incidents: number): RepeatBucket {
  if (incidents <= 1) return "1";
  if (incidents === 2) return "2";
  if (incidents <= 4) return "3-4";
  return "5+";
}
