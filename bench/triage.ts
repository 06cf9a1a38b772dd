/**
 * `npm run bench -- triage`: throughput and memory of the triage engine as shipped (rules + learned
 * model, with repeat tracking), and of the rules alone,
 * on 100,000 realistic messages (5% near-duplicates from the same senders), against a plain
 * String.includes scan of the same lexicon phrases over the same messages, single-threaded.
 *
 * Options: --messages N (default 100000), --baseline N (messages for the includes scan,
 * default 10000; the scan is slow, its rate is per message so the comparison is fair),
 * --seed N.
 */
import { fileURLToPath } from "node:url";
import { BANK as DEV_BANK } from "../eval/triage/bank-dev.ts";
import { mulberry32 } from "../eval/triage/build.ts";
import { defaultCompiledLexicon } from "../src/domain/triage/lexicon.ts";
import { TriageSession } from "../src/domain/triage/session.ts";

interface BenchMessage {
  id: string;
  text: string;
  sender?: string;
  receivedAt: string;
}

const EXTRA_SENTENCES = [
  "お忙しいところ恐れ入りますが、よろしくお願いいたします。",
  "以前にも別の件でお世話になりました。",
  "添付の書類をご確認ください。",
  "平日の日中は仕事で電話に出られないため、メールでご回答いただけると助かります。",
  "家族とも相談しましたが、やはり一度説明を聞きたいという結論になりました。",
  "市のホームページも見ましたが、該当する情報が見つかりませんでした。",
  "急ぎではありませんが、今月中にお返事をいただけると幸いです。",
  "昨年も同じ時期に問い合わせをしています。",
];

/** Generates realistic messages: bank cores in wrappers, 1–6 extra sentences, 5% near-duplicates. */
export function generateMessages(count: number, seed = 1): BenchMessage[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const bank = DEV_BANK;
  const threadTexts = bank.threads.flatMap((t) => t.texts);
  const out: BenchMessage[] = [];
  const withSender: number[] = [];
  const base = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i++) {
    const receivedAt = new Date(base + i * 60_000).toISOString();
    if (withSender.length > 100 && rnd() < 0.05) {
      const src = out[withSender[Math.floor(rnd() * withSender.length)] as number] as BenchMessage;
      const edit = rnd();
      const text =
        edit < 0.4 ? `${src.text}\n\n${pick(EXTRA_SENTENCES)}${pick(EXTRA_SENTENCES)}` : edit < 0.7 ? `再度ご連絡します。${src.text}` : src.text.replace(/。/, "、").replace(/ください/, "下さい");
      out.push({ id: `m${i}`, text, ...(src.sender ? { sender: src.sender } : {}), receivedAt });
      continue;
    }
    const core = rnd() < 0.03 ? pick(threadTexts) : pick(bank.cores).text;
    let body = core;
    const extra = Math.floor(rnd() * 7);
    for (let k = 0; k < extra; k++) body = rnd() < 0.5 ? `${pick(bank.contexts)}${body}` : `${body}${pick(EXTRA_SENTENCES)}`;
    const text = pick(bank.wrappers)
      .replaceAll("{body}", body)
      .replaceAll("{dept}", pick(bank.departments))
      .replaceAll("{name}", pick(bank.names))
      .replaceAll("{date}", receivedAt.slice(0, 10));
    const hasSender = rnd() < 0.7;
    const msg: BenchMessage = { id: `m${i}`, text, receivedAt };
    if (hasSender) {
      msg.sender = rnd() < 0.6 ? `user${Math.floor(rnd() * 30000)}@example.jp` : `090${String(Math.floor(rnd() * 1e8)).padStart(8, "0")}`;
      withSender.push(i);
    }
    out.push(msg);
  }
  return out;
}

interface MemoryPeak {
  rss: number;
  heapUsed: number;
}

