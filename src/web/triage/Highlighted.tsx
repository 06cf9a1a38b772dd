import type { Signal } from "./types.ts";

/** The original text with every evidence span marked; overlapping spans are split at their edges. */
export function HighlightedText({ text, signals }: { text: string; signals: Signal[] }) {
  const spans = signals.filter((s) => s.end > s.start && s.rule !== "repeat.near_duplicate");
  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts: { from: number; to: number; covering: Signal[] }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    parts.push({ from, to, covering: spans.filter((s) => s.start <= from && s.end >= to) });
  }
  return (
    <pre className="triage-text">
      {parts.map((p) => {
        const piece = text.slice(p.from, p.to);
        if (p.covering.length === 0) return <span key={p.from}>{piece}</span>;
        const urgent = p.covering.some((s) => s.severity === "urgent");
        return (
          <mark key={p.from} className={urgent ? "triage-urgent" : undefined} data-rule={p.covering.map((s) => s.rule).join(" ")}>
            {piece}
          </mark>
        );
      })}
    </pre>
  );
}
