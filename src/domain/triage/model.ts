/**
 * The learned second opinion next to the rules: six one-vs-rest logistic regressions (behaviour
 * groups 1–5 and "urgent") over the distinct character n-grams of the engine's normalised text.
 * Pure and deterministic; the weights are versioned data (`model-data.json`), produced by
 * `npm run eval -- triage-train` from the labelled evaluation parts (see eval/triage/README.md).
 *
 * How it is used (decided in round 6, see the README):
 *  - the rules run first; the model only adds a group the rules did not find, and raises a
 *    message to urgent when its urgent head is above its threshold and no rule did;
 *  - long texts are scored in chunks of whole sentences (≤ CHUNK_CHARS), the highest chunk
 *    counts, so a threat buried in a long letter is not diluted by the rest;
 *  - every model signal carries evidence: the sentence span where the head's strongest n-grams
 *    sit, and those n-grams in the explanation, marked clearly as the model's reason.
 */
import { type BehaviourGroup, type SignalCode, SIGNAL_CODES } from "./codes.ts";
import type { TriageSignal } from "./engine.ts";
import type { NormalisedText } from "./normalise.ts";
import { isSentenceEnd, toOriginalSpan } from "./normalise.ts";

/** Heads: behaviour groups 1–5, urgent, and "legit" (the message is a legitimate contact). */
export const MODEL_HEADS = ["g1", "g2", "g3", "g4", "g5", "urgent", "legit"] as const;
const H = MODEL_HEADS.length;
const URGENT = 5;
const LEGIT = 6;

/** A chunk of the text scored on its own; texts up to this length are one chunk. */
export const CHUNK_CHARS = 320;

/** The JSON form of a trained model. */
export interface SerializedModel {
  format: 2;
  version: string;
  maxN: number;
  /** Probability thresholds per head (g1..g5, urgent, legit — the last is the veto threshold). */
  thresholds: number[];
  bias: number[];
  /** Normalised n-grams, index = feature id. */
  features: string[];
  /** Float32 little-endian weights, features × heads (feature-major), base64. */
  weights: string;
  trainedOn: { messages: number; parts: string[] };
  /**
   * Lower urgent threshold for a message already in group 2 (by a rule or the g2 head): raising
   * an insult to urgent adds no flag to a legitimate message, so recall can be bought there.
   * Absent: the urgent threshold applies everywhere.
   */
  urgentWithGroup2?: number;
}

interface TrieNode {
  id: number;
  next: Map<number, TrieNode> | null;
}

export interface TriageModel {
  version: string;
  maxN: number;
  thresholds: number[];
  /** Urgent threshold when group 2 is already found (≤ thresholds[5]). */
  urgentWithGroup2: number;
  bias: Float64Array;
  weights: Float32Array;
  features: string[];
  root: TrieNode;
}

export function loadModel(data: SerializedModel): TriageModel {
  if (data.format !== 2 || data.thresholds.length !== H || data.bias.length !== H) throw new Error("unsupported triage model format");
  const bytes = base64ToBytes(data.weights);
  if (bytes.byteLength !== data.features.length * H * 4) throw new Error("triage model weights do not match its features");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Float32Array(data.features.length * H);
  for (let i = 0; i < weights.length; i++) weights[i] = view.getFloat32(i * 4, true);
  const root: TrieNode = { id: -1, next: new Map() };
  data.features.forEach((g, id) => {
    let node = root;
    for (let i = 0; i < g.length; i++) {
      const c = g.charCodeAt(i);
      node.next ??= new Map();
      let child = node.next.get(c);
      if (!child) {
        child = { id: -1, next: null };
        node.next.set(c, child);
      }
      node = child;
    }
    node.id = id;
  });
  const urgent = data.thresholds[URGENT] as number;
  return {
    version: data.version,
    maxN: data.maxN,
    thresholds: [...data.thresholds],
    urgentWithGroup2: Math.min(urgent, data.urgentWithGroup2 ?? urgent),
    bias: Float64Array.from(data.bias),
    weights,
    features: data.features,
    root,
  };
}

