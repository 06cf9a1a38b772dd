/**
 * Frozen test part v13 — written blind by three independent authors who never read the engine,
 * lexicon, rules, model or any other bank; labelled by the labelling guide only. Never to be used
 * for tuning. Do not edit after the first build. This file only puts the authors' files together:
 * bank-test-v13-harm.ts (threats, groups 2 and 3, mixed), bank-test-v13-more.ts (groups 1, 4, 5,
 * staff records, sender threads), bank-test-v13-legit.ts (legitimate messages, channel wrappers,
 * context sentences, departments and names). It was written from the authors' reports of their
 * exports only; the lead of round 13 did not open their files.
 */
import type { Bank } from "./build.ts";
import { CORES as HARM } from "./bank-test-v13-harm.ts";
import { CONTEXTS, DEPARTMENTS, CORES as LEGIT, NAMES, WRAPPERS } from "./bank-test-v13-legit.ts";
import { CORES as MORE, THREADS } from "./bank-test-v13-more.ts";

export const BANK: Bank = {
  name: "t13",
  seed: 1313013,
  departments: DEPARTMENTS,
  names: NAMES,
  wrappers: WRAPPERS,
  contexts: CONTEXTS,
  cores: [...HARM, ...MORE, ...LEGIT],
  threads: THREADS,
  copies: { legit_inquiry: 2, legit_angry: 2, benign_sense: 2, lawful: 2, accommodation: 2, quotation: 2, negation: 2 },
};
