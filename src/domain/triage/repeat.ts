import { SIGNAL_CODES } from "./codes.ts";
import type { TriageSignal } from "./engine.ts";
import { isSentenceEnd, normalise } from "./normalise.ts";

/**
 * Repeated demands: per sender, near-duplicate messages are grouped into threads.
 *
 * Each message becomes a set of character 3-gram shingles (hashed). The sketch kept for a
 * message is a consistent hash sample of that set (Broder's mod-m sampling: every shingle
 * whose hash is 0 mod 4, or all shingles for short texts), which — like MinHash — estimates
 * Jaccard similarity, and unlike MinHash signatures also estimates containment directly, so a
 * repeat with an added paragraph is still found (the old text is contained in the new one).
 */

/** Normalise a sender: e-mail address (lower-case), phone number (digits, +81 → 0) or name. */
export function normaliseSender(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  let s = raw.normalize("NFKC").trim();
  if (s === "") return null;
  const angle = /<([^<>]+@[^<>]+)>/.exec(s);
  if (angle?.[1]) s = angle[1].trim();
  s = s.replace(/^mailto:/i, "");
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s)) return `mail:${s.toLowerCase()}`;
  const phone = s.replace(/^tel:/i, "").replace(/[\s\-‐‑–—−ー()（）.]/g, "");
  if (/^\+?\d{9,15}$/.test(phone)) {
    let digits = phone.replace(/^\+/, "");
    const international = phone.startsWith("+81") || digits.startsWith("0081") || digits.startsWith("01081");
    if (international) {
      digits = digits.startsWith("+") ? digits.slice(1) : digits;
      digits = digits.replace(/^(01081|0081|81)/, "");
      if (!digits.startsWith("0")) digits = `0${digits}`;
    }
    return `tel:${digits}`;
  }
  const name = normalise(s).text.replace(/[\s、。,]/g, "");
  return name === "" ? null : `name:${name}`;
}

export interface Sketch {
  /** Sorted unique hashes (sampled when `sampled`). */
  hashes: Uint32Array;
  sampled: boolean;
  /** Number of distinct shingles before sampling. */
  total: number;
  /**
   * Topic: sorted unique hashes of the content bigrams (pairs of kanji / katakana) of the body,
   * without header and signature lines. A reworded repeat keeps its topic words (駐輪場, 屋根,
   * 修繕) while its characters change; absent in sketches stored before round 6.
   */
  topic?: Uint32Array;
  /**
   * The message says it is about another matter (別件, ところで …): only a near-duplicate of its
   * characters joins it to a thread, not shared topic words with the thread.
   */
  otherMatter?: boolean;
}

/** Words with which a sender says a message is about something else. */
const OTHER_MATTER = /別件|別の件|別のこと|話は変わ|話が変わ|ところで|それとは別に/;

/** Long texts keep their 128 smallest topic hashes (a consistent sample); most messages have fewer. */
const TOPIC_MAX = 128;
/** Header, address and signature lines: the same in every message of a sender, so not a topic. */
const NOT_TOPIC_LINE = /@|〒|\d{2,4}[-－]\d{2,4}[-－]\d{3,4}|^\s*(件名|宛先|宛て|発信者|差出人|送信元|送信日|受付|日時|お名前|氏名|名前|住所|電話|TEL|FAX|Sent from|--|―)|(様|御中|より|拝|敬具|以上)\s*$/i;

/** A signature line that is only a name in kanji or katakana (山田 太郎, 大庭健二): the same in every message of a sender. */
const NAME_LINE = /^\s*[\p{Script=Han}\p{Script=Katakana}ー]{1,5}[\s\u3000]*[\p{Script=Han}\p{Script=Katakana}ー]{1,5}\s*$/u;

/**
 * Words of correspondence itself (channel, courtesy, time, the city's generic nouns), not of a
 * topic: a sender's usual openings (市のホームページを見ましたが, 以前にもお世話になりました) must not
 * make two different requests look like one.
 */
