import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareSketches, normaliseSender, RepeatTracker, sketchOf } from "./repeat.ts";
import { TriageSession } from "./session.ts";

describe("normaliseSender", () => {
  it("lower-cases e-mail addresses and strips display names", () => {
    assert.equal(normaliseSender("Taro.Yamada@Example.JP"), "mail:taro.yamada@example.jp");
    assert.equal(normaliseSender("山田 太郎 <taro.yamada@example.jp>"), "mail:taro.yamada@example.jp");
    assert.equal(normaliseSender("mailto:taro.yamada@example.jp"), "mail:taro.yamada@example.jp");
  });
  it("reduces phone numbers to domestic digits (full-width, hyphens, +81)", () => {
    const expected = "tel:09012345678";
    for (const raw of ["090-1234-5678", "09012345678", "０９０－１２３４－５６７８", "+81 90 1234 5678", "+81-90-1234-5678", "+81 (0)90 1234 5678", "tel:090(1234)5678"]) {
      assert.equal(normaliseSender(raw), expected, raw);
    }
  });
  it("normalises names and rejects empty senders", () => {
    assert.equal(normaliseSender("ヤマダ　タロウ"), normaliseSender("ﾔﾏﾀﾞ ﾀﾛｳ"));
    assert.equal(normaliseSender("   "), null);
    assert.equal(normaliseSender(undefined), null);
  });
});

const base = "市民税の減免を申請しましたが却下されました。収入が減っているので再審査をお願いします。";

describe("near-duplicate sketches", () => {
  it("a repeat with an added paragraph is contained in the new message", () => {
    const longer = `${base}\n\n前回も前々回も同じお願いをしています。回答はいつになりますか。こちらは毎月の生活費にも困っている状況で、家族も心配しています。`;
    const c = compareSketches(sketchOf(base), sketchOf(longer));
    assert.ok(c.containment >= 0.9, `containment ${c.containment}`);
    assert.ok(c.similarity < 0.7, `similarity ${c.similarity}`);
  });
  it("unrelated messages are far apart", () => {
    const c = compareSketches(sketchOf(base), sketchOf("粗大ごみの収集日を教えてください。タンスを出したいです。"));
    assert.ok(c.similarity < 0.1 && c.containment < 0.2);
  });
  it("long texts are sampled, and still compare", () => {
    const topics = ["住民税", "国民健康保険", "介護保険", "児童手当", "市営住宅", "粗大ごみ", "戸籍", "年金", "学童保育", "道路"];
    const letter = topics.map((t, i) => `${i + 1}点目は${t}についてです。${t}の手続きが分かりにくいので、${t}の担当窓口で説明してください。`).join("");
    const s = sketchOf(`${letter}追加で、前回の回答にも触れておきます。回答がまだありません。`);
    assert.equal(s.sampled, true);
    assert.ok(compareSketches(sketchOf(letter), s).containment > 0.8);
  });
});

