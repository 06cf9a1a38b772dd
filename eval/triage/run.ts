/**
 * `npm run eval -- triage`: evaluates the triage engine on the development part and the frozen
 * test part. Prints per-group precision/recall/F1, urgent recall and the false-positive rate
 * on legitimate messages, each with a 95% bootstrap interval (seeded, 1,000 resamples).
 * Sets process.exitCode = 1 when the frozen part misses a target or its checksum changed.
 *
 * Options: --part dev|test|test-v1|…|test-v12|all (default all; test = the current frozen part test-v13),
 *          --rules-only (also print the frozen part scored by the rules alone),
 *          --errors (list misclassified messages),
 *          --resamples N.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TriageModel } from "../../src/domain/triage/model.ts";
import { TriageSession } from "../../src/domain/triage/session.ts";

interface Labelled {
  id: string;
  text: string;
  sender?: string;
  receivedAt?: string;
  labels: { flag: "none" | "review" | "urgent"; groups: number[] };
  kind: string;
}

interface Outcome {
  item: Labelled;
  flag: "none" | "review" | "urgent";
  groups: number[];
  rules: string[];
}

export const TARGETS = { urgentRecall: 0.95, groupF1: 0.85, legitFpRate: 0.03 };
const GROUPS = [1, 2, 3, 4, 5] as const;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function loadPart(path: string): Labelled[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Labelled);
}

/** Runs the product's engine over a part in file order (model: default shipped; null = rules only). */
export function runEngine(items: Labelled[], model?: TriageModel | null): Outcome[] {
  const session = new TriageSession(model === undefined ? {} : { model });
  return items.map((item) => {
    const r = session.process(item);
    return { item, flag: r.flag, groups: r.groups, rules: r.result.signals.map((s) => s.rule) };
  });
}

const isLegit = (o: Outcome) => o.item.labels.flag === "none" && o.item.labels.groups.length === 0;

interface Metrics {
  group: Record<number, { precision: number; recall: number; f1: number; support: number }>;
  urgentRecall: number;
  urgentSupport: number;
  legitFpRate: number;
  legitSupport: number;
}

/** Metrics over a multiset of outcomes given by indices (for the bootstrap). */
function metrics(outcomes: Outcome[], idx: ArrayLike<number>): Metrics {
  const tp = [0, 0, 0, 0, 0, 0];
  const fp = [0, 0, 0, 0, 0, 0];
  const fn = [0, 0, 0, 0, 0, 0];
  let urgent = 0;
  let urgentHit = 0;
  let legit = 0;
  let legitFp = 0;
  for (let k = 0; k < idx.length; k++) {
    const o = outcomes[idx[k] as number] as Outcome;
    for (const g of GROUPS) {
      const exp = o.item.labels.groups.includes(g);
      const got = o.groups.includes(g);
      if (exp && got) tp[g]!++;
      else if (got) fp[g]!++;
      else if (exp) fn[g]!++;
    }
    if (o.item.labels.flag === "urgent") {
      urgent++;
      if (o.flag === "urgent") urgentHit++;
    }
    if (isLegit(o)) {
      legit++;
      if (o.flag !== "none") legitFp++;
    }
  }
  const group: Metrics["group"] = {};
  for (const g of GROUPS) {
    const p = tp[g]! + fp[g]! === 0 ? 1 : tp[g]! / (tp[g]! + fp[g]!);
    const r = tp[g]! + fn[g]! === 0 ? 1 : tp[g]! / (tp[g]! + fn[g]!);
    group[g] = { precision: p, recall: r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r), support: tp[g]! + fn[g]! };
  }
  return {
    group,
    urgentRecall: urgent === 0 ? 1 : urgentHit / urgent,
    urgentSupport: urgent,
    legitFpRate: legit === 0 ? 0 : legitFp / legit,
    legitSupport: legit,
  };
}

function interval(values: number[]): [number, number] {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))] as number;
  return [at(0.025), at(0.975)];
}

