import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, it } from "node:test";
import { runTriageCli } from "./triage.ts";

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

const repeatText = "市民税の減免を申請しましたが却下されました。再審査をお願いします。";

describe("runTriageCli", () => {
  it("writes one line per valid input line in order and reports bad lines on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mamoru-triage-"));
    const file = join(dir, "messages.jsonl");
    const lines = [
      JSON.stringify({ id: "m1", text: "お前を殺すぞ", sender: "a@example.jp", receivedAt: "2025-05-01T09:00:00+09:00" }),
      "{not json",
      JSON.stringify({ id: "m2", text: "燃えるごみの日を教えてください" }),
      JSON.stringify({ id: "m3" }),
      "",
      JSON.stringify({ id: "r1", text: repeatText, sender: "Taro@Example.JP" }),
      JSON.stringify({ id: "r2", text: repeatText, sender: "taro@example.jp", receivedAt: "2025-05-02" }),
      JSON.stringify({ id: "bad-date", text: "x", receivedAt: "昨日" }),
      JSON.stringify(["array"]),
      JSON.stringify({ id: "r3", text: `${repeatText}\n\n何度目でしょうか。`, sender: "<taro@example.jp>" }),
      JSON.stringify({ id: "m4", text: "" }),
    ];
    writeFileSync(file, `${lines.join("\n")}\n`);
    const out = collect();
    const err = collect();
    const code = await runTriageCli({ input: createReadStream(file), output: out.stream, stderr: err.stream });
    assert.equal(code, 0);
    const results = out.text().trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(results.map((r) => r.id), ["m1", "m2", "r1", "r2", "r3", "m4"]);
    assert.deepEqual(results[0], {
      id: "m1",
      flag: "urgent",
      groups: [2],
      signals: [{ group: 2, code: "threat_kill", start: 3, end: 5, text: "殺す", rule: "kill.plain" }],
    });
    assert.deepEqual(results[1], { id: "m2", flag: "none", groups: [], signals: [] });
    assert.equal(results[2].repeat, undefined);
    assert.equal(results[3].repeat.count, 2);
    assert.equal(results[3].flag, "none");
    assert.equal(results[4].repeat.count, 3);
    assert.equal(results[4].repeat.threadId, results[3].repeat.threadId);
    assert.deepEqual(Object.keys(results[4].repeat), ["threadId", "count"]);
    assert.equal(results[4].flag, "review");
    assert.deepEqual(results[4].groups, [1]);
    assert.equal(results[4].signals[0].code, "repeated_demand");
    assert.deepEqual(results[5], { id: "m4", flag: "none", groups: [], signals: [] });
    assert.equal(
      err.text(),
      [
        "line 2: JSONとして読めません / not valid JSON",
        "line 4: text(文字列)がありません / missing string text",
        "line 8: receivedAt がISO-8601の日時ではありません / receivedAt is not an ISO-8601 date-time",
        "line 9: JSONオブジェクトではありません / not a JSON object",
        "",
      ].join("\n"),
    );
  });

  it("honours repeatFrom", async () => {
    const input = Readable.from([1, 2].map((i) => `${JSON.stringify({ id: `r${i}`, text: repeatText, sender: "090-1234-5678" })}\n`));
    const out = collect();
    const code = await runTriageCli({ input, output: out.stream, stderr: collect().stream, repeatFrom: 2 });
    assert.equal(code, 0);
    const results = out.text().trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(results[1].flag, "review");
  });

  it("exits 1 when no line could be read, and when the input is empty", async () => {
    const err = collect();
    assert.equal(await runTriageCli({ input: Readable.from(["garbage\n", "{}\n"]), output: collect().stream, stderr: err.stream }), 1);
    assert.match(err.text(), /line 1: .*not valid JSON\nline 2: .*missing string id\n.*no line could be read/);
    assert.equal(await runTriageCli({ input: Readable.from([]), output: collect().stream, stderr: collect().stream }), 1);
  });

  it("survives invalid UTF-8 and binary garbage lines", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a]),
      Buffer.from(`${JSON.stringify({ id: "ok", text: "\uD800税金泥棒\u0000😀" })}\n`),
    ]);
    const out = collect();
    const err = collect();
    const code = await runTriageCli({ input: Readable.from([bytes]), output: out.stream, stderr: err.stream });
    assert.equal(code, 0);
    const r = JSON.parse(out.text().trim());
    assert.equal(r.flag, "review");
    assert.equal(r.signals[0].text, "税金泥棒");
    assert.match(err.text(), /^line 1: /);
  });
});
