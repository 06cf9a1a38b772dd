/**
 * Builds an evaluation part (dev or test) from a bank of hand-written messages.
 * Deterministic (seeded). Used once per part: `npx tsx eval/triage/build.ts dev|dev2|…|dev5|test|test-v2|…`.
 * test.jsonl is frozen after its first build; see README.md.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Group = 1 | 2 | 3 | 4 | 5;
export type Flag = "none" | "review" | "urgent";

export interface Core {
  kind: string;
  flag: Flag;
  groups: Group[];
  text: string;
}

export interface Thread {
  kind: string;
  /** Sender spellings used in turn (the same person written differently). */
  senders: string[];
  /** Texts in order; near-duplicates of one demand (or, for a control thread, different topics). */
  texts: string[];
  /** Whether the texts are the same demand (true) or unrelated (false). */
  sameDemand: boolean;
  /** Labels of a single message ignoring repetition. */
  base: { flag: Flag; groups: Group[] };
  startDate: string;
  dayStep: number;
}

export interface Bank {
  name: string;
  seed: number;
  /** Wrappers: {body} is replaced by the message; {dept}, {name}, {date} too. */
  wrappers: string[];
  /** Neutral context sentences that may precede a harassment core. */
  contexts: string[];
  departments: string[];
  names: string[];
  cores: Core[];
  threads: Thread[];
  /** How many messages each core yields (1 or 2), by kind. */
  copies: Record<string, number>;
}

export interface EvalRecord {
  id: string;
  text: string;
  sender?: string;
  receivedAt?: string;
  labels: { flag: Flag; groups: number[] };
  kind: string;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildPart(bank: Bank): EvalRecord[] {
  const rnd = mulberry32(bank.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const singles: EvalRecord[] = [];
  let n = 0;
  const date = () => {
    const d = new Date(Date.UTC(2025, 3, 1) + Math.floor(rnd() * 240) * 86_400_000 + Math.floor(rnd() * 9 + 8) * 3_600_000);
    return d
      .toISOString()
      .replace(".000Z", "+09:00")
      .replace(/T(\d\d)/, (_, h: string) => `T${h}`);
  };
  for (const core of bank.cores) {
    const copies = bank.copies[core.kind] ?? 1;
    for (let c = 0; c < copies; c++) {
      let body = core.text;
      const harassing = core.flag !== "none";
      if ((harassing && rnd() < 0.5) || (!harassing && rnd() < 0.25)) body = `${pick(bank.contexts)}${body}`;
      const wrapper = c === 0 && rnd() < 0.35 ? "{body}" : pick(bank.wrappers);
      const text = wrapper
        .replaceAll("{body}", body)
        .replaceAll("{dept}", pick(bank.departments))
        .replaceAll("{name}", pick(bank.names))
        .replaceAll("{date}", date().slice(0, 10));
      n++;
      singles.push({
        id: `${bank.name}-${String(n).padStart(4, "0")}`,
        text,
        ...(rnd() < 0.5 ? { sender: `user${Math.floor(rnd() * 1e6)}@example.jp` } : {}),
        receivedAt: date(),
        labels: { flag: core.flag, groups: [...core.groups].sort() },
        kind: core.kind,
      });
    }
  }
  // Shuffle single messages, then interleave threads at random positions (order kept per thread).
  for (let i = singles.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [singles[i], singles[j]] = [singles[j] as EvalRecord, singles[i] as EvalRecord];
  }
  const out = singles;
  let t = 0;
  for (const thread of bank.threads) {
    t++;
    let position = Math.floor(rnd() * Math.max(1, out.length / 2));
    thread.texts.forEach((text, k) => {
      const count = k + 1;
      const repeated = thread.sameDemand && count >= 3;
      const groups = new Set<number>(thread.base.groups);
      if (repeated) groups.add(1);
      const flag: Flag = thread.base.flag === "urgent" ? "urgent" : repeated || thread.base.flag === "review" ? "review" : "none";
      const day = new Date(Date.parse(thread.startDate) + k * thread.dayStep * 86_400_000);
      const record: EvalRecord = {
        id: `${bank.name}-t${String(t).padStart(2, "0")}-${count}`,
        text,
        sender: thread.senders[k % thread.senders.length] as string,
        receivedAt: day.toISOString().replace(".000Z", "Z"),
        labels: { flag, groups: [...groups].sort() },
        kind: repeated ? "repeat" : thread.kind,
      };
      out.splice(Math.min(position, out.length), 0, record);
      position += 1 + Math.floor(rnd() * 25);
    });
  }
  return out;
}

async function main(): Promise<void> {
  const part = process.argv[2];
  const banks: Record<string, string> = {
    dev: "./bank-dev.ts",
    dev2: "./bank-dev2.ts",
    dev3: "./bank-dev3.ts",
    dev4: "./bank-dev4.ts",
    dev5: "./bank-dev5.ts",
    test: "./bank-test.ts",
    "test-v2": "./bank-test-v2.ts",
    "test-v3": "./bank-test-v3.ts",
    "test-v4": "./bank-test-v4.ts",
    "test-v5": "./bank-test-v5.ts",
    train6a: "./bank-train6a.ts",
    train6b: "./bank-train6b.ts",
    "test-v6": "./bank-test-v6.ts",
    train7a: "./bank-train7a.ts",
    train7b: "./bank-train7b.ts",
    "test-v7": "./bank-test-v7.ts",
    train8a: "./bank-train8a.ts",
    train8b: "./bank-train8b.ts",
    "test-v8": "./bank-test-v8.ts",
    train9a: "./bank-train9a.ts",
    train9b: "./bank-train9b.ts",
    train9c: "./bank-train9c.ts",
    "test-v9": "./bank-test-v9.ts",
    train10a: "./bank-train10a.ts",
    train10b: "./bank-train10b.ts",
    "test-v10": "./bank-test-v10.ts",
    "test-v11": "./bank-test-v11.ts",
    "test-v12": "./bank-test-v12.ts",
    "test-v13": "./bank-test-v13.ts",
  };
  if (!part || !banks[part]) throw new Error(`usage: build.ts ${Object.keys(banks).join("|")}`);
  const here = dirname(fileURLToPath(import.meta.url));
  const mod = (await import(banks[part] as string)) as { BANK: Bank };
  const records = buildPart(mod.BANK);
  writeFileSync(join(here, `${part}.jsonl`), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const legit = records.filter((r) => r.labels.flag === "none" && r.labels.groups.length === 0).length;
  console.log(`${part}: ${records.length} messages, ${legit} legitimate (${((100 * legit) / records.length).toFixed(1)}%)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