export function serialiseModel(m: {
  version: string;
  maxN: number;
  thresholds: number[];
  bias: ArrayLike<number>;
  features: string[];
  weights: Float32Array;
  trainedOn: SerializedModel["trainedOn"];
  urgentWithGroup2?: number;
}): SerializedModel {
  const buf = new ArrayBuffer(m.weights.length * 4);
  const view = new DataView(buf);
  for (let i = 0; i < m.weights.length; i++) view.setFloat32(i * 4, m.weights[i] as number, true);
  return {
    format: 2,
    version: m.version,
    maxN: m.maxN,
    thresholds: m.thresholds.map((t) => Number(t.toFixed(6))),
    bias: Array.from(m.bias, (b) => Number(b.toFixed(8))),
    features: m.features,
    weights: bytesToBase64(new Uint8Array(buf)),
    trainedOn: m.trainedOn,
    ...(m.urgentWithGroup2 !== undefined ? { urgentWithGroup2: Number(m.urgentWithGroup2.toFixed(6)) } : {}),
  };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63];
    out += B64[(n >> 12) & 63];
    out += b === undefined ? "=" : B64[(n >> 6) & 63];
    out += c === undefined ? "=" : B64[n & 63];
  }
  return out;
}

function base64ToBytes(s: string): Uint8Array {
  const clean = s.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const v = (k: number) => {
      const ch = clean[i + k];
      if (ch === undefined) return 0;
      const x = B64.indexOf(ch);
      if (x < 0) throw new Error("invalid base64 in triage model");
      return x;
    };
    const n = (v(0) << 18) | (v(1) << 12) | (v(2) << 6) | v(3);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/**
 * Distinct n-grams (1..maxN) of s[from, to) as strings — the training side's featuriser. The
 * product uses the model's trie instead (same features, no strings).
 */
export function ngramsOf(s: string, maxN: number, from = 0, to = s.length): Set<string> {
  const out = new Set<string>();
  for (let i = from; i < to; i++) {
    for (let n = 1; n <= maxN && i + n <= to; n++) out.add(s.slice(i, i + n));
  }
  return out;
}

/** Chunks [start, end) of the normalised text: whole sentences packed up to CHUNK_CHARS. */
export function chunksOf(text: string): Array<[number, number]> {
  if (text.length <= CHUNK_CHARS) return [[0, text.length]];
  const sentences: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSentenceEnd(text.charCodeAt(i)) || i - s + 1 >= CHUNK_CHARS) {
      sentences.push([s, i + 1]);
      s = i + 1;
    }
  }
  if (s < text.length) sentences.push([s, text.length]);
  const chunks: Array<[number, number]> = [];
  let cur: [number, number] | null = null;
  for (const [a, b] of sentences) {
    if (cur && b - cur[0] <= CHUNK_CHARS) cur[1] = b;
    else {
      if (cur) chunks.push(cur);
      cur = [a, b];
    }
  }
  if (cur) chunks.push(cur);
  return chunks;
}

/** Feature ids present in text[from, to), each once. `seen` is scratch space (length = features). */
function featureIds(model: TriageModel, text: string, from: number, to: number, seen: Uint32Array, stamp: number): number[] {
  const ids: number[] = [];
  for (let i = from; i < to; i++) {
    let node: TrieNode | undefined = model.root;
    for (let n = 0; n < model.maxN && i + n < to; n++) {
      node = node.next?.get(text.charCodeAt(i + n));
      if (!node) break;
      if (node.id >= 0 && seen[node.id] !== stamp) {
        seen[node.id] = stamp;
        ids.push(node.id);
      }
    }
  }
  return ids;
}

export interface ModelScore {
  /** Highest probability per head over the chunks (g1..g5, urgent). */
  probabilities: number[];
  /** Chunk [start, end) in the normalised text where each head scored highest. */
  chunks: Array<[number, number]>;
}

let scratch: { model: TriageModel; seen: Uint32Array; stamp: number } | null = null;

function stampFor(model: TriageModel): { seen: Uint32Array; stamp: number } {
  if (!scratch || scratch.model !== model || scratch.stamp >= 0xfffffff0) scratch = { model, seen: new Uint32Array(model.features.length), stamp: 0 };
  scratch.stamp++;
  return scratch;
}