describe("RepeatTracker", () => {
  it("signals from the third near-duplicate of the same sender, spelled differently", () => {
    const t = new RepeatTracker();
    const a = t.observe({ id: "1", text: base, sender: "a@example.jp", receivedAt: "2025-05-01T09:00:00+09:00" });
    const b = t.observe({ id: "2", text: `先日もお送りしましたが、${base}`, sender: "A@Example.JP", receivedAt: "2025-05-03T09:00:00+09:00" });
    const c = t.observe({ id: "3", text: `${base}\n\n何度も同じことを書かせないでください。`, sender: "<a@example.jp>", receivedAt: "2025-05-05T09:00:00+09:00" });
    assert.deepEqual([a.count, b.count, c.count], [1, 2, 3]);
    assert.deepEqual([a.signal, b.signal, c.signal], [false, false, true]);
    assert.equal(a.threadId, c.threadId);
    assert.deepEqual(c.previousIds, ["1", "2"]);
    assert.equal(c.firstAt, "2025-05-01T00:00:00.000Z");
  });
  it("does not link different senders or different topics", () => {
    const t = new RepeatTracker();
    t.observe({ id: "1", text: base, sender: "a@example.jp" });
    t.observe({ id: "2", text: base, sender: "b@example.jp" });
    const other = t.observe({ id: "3", text: "児童手当の振込日はいつですか。", sender: "a@example.jp" });
    assert.equal(other.count, 1);
    const again = t.observe({ id: "4", text: base, sender: "a@example.jp" });
    assert.equal(again.count, 2);
  });
  it("repeatFrom is configurable", () => {
    const t = new RepeatTracker({ repeatFrom: 2 });
    t.observe({ id: "1", text: base, sender: "090-1111-2222" });
    assert.equal(t.observe({ id: "2", text: base, sender: "+81 90 1111 2222" }).signal, true);
  });
  it("messages far apart in time start a new thread", () => {
    const t = new RepeatTracker({ windowDays: 30 });
    t.observe({ id: "1", text: base, sender: "a@example.jp", receivedAt: "2025-01-01T00:00:00Z" });
    assert.equal(t.observe({ id: "2", text: base, sender: "a@example.jp", receivedAt: "2025-06-01T00:00:00Z" }).count, 1);
  });
  it("messages without a sender or text are not tracked", () => {
    const t = new RepeatTracker();
    assert.equal(t.observe({ id: "1", text: base }).threadId, null);
    assert.equal(t.observe({ id: "2", text: "", sender: "a@example.jp" }).threadId, null);
  });
  it("forgets the least recently seen sender beyond maxSenders", () => {
    const t = new RepeatTracker({ maxSenders: 2 });
    t.observe({ id: "1", text: base, sender: "a@example.jp" });
    t.observe({ id: "2", text: base, sender: "b@example.jp" });
    t.observe({ id: "3", text: base, sender: "c@example.jp" });
    assert.equal(t.senderCount, 2);
    assert.equal(t.observe({ id: "4", text: base, sender: "a@example.jp" }).count, 1);
  });
});

describe("TriageSession", () => {
  it("adds a group-1 repeat signal to an otherwise legitimate third message", () => {
    const s = new TriageSession();
    const r1 = s.process({ id: "1", text: base, sender: "a@example.jp" });
    const r2 = s.process({ id: "2", text: base, sender: "a@example.jp" });
    const r3 = s.process({ id: "3", text: base, sender: "a@example.jp" });
    assert.equal(r1.flag, "none");
    assert.equal(r1.repeat, undefined);
    assert.equal(r2.flag, "none");
    assert.equal(r2.repeat?.count, 2);
    assert.equal(r3.flag, "review");
    assert.deepEqual(r3.groups, [1]);
    const sig = r3.result.signals[0];
    assert.equal(sig?.code, "repeated_demand");
    assert.equal(sig?.rule, "repeat.near_duplicate");
    assert.equal(base.slice(sig!.start, sig!.end), sig!.text);
  });
});

describe("reworded repeats (round 6)", () => {
  const signature = "\n\n山田 太郎\n〒980-0000 仙台市青葉区一番町1-2-3\n電話 022-000-0000";
  const reworded = [
    "東口駐輪場の屋根が破れていて、雨の日は自転車が濡れます。修繕の予定を教えてください。",
    "再度のご連絡です。東口駐輪場の屋根の破れについて、修繕はいつになるのでしょうか。",
    "駐輪場（東口）の屋根の件です。何度かお尋ねしていますが、修繕予定をお知らせください。",
  ];
  it("the same demand in new words joins the thread, and the third time is a repeat signal", () => {
    const t = new RepeatTracker();
    const obs = reworded.map((text, i) => t.observe({ id: `m${i}`, text: text + signature, sender: "taro@example.jp" }));
    assert.deepEqual(
      obs.map((o) => o.count),
      [1, 2, 3],
    );
    assert.equal(obs[2]?.signal, true);
  });
  it("different topics from one sender with the same signature stay separate threads", () => {
    const t = new RepeatTracker();
    const topics = [
      "市民プールの営業時間を教えてください。夏休み中は延長がありますか。",
      "粗大ごみの収集を申し込みたいのですが、受付の電話番号を教えてください。",
      "子どもの予防接種の予約方法について質問があります。",
    ];
    const obs = topics.map((text, i) => t.observe({ id: `c${i}`, text: text + signature, sender: "taro@example.jp" }));
    assert.deepEqual(
      obs.map((o) => o.count),
      [1, 1, 1],
    );
  });
  it("staff call records of one caller in the same template, on different topics, stay separate", () => {
    const t = new RepeatTracker();
    const records = [
      "（通話記録）国民健康保険の保険料の支払い方法について問い合わせ。口座振替の手続きを案内した。",
      "（通話記録）同一人より、犬の登録の住所変更について問い合わせ。必要書類を案内。",
      "（通話記録）同一人より、近所の空き地の草が伸びているとの相談。所有者への連絡について担当課を案内した。",
      "【電話応対記録】2025-01-02 市営住宅管理課\n架電者の発言要旨：敬老祝い金の対象年齢を確認したい。",
    ];
    const obs = records.map((text, i) => t.observe({ id: `r${i}`, text, sender: "090-0000-1111" }));
    assert.deepEqual(
      obs.map((o) => o.count),
      [1, 1, 1, 1],
    );
  });
  it("sketches stored before round 6 (no topic) still compare by characters", () => {
    const a = sketchOf(base);
    const { topic: _, ...old } = sketchOf(base);
    assert.equal(compareSketches(a, old).similarity, 1);
  });
});