const GENERIC_WORDS = [
  "電話", "担当者", "窓口", "市民", "送信", "受付", "職員", "対応", "記録", "連絡", "御中", "相談", "内容", "説明", "宛先", "事務", "市役所",
  "区役所", "役所", "市長", "名前", "意見", "手続", "手紙", "本文", "相手", "時間", "先日", "世話", "確認", "応対", "利用", "以前", "書類", "添付",
  "該当", "情報", "回答", "返事", "返信", "質問", "今月", "来週", "今週", "今日", "昨日", "明日", "家族", "生活", "仕事", "平日", "日中", "状況",
  "結論", "ホームページ", "メール", "ファクス", "FAX", "件名", "お願", "願い", "失礼", "恐縮", "幸い", "検討", "要望", "問題", "場合", "必要",
  "自分", "私達", "皆様", "皆さん", "様子", "何度", "一度", "再度", "前回", "今回", "次回", "至急", "急ぎ", "本日", "早急", "丁寧", "心配", "困っ",
  "応対記録", "発言要旨", "架電者", "来庁者", "相手方", "受付票", "送信票", "文字起", "留守番電話", "市民の声", "問合", "問い合", "申出",
  "通話記録", "同一人", "案内", "了承", "面談記録", "対応記録", "苦労", "電話受付", "受付番号",
];

/**
 * A sender's self-introduction (泉区将監の門脇と申します, 〇〇町内会の者です) is the same in every
 * message, whatever the request: it is not a topic.
 */
const SELF_INTRODUCTION = /[^。、，,.!！?？\n]{0,24}(?:と申します|と申しますが|といいます|と言います|の者です|の者ですが)[。、，,]?/g;

/**
 * Courtesy sentences (いつもお世話になっております, 〇〇と申します, よろしくお願いいたします): a sender
 * writes the same ones in every message, whatever the request, so they are left out of both the
 * characters and the topic a message is compared by.
 */
const COURTESY_SENTENCE =
  /[^。！？!?\n]*(?:と申します|の者です|お世話にな|ご苦労|お疲れ様|お疲れさま|よろしくお願い|宜しくお願い|失礼いたします|失礼します|恐れ入ります|お忙しいところ|ご清栄|ご健勝|時下|拝啓|敬具|草々|前略)[^。！？!?\n]*[。！？!?]?/g;

/** The text without its courtesy sentences (see COURTESY_SENTENCE); the text itself when nothing else would remain. */
function withoutCourtesy(text: string): string {
  const rest = text.replace(COURTESY_SENTENCE, "\n");
  return rest.replace(/[\s\n]/g, "").length >= 8 ? rest : text;
}
const GENERIC_BIGRAMS = new Set<number>();

function isTopicChar(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || c === 0x3005;
}

function bigramHash(a: number, b: number): number {
  return mix(Math.imul(a, 0x01000193) ^ b);
}

function genericBigrams(): Set<number> {
  if (GENERIC_BIGRAMS.size === 0) {
    for (const w of GENERIC_WORDS) {
      const n = w.normalize("NFKC");
      for (let i = 0; i + 1 < n.length; i++) GENERIC_BIGRAMS.add(bigramHash(n.charCodeAt(i), n.charCodeAt(i + 1)));
    }
  }
  return GENERIC_BIGRAMS;
}

/** Content bigrams of a text's body (see Sketch.topic), without the words of correspondence itself. */
export function topicOf(text: string): Uint32Array {
  const generic = genericBigrams();
  const body = withoutCourtesy((text.length > 200_000 ? text.slice(0, 200_000) : text).normalize("NFKC"));
  const hashes: number[] = [];
  for (const raw of body.split(/\r?\n/)) {
    if (NOT_TOPIC_LINE.test(raw) || NAME_LINE.test(raw)) continue;
    // template parts: 【電話応対記録】 headings and label prefixes (架電者の発言要旨：, 内容：)
    const line = raw
      .replace(SELF_INTRODUCTION, " ")
      .replace(/【[^】]*】/g, " ")
      .replace(/^\s*[（(][^）)]{0,10}[）)]/, " ")
      .replace(/^[^：:。、]{1,12}[：:]/, " ");
    for (let i = 0; i + 1 < line.length; i++) {
      const a = line.charCodeAt(i);
      const b = line.charCodeAt(i + 1);
      if (!isTopicChar(a) || !isTopicChar(b)) continue;
      const h = bigramHash(a, b);
      if (!generic.has(h)) hashes.push(h);
    }
  }
  hashes.sort((x, y) => x - y);
  const out: number[] = [];
  for (let i = 0; i < hashes.length && out.length < TOPIC_MAX; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) out.push(hashes[i] as number);
  return Uint32Array.from(out);
}

