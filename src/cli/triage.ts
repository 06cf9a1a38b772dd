import { once } from "node:events";
import { createInterface } from "node:readline";
import { TriageSession } from "../domain/triage/session.ts";

/**
 * `mamoru triage`: JSONL in, JSONL out, one output line per valid input line, same order.
 * Input line: {"id": string, "text": string, "sender"?: string, "receivedAt"?: ISO-8601}
 * Output line: {"id", "flag", "groups", "signals": [{group, code, start, end, text, rule}], "repeat"?: {threadId, count}}
 * A bad line is reported on stderr as `line N: <reason>` and skipped. Exit code 0, or 1 when
 * no line could be read.
 */
export interface TriageCliOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  repeatFrom?: number;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

type Parsed = { ok: true; id: string; text: string; sender?: string; receivedAt?: string } | { ok: false; ja: string; en: string };

export function parseInputLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, ja: "JSONとして読めません", en: "not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, ja: "JSONオブジェクトではありません", en: "not a JSON object" };
  }
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || v.id === "") return { ok: false, ja: "id(文字列)がありません", en: "missing string id" };
  if (typeof v.text !== "string") return { ok: false, ja: "text(文字列)がありません", en: "missing string text" };
  if (v.sender !== undefined && v.sender !== null && typeof v.sender !== "string") {
    return { ok: false, ja: "sender は文字列でなければなりません", en: "sender must be a string" };
  }
  if (v.receivedAt !== undefined && v.receivedAt !== null) {
    if (typeof v.receivedAt !== "string" || !ISO_8601.test(v.receivedAt) || Number.isNaN(Date.parse(v.receivedAt))) {
      return { ok: false, ja: "receivedAt がISO-8601の日時ではありません", en: "receivedAt is not an ISO-8601 date-time" };
    }
  }
  const out: Parsed = { ok: true, id: v.id, text: v.text };
  if (typeof v.sender === "string") out.sender = v.sender;
  if (typeof v.receivedAt === "string") out.receivedAt = v.receivedAt;
  return out;
}

async function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

export async function runTriageCli(opts: TriageCliOptions): Promise<number> {
  const session = new TriageSession(opts.repeatFrom !== undefined ? { repeatFrom: opts.repeatFrom } : {});
  const rl = createInterface({ input: opts.input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  let lineNo = 0;
  let good = 0;
  let bad = 0;
  try {
    for await (const rawLine of rl) {
      lineNo++;
      const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
      if (line.trim() === "") continue;
      const parsed = parseInputLine(line);
      if (!parsed.ok) {
        bad++;
        await write(opts.stderr, `line ${lineNo}: ${parsed.ja} / ${parsed.en}\n`);
        continue;
      }
      let out: string;
      try {
        const r = session.process(parsed);
        const record: Record<string, unknown> = {
          id: r.id,
          flag: r.flag,
          groups: r.groups,
          signals: r.result.signals.map((s) => ({ group: s.group, code: s.code, start: s.start, end: s.end, text: s.text, rule: s.rule })),
        };
        if (r.repeat) record.repeat = { threadId: r.repeat.threadId, count: r.repeat.count };
        out = `${JSON.stringify(record)}\n`;
      } catch (err) {
        bad++;
        await write(opts.stderr, `line ${lineNo}: 処理できませんでした / could not be processed (${(err as Error).message})\n`);
        continue;
      }
      good++;
      await write(opts.output, out);
    }
  } catch (err) {
    await write(opts.stderr, `入力を読めませんでした / could not read input: ${(err as Error).message}\n`);
  }
  if (good === 0) {
    await write(opts.stderr, lineNo === 0 || bad === 0 ? "入力が空です / no input lines\n" : `読める行がありませんでした / no line could be read (${bad} bad)\n`);
    return 1;
  }
  return 0;
}