describe("a message against the whole thread (round 9)", () => {
  const first = "川沿いの市道で街灯が消えたままです。夜は真っ暗で歩くのが怖いので、街灯の修理をお願いします。";
  const second = "先日お願いした街灯の件、まだ点いていません。川沿いは通学路なので早めにお願いします。";
  // Takes 川沿 from the first message and 通学路 from the second; shares too little with either alone.
  const third = "川沿いの通学路、まだ暗いままです。いつ直りますか。";
  it("joins a reworded repeat whose words come from several earlier messages", () => {
    const tracker = new RepeatTracker();
    const sender = "hikari.k@example.jp";
    tracker.observe({ id: "1", text: first, sender });
    tracker.observe({ id: "2", text: second, sender });
    const obs = tracker.observe({ id: "3", text: third, sender });
    assert.equal(obs.count, 3);
    assert.equal(obs.signal, true);
  });
  it("keeps a message that says it is about another matter out of the thread", () => {
    const tracker = new RepeatTracker();
    const sender = "hikari.k@example.jp";
    tracker.observe({ id: "1", text: first, sender });
    tracker.observe({ id: "2", text: second, sender });
    const obs = tracker.observe({ id: "3", text: "街灯の件はありがとうございました。別件ですが、川沿いの通学路の草刈りはいつですか。", sender });
    assert.equal(obs.count, 1);
    assert.equal(obs.signal, false);
  });
  it("keeps a different request of the same sender separate", () => {
    const tracker = new RepeatTracker();
    const sender = "hikari.k@example.jp";
    tracker.observe({ id: "1", text: first, sender });
    tracker.observe({ id: "2", text: second, sender });
    const obs = tracker.observe({ id: "3", text: "図書館の本の返却期限を延長できますか。貸出カードの番号は手元にあります。", sender });
    assert.equal(obs.count, 1);
  });
});

describe("courtesy and self-introduction are not the request (round 10)", () => {
  const intro = "いつも大変お世話になっております。東町二丁目の浜口と申します。";
  const outro = "お忙しいところ恐れ入りますが、よろしくお願いいたします。";
  it("one sender's different requests with the same greeting and signature stay separate", () => {
    const tracker = new RepeatTracker();
    const sender = "hamaguchi.k@example.jp";
    const requests = [
      "燃えないごみの収集日が変わったと聞きました。新しい日程表はどこでもらえますか。",
      "市民プールの夏の営業時間を教えてください。子ども料金もあわせて知りたいです。",
      "図書館で本の予約をしたいのですが、インターネットからでもできますか。",
    ];
    const counts = requests.map((r, k) => tracker.observe({ id: String(k), text: `${intro}\n${r}\n${outro}`, sender }).count);
    assert.deepEqual(counts, [1, 1, 1]);
  });
  it("the same request with the same greeting is still a repeat", () => {
    const tracker = new RepeatTracker();
    const sender = "hamaguchi.k@example.jp";
    const request = "自宅前の側溝の蓋ががたついて、車が通るたびに大きな音がします。早めに直していただけませんか。";
    const counts = [0, 1, 2].map((k) => tracker.observe({ id: String(k), text: `${intro}\n${request}\n${outro}`, sender }).count);
    assert.deepEqual(counts, [1, 2, 3]);
  });
});