function sampleMemory(peak: MemoryPeak): void {
  const m = process.memoryUsage();
  if (m.rss > peak.rss) peak.rss = m.rss;
  if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

export default async function main(args: string[]): Promise<void> {
  const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
  const count = opt("--messages", 100_000);
  const baselineCount = Math.min(count, opt("--baseline", 10_000));
  const seed = opt("--seed", 1);
  const log = (s: string) => process.stdout.write(`${s}\n`);

  const gcBefore = globalThis.gc;
  gcBefore?.();
  const rssStart = process.memoryUsage().rss;
  const messages = generateMessages(count, seed);
  const totalChars = messages.reduce((a, m) => a + m.text.length, 0);
  const lexicon = defaultCompiledLexicon();
  const afterLoad = process.memoryUsage();
  log(`messages: ${count}, mean length ${(totalChars / count).toFixed(0)} chars, 5% near-duplicates; lexicon ${lexicon.version}: ${lexicon.triggerPhrases.length} trigger phrases, ${lexicon.trie.size} trie nodes`);

  // Engine with repeat tracking.
  const peak: MemoryPeak = { rss: afterLoad.rss, heapUsed: afterLoad.heapUsed };
  const session = new TriageSession();
  let flagged = 0;
  let repeats = 0;
  const t0 = performance.now();
  for (let i = 0; i < messages.length; i++) {
    const r = session.process(messages[i] as BenchMessage);
    if (r.flag !== "none") flagged++;
    if (r.repeat) repeats++;
    if ((i & 1023) === 0) sampleMemory(peak);
  }
  const engineMs = performance.now() - t0;
  sampleMemory(peak);

  // The rules alone (learned model off), same messages: what the model costs.
  const rulesSession = new TriageSession({ model: null });
  const tr = performance.now();
  for (const m of messages) rulesSession.process(m);
  const rulesMs = performance.now() - tr;

  // Baseline: plain String.includes of every lexicon phrase (raw text, no normalisation).
  const phrases = lexicon.triggerPhrases;
  let baselineHits = 0;
  const t1 = performance.now();
  for (let i = 0; i < baselineCount; i++) {
    const text = (messages[i] as BenchMessage).text;
    for (const p of phrases) if (text.includes(p)) baselineHits++;
  }
  const baselineMs = performance.now() - t1;

  const engineRate = (count / engineMs) * 1000;
  const baselineRate = (baselineCount / baselineMs) * 1000;
  log("");
  log("| method                                  | messages | time (s) | messages/s | ratio |");
  log("|-----------------------------------------|---------:|---------:|-----------:|------:|");
  const rulesRate = (count / rulesMs) * 1000;
  log(`| triage as shipped (rules + learned model) + repeat tracking | ${String(count).padStart(8)} | ${(engineMs / 1000).toFixed(2).padStart(8)} | ${engineRate.toFixed(0).padStart(10)} | ${(engineRate / baselineRate).toFixed(1).padStart(5)} |`);
  log(`| rules alone + repeat tracking            | ${String(count).padStart(8)} | ${(rulesMs / 1000).toFixed(2).padStart(8)} | ${rulesRate.toFixed(0).padStart(10)} | ${(rulesRate / baselineRate).toFixed(1).padStart(5)} |`);
  log(`| String.includes scan of the same lexicon | ${String(baselineCount).padStart(8)} | ${(baselineMs / 1000).toFixed(2).padStart(8)} | ${baselineRate.toFixed(0).padStart(10)} |   1.0 |`);
  log("");
  log(`flagged: ${flagged} (${((100 * flagged) / count).toFixed(1)}%), repeats joined to a thread: ${repeats}, senders tracked: ${session.tracker.senderCount}, baseline phrase hits: ${baselineHits}`);
  log(`memory: peak RSS ${mb(peak.rss)} (at start ${mb(rssStart)}, after generating the messages ${mb(afterLoad.rss)}; engine, learned model and repeat tracker added at most ${mb(peak.rss - afterLoad.rss)}), peak heap used ${mb(peak.heapUsed)}`);
  log(`goal ≥ 5,000 messages/s on one core: ${engineRate >= 5000 ? "met" : "NOT met"}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