export interface PartReport {
  point: Metrics;
  ci: {
    group: Record<number, { precision: [number, number]; recall: [number, number]; f1: [number, number] }>;
    urgentRecall: [number, number];
    legitFpRate: [number, number];
  };
  n: number;
}

export function evaluate(outcomes: Outcome[], resamples = 1000, seed = 42): PartReport {
  const all = Uint32Array.from(outcomes.keys());
  const point = metrics(outcomes, all);
  const rnd = mulberry32(seed);
  const samples: Metrics[] = [];
  const idx = new Uint32Array(outcomes.length);
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < idx.length; k++) idx[k] = Math.floor(rnd() * idx.length);
    samples.push(metrics(outcomes, idx));
  }
  const group: PartReport["ci"]["group"] = {};
  for (const g of GROUPS) {
    group[g] = {
      precision: interval(samples.map((m) => m.group[g]!.precision)),
      recall: interval(samples.map((m) => m.group[g]!.recall)),
      f1: interval(samples.map((m) => m.group[g]!.f1)),
    };
  }
  return {
    point,
    ci: { group, urgentRecall: interval(samples.map((m) => m.urgentRecall)), legitFpRate: interval(samples.map((m) => m.legitFpRate)) },
    n: outcomes.length,
  };
}

const f = (x: number) => x.toFixed(3);
const ci = (c: [number, number]) => `[${f(c[0])}, ${f(c[1])}]`;

function printReport(name: string, r: PartReport, log: (s: string) => void): void {
  log(`\n== ${name}: ${r.n} messages (${r.point.legitSupport} legitimate, ${r.point.urgentSupport} urgent) ==`);
  log("group  support  precision [95% CI]        recall [95% CI]           F1 [95% CI]");
  for (const g of GROUPS) {
    const m = r.point.group[g]!;
    const c = r.ci.group[g]!;
    log(`  ${g}    ${String(m.support).padStart(5)}   ${f(m.precision)} ${ci(c.precision)}   ${f(m.recall)} ${ci(c.recall)}   ${f(m.f1)} ${ci(c.f1)}`);
  }
  log(`urgent recall:            ${f(r.point.urgentRecall)} ${ci(r.ci.urgentRecall)}   (target ≥ ${TARGETS.urgentRecall})`);
  log(`false positives on legit: ${f(r.point.legitFpRate)} ${ci(r.ci.legitFpRate)}   (target ≤ ${TARGETS.legitFpRate})`);
}

export function missedTargets(r: PartReport): string[] {
  const missed: string[] = [];
  if (r.point.urgentRecall < TARGETS.urgentRecall) missed.push(`urgent recall ${f(r.point.urgentRecall)} < ${TARGETS.urgentRecall}`);
  for (const g of GROUPS) {
    if (r.point.group[g]!.f1 < TARGETS.groupF1) missed.push(`group ${g} F1 ${f(r.point.group[g]!.f1)} < ${TARGETS.groupF1}`);
  }
  if (r.point.legitFpRate > TARGETS.legitFpRate) missed.push(`legit FP rate ${f(r.point.legitFpRate)} > ${TARGETS.legitFpRate}`);
  return missed;
}

function printErrors(outcomes: Outcome[], log: (s: string) => void): void {
  for (const o of outcomes) {
    const exp = o.item.labels;
    const same = exp.flag === o.flag && exp.groups.join(",") === o.groups.join(",");
    if (same) continue;
    log(`  ${o.item.id} [${o.item.kind}] expected ${exp.flag} [${exp.groups}] got ${o.flag} [${o.groups}] ${o.rules.join(" ")}`);
    log(`      ${o.item.text.replace(/\n/g, " ⏎ ").slice(0, 160)}`);
  }
}

/** The current frozen part: test-v13.jsonl (round 13). */
const CURRENT = 13;

/** SHA-256 of a frozen file as recorded in README.md ("<file> SHA-256: <hex>"). */
export function recordedHash(readme: string, file: string): string | null {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[^-\\w])${escaped} SHA-256:\\s*\`?([0-9a-f]{64})\`?`, "m").exec(readme)?.[1] ?? null;
}

