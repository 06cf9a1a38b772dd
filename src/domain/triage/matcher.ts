import { MASK } from "./normalise.ts";

/**
 * A character trie over normalised patterns. One scan of a message finds every trigger and
 * context phrase. A MASK character in the message may stand for one hidden character of a
 * pattern (〇ね → しね) or be skipped as a separator inside a word (殺*す → 殺す).
 */
export const OutputKind = {
  Entry: 0,
  Benign: 1,
  Lawful: 2,
  Negation: 3,
  Reporting: 4,
  Speaker: 5,
} as const;
export type OutputKind = (typeof OutputKind)[keyof typeof OutputKind];

export interface TrieOutput {
  kind: OutputKind;
  /** Index of the entry or context rule. */
  index: number;
  /** Index of the pattern inside the rule (for display). */
  pattern: number;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  out: TrieOutput[] | null;
  depth: number;
}

export interface RawHit {
  out: TrieOutput;
  start: number;
  end: number;
  /** Number of pattern characters supplied by a mask. */
  masked: number;
}

const MASK_CODE = MASK.charCodeAt(0);
const MAX_MASKED = 2;

export class Trie {
  private readonly root: TrieNode = { next: new Map(), out: null, depth: 0 };
  size = 0;

  add(pattern: string, output: TrieOutput): void {
    if (pattern.length === 0) return;
    let node = this.root;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map(), out: null, depth: node.depth + 1 };
        node.next.set(c, child);
        this.size++;
      }
      node = child;
    }
    node.out ??= [];
    node.out.push(output);
  }

  /** Find all pattern occurrences in `text`. */
  scan(text: string): RawHit[] {
    const hits: RawHit[] = [];
    const n = text.length;
    const root = this.root;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === MASK_CODE) {
        if (i > 0 && text.charCodeAt(i - 1) === MASK_CODE) continue;
        this.walkMasked(text, root, i, 0, i, hits);
        continue;
      }
      let node = root.next.get(c);
      let j = i + 1;
      while (node) {
        if (node.out) for (const out of node.out) hits.push({ out, start: i, end: j, masked: 0 });
        if (j >= n) break;
        const d = text.charCodeAt(j);
        if (d === MASK_CODE) {
          this.walkMasked(text, node, j, 0, i, hits);
          break;
        }
        node = node.next.get(d);
        j++;
      }
    }
    return hits;
  }

  /** Position j holds a MASK; try it as a hidden character and (inside a word) as a separator. */
  private walkMasked(text: string, node: TrieNode, j: number, masked: number, start: number, hits: RawHit[]): void {
    const n = text.length;
    const runOfOne = text.charCodeAt(j + 1) !== MASK_CODE && (j === 0 || text.charCodeAt(j - 1) !== MASK_CODE);
    if (!runOfOne) return;
    if (masked < MAX_MASKED) {
      for (const child of node.next.values()) this.walkFrom(text, child, j + 1, masked + 1, start, hits);
    }
    if (node !== this.root && j + 1 < n) {
      const d = text.charCodeAt(j + 1);
      const child = node.next.get(d);
      if (child) this.walkFrom(text, child, j + 2, masked, start, hits);
    }
  }

  private walkFrom(text: string, node: TrieNode | undefined, j: number, masked: number, start: number, hits: RawHit[]): void {
    const n = text.length;
    while (node) {
      if (node.out && masked * 2 <= node.depth && node.depth - masked >= 1) {
        for (const out of node.out) hits.push({ out, start, end: j, masked });
      }
      if (j >= n) return;
      const d = text.charCodeAt(j);
      if (d === MASK_CODE) {
        this.walkMasked(text, node, j, masked, start, hits);
        return;
      }
      node = node.next.get(d);
      j++;
    }
  }
}