const SAMPLE_MASK = 3; // keep hashes ≡ 0 (mod 4)
const FULL_BELOW = 64; // texts with fewer shingles keep every hash
const MAX_SKETCH = 512;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function isNoise(c: number): boolean {
  // punctuation, brackets, spaces, newlines: not part of the content
  return (
    c <= 0x2f || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7f) ||
    (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || c === 0x25cb
  );
}

export function sketchOf(text: string): Sketch {
  const full = normalise(text.length > 200_000 ? text.slice(0, 200_000) : text).text;
  const norm = withoutCourtesy(full);
  const codes: number[] = [];
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (!isNoise(c)) codes.push(c);
  }
  const count = Math.max(codes.length - 2, codes.length > 0 ? 1 : 0);
  const all = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const a = codes[i] as number;
    const b = codes[i + 1] ?? 0;
    const c = codes[i + 2] ?? 0;
    all[i] = mix(Math.imul(Math.imul(a, 0x01000193) ^ b, 0x01000193) ^ c);
  }
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[unique++] = all[i] as number;
  const distinct = all.subarray(0, unique);
  const topic = topicOf(text);
  const otherMatter = OTHER_MATTER.test(full) ? { otherMatter: true } : {};
  if (unique < FULL_BELOW) return { hashes: distinct.slice(), sampled: false, total: unique, topic, ...otherMatter };
  const sample: number[] = [];
  for (const h of distinct) {
    if ((h & SAMPLE_MASK) === 0) {
      sample.push(h);
      if (sample.length >= MAX_SKETCH) break;
    }
  }
  return { hashes: Uint32Array.from(sample), sampled: true, total: unique, topic, ...otherMatter };
}

function overlap(x: Uint32Array, y: Uint32Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as number;
    const q = y[j] as number;
    if (p === q) {
      inter++;
      i++;
      j++;
    } else if (p < q) i++;
    else j++;
  }
  return inter;
}

export interface SameDemandOptions {
  similarity: number;
  containment: number;
  minContainmentSize: number;
  /** Topic containment (of the smaller topic in the larger) for a reworded repeat (default 0.4). */
  topicContainment: number;
  /** Topic Jaccard similarity for a reworded repeat (default 0.2). */
  topicSimilarity: number;
  /** Shared topic bigrams for a reworded repeat (default 4). */
  topicShared: number;
  /** Against a whole thread: share of the message's topic bigrams found in the thread's (default 0.4). */
  threadTopicContainment: number;
  /** Against a whole thread: at least this many shared topic bigrams (default 2). */
  threadTopicShared: number;
}

export const SAME_DEMAND_DEFAULTS: SameDemandOptions = {
  similarity: 0.5,
  containment: 0.7,
  minContainmentSize: 6,
  topicContainment: 0.4,
  topicSimilarity: 0.2,
  topicShared: 4,
  threadTopicContainment: 0.4,
  threadTopicShared: 2,
};

/**
 * Whether two messages of one sender carry the same demand: near-duplicate characters (Jaccard or
 * containment over 3-gram shingles, so an added paragraph does not hide a repeat), or the same
 * topic words reworded (content bigrams). Returns null when not, else a score to pick the best thread.
 */
export function sameDemand(
  a: Sketch,
  b: Sketch,
  o: SameDemandOptions = SAME_DEMAND_DEFAULTS,
): { score: number; similarity: number; containment: number } | null {
  const c = compareSketches(a, b);
  const contained = c.containment >= o.containment && c.size >= o.minContainmentSize;
  let onTopic = false;
  let topicSim = 0;
  if (a.topic && b.topic && a.topic.length > 0 && b.topic.length > 0 && !a.otherMatter) {
    const shared = overlap(a.topic, b.topic);
    topicSim = shared / (a.topic.length + b.topic.length - shared);
    const topicCont = shared / Math.min(a.topic.length, b.topic.length);
    onTopic = shared >= o.topicShared && topicCont >= o.topicContainment && topicSim >= o.topicSimilarity;
  }
  if (!(c.similarity >= o.similarity || contained || onTopic)) return null;
  return { score: Math.max(c.similarity, contained ? c.containment : 0, onTopic ? topicSim : 0), similarity: c.similarity, containment: c.containment };
}

