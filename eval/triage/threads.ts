/**
 * `npx tsx eval/triage/threads.ts [--show]`: how the repeat tracker joins sender threads on every
 * labelled part except the current frozen one. For each thread of a bank (ids `<bank>-tNN-k`):
 * same-demand threads should reach the repeat signal from their third message on; control threads
 * (different topics of one sender) never. Prints repeat recall (over messages 3+ of same-demand
 * threads) and false repeats (control-thread messages signalled).
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RepeatTracker } from "../../src/domain/triage/repeat.ts";
import { loadPart } from "./run.ts";

const here = dirname(fileURLToPath(import.meta.url));
const FROZEN = "test-v13.jsonl";
const show = process.argv.includes("--show");
let positives = 0;
let found = 0;
let controls = 0;
let falseRepeats = 0;
let singlesSignalled = 0;
for (const file of readdirSync(here).filter((f) => f.endsWith(".jsonl") && f !== FROZEN).sort()) {
  const items = loadPart(join(here, file));
  const tracker = new RepeatTracker();
  for (const it of items) {
    const obs = tracker.observe(it);
    const thread = /-t(\d\d)-(\d+)$/.exec(it.id);
    if (!thread) {
      if (obs.signal) singlesSignalled++;
      continue;
    }
    const k = Number(thread[2]);
    const repeat = it.kind === "repeat" && k >= 3 && it.labels.groups.includes(1);
    const control = it.kind === "thread_control";
    if (repeat) {
      positives++;
      if (obs.signal) found++;
      else if (show) console.log(`  miss ${file} ${it.id} count=${obs.count}: ${it.text.replace(/\n/g, " ⏎ ").slice(0, 100)}`);
    } else if (control && k >= 3) {
      controls++;
      if (obs.signal) {
        falseRepeats++;
        if (show) console.log(`  FALSE ${file} ${it.id} count=${obs.count}: ${it.text.replace(/\n/g, " ⏎ ").slice(0, 100)}`);
      }
    }
  }
}
console.log(`repeat recall ${found}/${positives} (${(found / positives).toFixed(3)}); false repeats on control threads ${falseRepeats}/${controls}; single messages signalled ${singlesSignalled}`);