/** SHA-256 of test.jsonl (the previous frozen part) as recorded in README.md. */
export function recordedTestHash(readme: string): string | null {
  return recordedHash(readme, "test.jsonl");
}

export default async function main(args: string[]): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const partArg = args.includes("--part") ? args[args.indexOf("--part") + 1] : "all";
  const resamples = args.includes("--resamples") ? Number(args[args.indexOf("--resamples") + 1]) : 1000;
  const showErrors = args.includes("--errors");
  let failed = false;

  const readme = readFileSync(join(here, "README.md"), "utf8");
  const checked = (file: string) => {
    const path = join(here, file);
    const actual = createHash("sha256").update(readFileSync(path)).digest("hex");
    const recorded = recordedHash(readme, file);
    if (recorded !== actual) {
      log(`\n!! ${file} checksum ${actual} does not match README (${recorded ?? "none recorded"}): the frozen part was changed.`);
      failed = true;
    }
    return path;
  };
  if (partArg === "dev" || partArg === "all") {
    for (const [file, name] of [
      ["dev.jsonl", "dev, round 1 (tuning part)"],
      ["dev2.jsonl", "dev, round 2 (tuning part)"],
      ["dev3.jsonl", "dev, round 3 (tuning part)"],
      ["dev4.jsonl", "dev, round 4 (tuning part)"],
      ["dev5.jsonl", "dev, round 5 (tuning part)"],
      ["train6a.jsonl", "training part 6a (independent author; the model learned from it)"],
      ["train6b.jsonl", "training part 6b (independent author; the model learned from it)"],
      ["train7a.jsonl", "training part 7a (independent author; the model learned from it)"],
      ["train7b.jsonl", "training part 7b (independent author; the model learned from it)"],
      ["train8a.jsonl", "training part 8a (independent author; the model learned from it)"],
      ["train8b.jsonl", "training part 8b (independent author; the model learned from it)"],
      ["train9a.jsonl", "training part 9a (independent author; the model learned from it)"],
      ["train9b.jsonl", "training part 9b (independent author; the model learned from it)"],
      ["train9c.jsonl", "training part 9c (independent author; the model learned from it)"],
      ["train10a.jsonl", "part 10a (independent author; held out: the model did not learn from it)"],
      ["train10b.jsonl", "part 10b (independent author; held out: the model did not learn from it)"],
    ] as const) {
      const dev = runEngine(loadPart(join(here, file)));
      printReport(name, evaluate(dev, resamples), log);
      if (showErrors) printErrors(dev, log);
    }
  }
  // Previous frozen parts are still reported, but they are no longer blind: their errors were
  // published in README.md before the next round. Only their checksums are enforced. From v5 on
  // the learned model has been trained on them.
  for (let v = 1; v < CURRENT; v++) {
    const name = `test-v${v}`;
    if (partArg !== name && partArg !== "all") continue;
    const test = runEngine(loadPart(checked(v === 1 ? "test.jsonl" : `${name}.jsonl`)));
    const learned = v >= 5 ? "the model learned from it; " : "";
    printReport(`${name} (previous frozen part; no longer blind, ${learned}not gated)`, evaluate(test, resamples), log);
  }
  if (partArg === "test" || partArg === "all") {
    const file = checked(`test-v${CURRENT}.jsonl`);
    const items = loadPart(file);
    const test = runEngine(items);
    const report = evaluate(test, resamples);
    printReport(`test-v${CURRENT} (current frozen part: rules + learned model, as shipped)`, report, log);
    if (showErrors) printErrors(test, log);
    if (args.includes("--rules-only")) printReport(`test-v${CURRENT}, rules alone (for comparison)`, evaluate(runEngine(items, null), resamples), log);
    const missed = missedTargets(report);
    if (missed.length > 0) {
      log(`\nFrozen part (test-v${CURRENT}) misses targets: ${missed.join("; ")}`);
      failed = true;
    } else log(`\nFrozen part (test-v${CURRENT}) meets all targets.`);
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