function headProbabilities(model: TriageModel, ids: number[]): number[] {
  const val = ids.length === 0 ? 0 : 1 / Math.sqrt(ids.length);
  const out: number[] = [];
  for (let h = 0; h < H; h++) {
    let z = model.bias[h] as number;
    for (const f of ids) z += (model.weights[f * H + h] as number) * val;
    out.push(1 / (1 + Math.exp(-z)));
  }
  return out;
}

/**
 * Texts with fewer readable characters than this are left to the rules: a handful of characters
 * gives the model too few n-grams to say anything (「〇ね」 and 「殺す」 alone are the rules' job).
 */
export const MIN_MODEL_CHARS = 8;

/**
 * Scores a normalised text (chunked; the best chunk per head counts — for the legit head the
 * lowest, since a message is legitimate only if every part of it is).
 */
export function scoreText(model: TriageModel, text: string): ModelScore {
  const probabilities = new Array<number>(H).fill(0);
  const chunks: Array<[number, number]> = new Array(H).fill([0, 0]);
  let readable = 0;
  for (let i = 0; i < text.length && readable < MIN_MODEL_CHARS; i++) if (text.charCodeAt(i) !== 0xfffd) readable++;
  if (readable < MIN_MODEL_CHARS) return { probabilities, chunks };
  probabilities[LEGIT] = 1;
  const tail = tailOf(text);
  for (const [a, b] of tail ? [...chunksOf(text), tail] : chunksOf(text)) {
    const s = stampFor(model);
    const p = headProbabilities(model, featureIds(model, text, a, b, s.seen, s.stamp));
    const isTail = tail !== null && a === tail[0] && b === tail[1];
    for (let h = 0; h < H; h++) {
      // The tail speaks for the urgent head only (a threat in the closing line). A short last
      // sentence alone says little about persistence, demands or whether the whole message is
      // an ordinary contact (round 10: a web form's footer 「回答の要否：要」 read as group 1).
      if (isTail && h !== URGENT) continue;
      if (h === LEGIT ? (p[h] as number) < (probabilities[h] as number) : (p[h] as number) > (probabilities[h] as number)) {
        probabilities[h] = p[h] as number;
        chunks[h] = [a, b];
      }
    }
  }
  return { probabilities, chunks };
}