/**
 * Whether a message carries the same demand as a thread (all the thread's earlier messages of one
 * sender): the best pairwise match (sameDemand), or else the message's topic words mostly found
 * in the words of the whole thread. A reworded repeat takes its words from several earlier
 * messages (「道路の穴」 from the first, 「補修の日程」 from the second), so the thread's union
 * catches what no single earlier message shares.
 */
export function sameDemandAsThread(
  a: Sketch,
  thread: Sketch[],
  o: SameDemandOptions = SAME_DEMAND_DEFAULTS,
): { score: number; similarity: number; containment: number } | null {
  let best: { score: number; similarity: number; containment: number } | null = null;
  for (const other of thread) {
    const c = sameDemand(a, other, o);
    if (c && (!best || c.score > best.score)) best = c;
  }
  if (best || !a.topic || a.topic.length === 0 || a.otherMatter) return best;
  const union = new Set<number>();
  for (const other of thread) for (const h of other.topic ?? []) union.add(h);
  if (union.size === 0) return null;
  let shared = 0;
  for (const h of a.topic) if (union.has(h)) shared++;
  const cont = shared / a.topic.length;
  if (shared >= o.threadTopicShared && cont >= o.threadTopicContainment) return { score: cont / 2, similarity: 0, containment: cont };
  return null;
}

/** Jaccard similarity and containment (of the smaller set in the larger) between two sketches. */
export function compareSketches(a: Sketch, b: Sketch): { similarity: number; containment: number; size: number } {
  const sample = a.sampled || b.sampled;
  const filter = (s: Sketch) => (sample && !s.sampled ? s.hashes.filter((h) => (h & SAMPLE_MASK) === 0) : s.hashes);
  const x = filter(a);
  const y = filter(b);
  const inter = overlap(x, y);
  const union = x.length + y.length - inter;
  const smaller = Math.min(x.length, y.length);
  return {
    similarity: union === 0 ? 0 : inter / union,
    containment: smaller === 0 ? 0 : inter / smaller,
    size: smaller,
  };
}

export interface RepeatOptions {
  /** A repeat signal is raised from this occurrence on (default 3: the third time). */
  repeatFrom?: number;
  /** Jaccard similarity at or above which two messages are the same demand (default 0.5). */
  similarity?: number;
  /** Containment at or above which two messages are the same demand (default 0.7). */
  containment?: number;
  /** Containment only counts when the smaller sketch has at least this many hashes (default 6). */
  minContainmentSize?: number;
  /** Messages further apart than this many days start a new thread (default 365). */
  windowDays?: number;
  /** Senders remembered (least recently seen are forgotten first; default 200,000). */
  maxSenders?: number;
  /** Threads remembered per sender (default 50). */
  maxThreadsPerSender?: number;
}

export interface RepeatObservation {
  senderKey: string | null;
  threadId: string | null;
  /** Occurrence number of this message in its thread (1 = first). */
  count: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Ids of the earlier messages in the thread (up to the last 10). */
  previousIds: string[];
  similarity: number;
  containment: number;
  /** True when count ≥ repeatFrom. */
  signal: boolean;
}

interface Thread {
  id: string;
  count: number;
  firstAt: string | null;
  lastAt: string | null;
  lastTime: number | null;
  ids: string[];
  sketches: Sketch[];
}

interface SenderState {
  seq: number;
  threads: Thread[];
}