/** A line of a form or record template: a short label and a colon (回答の要否：要（メールにて）). */
const FORM_LINE = /^[\s（(]*[^\s：:。、「」『』]{1,12}[：:]/;

/** A text's last sentences scored on their own when there are at least this many characters before them. */
const TAIL_MIN_BEFORE = 60;
/** The tail: the last sentences, up to this many characters. */
const TAIL_CHARS = 100;

/**
 * The last one or two sentences of a longer text, as a chunk of their own for the urgent head: a
 * threat in the last line of a long complaint is otherwise scored together with the ordinary
 * text before it. Closing form lines are skipped. Null when the text is short or the tail would
 * be the whole text.
 */
export function tailOf(text: string): [number, number] | null {
  let end = text.length;
  for (;;) {
    while (end > 0 && isSpaceOrEnd(text.charCodeAt(end - 1))) end--;
    // a closing form line (回答の要否：要, 記録者：遠藤) is part of the template, not of the message
    const lineStart = text.lastIndexOf("\n", end - 1) + 1;
    if (lineStart === 0 || !FORM_LINE.test(text.slice(lineStart, end))) break;
    end = lineStart;
  }
  if (end < TAIL_MIN_BEFORE + MIN_MODEL_CHARS) return null;
  let start = end;
  let sentences = 0;
  for (let i = end - 2; i >= 0; i--) {
    if (end - i > TAIL_CHARS) break;
    if (isSentenceEnd(text.charCodeAt(i))) {
      if (end - (i + 1) >= MIN_MODEL_CHARS) {
        start = i + 1;
        sentences++;
        if (sentences === 2) break;
      }
    }
  }
  if (start === end || start < TAIL_MIN_BEFORE) return null;
  return [start, end];
}

function isSpaceOrEnd(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3000 || isSentenceEnd(c);
}

const HEAD_CODES: Record<Exclude<(typeof MODEL_HEADS)[number], "legit">, SignalCode> = {
  g1: "learned_persistence",
  g2: "learned_abuse",
  g3: "learned_demand",
  g4: "learned_online",
  g5: "learned_discrimination",
  urgent: "learned_threat",
};

/** Evidence of one head: the strongest n-grams (length ≥ 2) of its chunk and the sentence holding most of them. */
function evidence(
  model: TriageModel,
  norm: NormalisedText,
  text: string,
  h: number,
  chunk: [number, number],
): { start: number; end: number; grams: string[] } {
  const s = stampFor(model);
  const ids = featureIds(model, text, chunk[0], chunk[1], s.seen, s.stamp);
  const top = ids
    .filter((f) => (model.features[f] as string).length >= 2 && (model.weights[f * H + h] as number) > 0)
    .sort((a, b) => (model.weights[b * H + h] as number) - (model.weights[a * H + h] as number))
    .slice(0, 6);
  const topSet = new Map(top.map((f) => [model.features[f] as string, model.weights[f * H + h] as number]));
  // Sentences of the chunk, scored by the weights of the top n-grams they contain.
  let best: { a: number; b: number; score: number; first: number; last: number } | null = null;
  let a = chunk[0];
  for (let i = chunk[0]; i <= chunk[1]; i++) {
    if (i < chunk[1] && !isSentenceEnd(text.charCodeAt(i))) continue;
    const b = Math.min(i + 1, chunk[1]);
    let score = 0;
    let first = -1;
    let last = -1;
    const counted = new Set<string>();
    for (const [g, w] of topSet) {
      const at = text.indexOf(g, a);
      if (at < 0 || at + g.length > b) continue;
      if (!counted.has(g)) {
        counted.add(g);
        score += w;
      }
      first = first < 0 ? at : Math.min(first, at);
      last = Math.max(last, at + g.length);
    }
    if (score > 0 && (!best || score > best.score)) best = { a, b, score, first, last };
    a = b;
  }
  const span = best ? toOriginalSpan(norm, best.a, best.b) : toOriginalSpan(norm, chunk[0], chunk[1]);
  // Trim the sentence span of surrounding whitespace in the original.
  let { start, end } = span;
  while (start < end && /\s/.test(norm.original[start] as string)) start++;
  while (end > start && /\s/.test(norm.original[end - 1] as string)) end--;
  return { start, end, grams: [...topSet.keys()] };
}

/**
 * Which heads add a signal: a group head above its threshold for a group the rules did not find;
 * the urgent head above its threshold, or above the lower urgentWithGroup2 threshold when group 2
 * is already found (by a rule or the g2 head), when no rule was urgent. The g2 head is dropped
 * when the urgent head fires (the urgent signal carries group 2). Shared by the product and training.
 */
export function modelDecision(
  model: Pick<TriageModel, "thresholds" | "urgentWithGroup2">,
  probabilities: number[],
  ruleGroups: ReadonlySet<number>,
  ruleUrgent: boolean,
): { heads: boolean[]; urgentThreshold: number } {
  const above = (h: number) => (probabilities[h] as number) >= (model.thresholds[h] as number);
  const group2 = ruleGroups.has(2) || above(1);
  const urgentThreshold = group2 ? model.urgentWithGroup2 : (model.thresholds[URGENT] as number);
  const urgent = !ruleUrgent && (probabilities[URGENT] as number) >= urgentThreshold;
  const heads = [0, 1, 2, 3, 4].map((h) => above(h) && !ruleGroups.has(h + 1) && !(h === 1 && urgent));
  heads.push(urgent);
  return { heads, urgentThreshold };
}

/**
 * The veto: the rules raised only review signals from the lexicon (no urgent, no repeat), the
 * model adds nothing, and its legit head — over every chunk — is at or above its threshold. Then
 * the rules' signals are held back as suppressed (reason learned_model), still shown to the
 * reader; a threat or a repeat is never vetoed. Shared by the product and training.
 */
export function modelVetoes(
  model: Pick<TriageModel, "thresholds">,
  probabilities: number[],
  heads: boolean[],
  rules: { any: boolean; reviewOnlyLexicon: boolean },
): boolean {
  return rules.any && rules.reviewOnlyLexicon && !heads.some(Boolean) && (probabilities[LEGIT] as number) >= (model.thresholds[LEGIT] as number);
}

/**
 * Signals of the model for the groups the rules did not find (and urgent when no rule was
 * urgent). `ruleGroups` / `ruleUrgent` describe the rules' result; `input` is the text the model
 * reads (norm.text with what the rules suppressed hidden, same length).
 */
export function modelSignals(
  model: TriageModel,
  norm: NormalisedText,
  rules: { groups: ReadonlySet<number>; urgent: boolean; any: boolean; reviewOnlyLexicon: boolean; lawfulAt?: readonly number[] },
  input: string = norm.text,
): { signals: TriageSignal[]; veto: { probability: number; threshold: number } | null } {
  if (input.length === 0) return { signals: [], veto: null };
  const { probabilities, chunks } = scoreText(model, input);
  const decision = modelDecision(model, probabilities, rules.groups, rules.urgent);
  if (modelVetoes(model, probabilities, decision.heads, rules)) {
    return { signals: [], veto: { probability: probabilities[LEGIT] as number, threshold: model.thresholds[LEGIT] as number } };
  }
  const out: TriageSignal[] = [];
  for (let h = 0; h < LEGIT; h++) {
    const p = probabilities[h] as number;
    const head = MODEL_HEADS[h] as Exclude<(typeof MODEL_HEADS)[number], "legit">;
    const urgent = head === "urgent";
    if (!decision.heads[h]) continue;
    const threshold = urgent ? decision.urgentThreshold : (model.thresholds[h] as number);
    const code = HEAD_CODES[head];
    const info = SIGNAL_CODES[code];
    const ev = evidence(model, norm, input, h, chunks[h] as [number, number]);
    // the model's weaker evidence of a demand or an online step does not count in a passage that
    // names a lawful route (処分取消しの訴え, 報道機関への情報提供): that is the resident's right
    const [ca, cb] = chunks[h] as [number, number];
    if ((head === "g3" || head === "g4") && rules.lawfulAt?.some((p) => p >= ca && p < cb)) continue;
    const grams = ev.grams.map((g) => `「${g}」`).join("");
    const pct = Math.round(p * 100);
    out.push({
      group: info.group as BehaviourGroup,
      code,
      start: ev.start,
      end: ev.end,
      text: norm.original.slice(ev.start, ev.end),
      rule: `model.${head}@${model.version}`,
      severity: urgent ? "urgent" : "review",
      labelJa: info.labelJa,
      explanationJa: `学習モデル（版 ${model.version}）による判定です。${urgent ? "ルールでは緊急と判定されませんでしたが" : "ルールには当たりませんでしたが"}、過去のラベル付き事例に照らすと「${info.labelJa}」に当たる可能性が高い表現です（スコア ${pct}%、しきい値 ${Math.round(threshold * 100)}%${urgent && threshold < (model.thresholds[h] as number) ? "、区分2の言動がある場合のしきい値" : ""}）。強く効いた文字列: ${grams || "（なし）"}。ルールと違い根拠が文字列の統計なので、必ず職員が本文を読んで判断し、違う場合は理由を付けて結果を修正してください。`,
      explanationEn: `Judgement of the learned model (version ${model.version}). ${urgent ? "No rule judged it urgent" : "No rule matched"}, but against past labelled examples this wording is likely to be "${info.labelEn}" (score ${pct}%, threshold ${Math.round(threshold * 100)}%${urgent && threshold < (model.thresholds[h] as number) ? ", the threshold when group 2 is already present" : ""}). Strongest character sequences: ${grams || "(none)"}. The reason is a statistic of character sequences, not a rule: a person must read the text and override the result with a reason if it is wrong.`,
      masked: false,
    });
  }
  return { signals: out, veto: null };
}