function hashString(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Streaming repeat detector: call observe() in message order. */
export class RepeatTracker {
  readonly repeatFrom: number;
  private readonly options: SameDemandOptions;
  private readonly windowMs: number;
  private readonly maxSenders: number;
  private readonly maxThreads: number;
  private readonly senders = new Map<string, SenderState>();

  constructor(options: RepeatOptions = {}) {
    this.repeatFrom = Math.max(2, Math.floor(options.repeatFrom ?? 3));
    this.options = {
      ...SAME_DEMAND_DEFAULTS,
      ...(options.similarity !== undefined ? { similarity: options.similarity } : {}),
      ...(options.containment !== undefined ? { containment: options.containment } : {}),
      ...(options.minContainmentSize !== undefined ? { minContainmentSize: options.minContainmentSize } : {}),
    };
    this.windowMs = (options.windowDays ?? 365) * 86_400_000;
    this.maxSenders = options.maxSenders ?? 200_000;
    this.maxThreads = options.maxThreadsPerSender ?? 50;
  }

  get senderCount(): number {
    return this.senders.size;
  }

  observe(message: { id: string; text: string; sender?: string | null; receivedAt?: string | null }): RepeatObservation {
    const senderKey = normaliseSender(message.sender);
    const none: RepeatObservation = {
      senderKey, threadId: null, count: 0, firstAt: null, lastAt: null, previousIds: [], similarity: 0, containment: 0, signal: false,
    };
    if (senderKey === null || typeof message.text !== "string" || message.text.trim() === "") return none;
    const time = message.receivedAt ? Date.parse(message.receivedAt) : Number.NaN;
    const at = Number.isNaN(time) ? null : new Date(time).toISOString();
    const sketch = sketchOf(message.text);
    if (sketch.total === 0) return none;

    let state = this.senders.get(senderKey);
    if (state) {
      this.senders.delete(senderKey); // re-insert below: most recently seen last
    } else {
      state = { seq: 0, threads: [] };
      if (this.senders.size >= this.maxSenders) {
        const oldest = this.senders.keys().next().value;
        if (oldest !== undefined) this.senders.delete(oldest);
      }
    }
    this.senders.set(senderKey, state);

    let best: Thread | null = null;
    let bestScore = -1;
    let bestSim = 0;
    let bestCont = 0;
    for (const thread of state.threads) {
      if (at !== null && thread.lastTime !== null && Math.abs(time - thread.lastTime) > this.windowMs) continue;
      const c = sameDemandAsThread(sketch, thread.sketches, this.options);
      if (c && c.score > bestScore) {
        best = thread;
        bestScore = c.score;
        bestSim = c.similarity;
        bestCont = c.containment;
      }
    }
    let previousIds: string[] = [];
    if (best) {
      previousIds = [...best.ids];
      best.count++;
      best.ids.push(message.id);
      if (best.ids.length > 10) best.ids.shift();
      best.sketches.push(sketch);
      if (best.sketches.length > 10) best.sketches.splice(1, 1); // keep the first and the latest nine
      if (at !== null) {
        best.lastAt = at;
        best.lastTime = time;
        best.firstAt ??= at;
      }
      // most recently used thread last
      state.threads.splice(state.threads.indexOf(best), 1);
      state.threads.push(best);
    } else {
      state.seq++;
      best = {
        id: `r-${hashString(senderKey)}-${state.seq}`,
        count: 1,
        firstAt: at,
        lastAt: at,
        lastTime: at === null ? null : time,
        ids: [message.id],
        sketches: [sketch],
      };
      state.threads.push(best);
      if (state.threads.length > this.maxThreads) state.threads.shift();
    }
    return {
      senderKey,
      threadId: best.id,
      count: best.count,
      firstAt: best.firstAt,
      lastAt: best.lastAt,
      previousIds,
      similarity: bestSim,
      containment: bestCont,
      signal: best.count >= this.repeatFrom,
    };
  }
}

/** The group-1 signal for a repeat; its evidence is the message's first sentence. */
export function repeatSignal(text: string, obs: RepeatObservation): TriageSignal {
  let end = 0;
  const limit = Math.min(text.length, 80);
  while (end < limit && !isSentenceEnd(text.charCodeAt(end))) end++;
  if (end < text.length && end < limit) end++;
  if (end > 0 && end < text.length && text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
  const since = obs.firstAt ? `(初回: ${obs.firstAt.slice(0, 10)})` : "";
  const sinceEn = obs.firstAt ? ` (first: ${obs.firstAt.slice(0, 10)})` : "";
  return {
    group: 1,
    code: "repeated_demand",
    start: 0,
    end,
    text: text.slice(0, end),
    rule: "repeat.near_duplicate",
    severity: "review",
    labelJa: SIGNAL_CODES.repeated_demand.labelJa,
    explanationJa: `同じ送信者から同じ趣旨の連絡が${obs.count}回目です${since}。これまでの回答を確認し、回答が変わらない旨を伝えてください。`,
    explanationEn: `Contact number ${obs.count} from the same sender about the same matter${sinceEn}. Check the earlier answers and explain that the answer has not changed.`,
    masked: false,
  };
}
