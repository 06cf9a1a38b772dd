import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { type ServerType, serve } from "@hono/node-server";
import { encodeIso2022Jp, encodeShiftJis, toBase64 } from "../../domain/triage/test-helpers.ts";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { Client, TEST_SECRET_KEY, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { loadConfig } from "../platform/config.ts";
import { createApp } from "../platform/http/app.ts";
import { createLogger } from "../platform/logger.ts";

const b64 = (s: string | Uint8Array) => Buffer.from(typeof s === "string" ? new TextEncoder().encode(s) : s).toString("base64");

describeEachEngine("triage: import, evidence, repeats, overrides, incidents, lexicon", (engine) => {
  let srv: TestServer;
  let second: { server: ServerType; baseUrl: string };
  let staff: Client;
  let supervisor: Client;
  let central: Client;

  const count = async () =>
    Number(
      (
        await srv.database.db
          .selectFrom("triage_messages")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    srv = await startTestServer(engine);
    // a second server process over the same database: nothing it needs may live in the first one's memory
    const config = loadConfig({ MAMORU_LOG_LEVEL: "silent", MAMORU_DATA_DIR: "/nonexistent", MAMORU_SECRET_KEY: TEST_SECRET_KEY });
    const app = createApp({ db: srv.database.db, config, logger: createLogger("silent") });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    second = { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    staff = await srv.as("staff");
    supervisor = await srv.as("supervisor");
    central = await srv.as("central");
  });
  after(async () => {
    await new Promise<void>((resolve) => second?.server.close(() => resolve()));
    await srv?.close();
  });

  test("a pasted threat is urgent, with evidence spans into the original text and the rule named", async () => {
    const text = "前略。窓口の対応がひどかった。今度行ったら担当者を殺してやる。";
    const r = await staff.post("/api/triage/imports", { source: "paste", text, sender: "angry@example.jp" });
    assert.equal(r.status, 201, r.text);
    const m = r.body.messages[0];
    assert.equal(m.flag, "urgent");
    assert.deepEqual(m.groups, [2]);
    const detail = (await staff.get(`/api/triage/messages/${m.id}`)).body;
    assert.equal(detail.text, text);
    const s = detail.signals.find((x: { code: string }) => x.code === "threat_kill");
    assert.ok(s, "a kill-threat signal");
    assert.equal(text.slice(s.start, s.end), s.text);
    assert.ok(s.rule && s.explanationJa.length > 0);
    assert.match(s.explanationEn, /police/, "the English screen gets an English explanation of the rule");
    const reads = await srv.database.db.selectFrom("audit_log").select("action").where("resource_id", "=", m.id).execute();
    assert.ok(
      reads.some((a) => a.action === "triage_message.read"),
      "reading the content is audited",
    );
  });

  test("a sincere complaint and benign senses are not flagged; the list puts urgent first", async () => {
    const r = await staff.post("/api/triage/imports", {
      source: "paste",
      text: "燃えるごみの収集日が変わったことを知りませんでした。もっと周知してほしいです。",
    });
    assert.equal(r.body.messages[0].flag, "none");
    const list = (await staff.get("/api/triage/messages")).body;
    assert.ok(list.total >= 2);
    const ranks = list.messages.map((x: { flag: string }) => ({ none: 0, review: 1, urgent: 2 })[x.flag as "none"]);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a: number, b: number) => b - a),
      "urgent first",
    );
  });

  test("an ISO-2022-JP e-mail and a base64 UTF-8 e-mail are decoded; the sender comes from the header", async () => {
    const subject = `=?ISO-2022-JP?B?${toBase64(encodeIso2022Jp("住民票の件"))}?=`;
    const body = Buffer.from(encodeIso2022Jp("職員の名前と顔写真をネットに晒してやる。")).toString("latin1");
    const eml = `From: Taro <Taro.Sato@Example.jp>\r\nSubject: ${subject}\r\nDate: Tue, 01 Apr 2025 10:00:00 +0900\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${body}\r\n`;
    const r = await staff.post("/api/triage/imports", { source: "eml", dataBase64: Buffer.from(eml, "latin1").toString("base64"), fileName: "a.eml" });
    assert.equal(r.status, 201, r.text);
    const m = r.body.messages[0];
    assert.equal(m.subject, "住民票の件");
    assert.match(m.sender, /taro\.sato@example\.jp/i);
    assert.ok(m.groups.includes(4), "online exposure");
    const eml2 = `From: a@example.jp\r\nSubject: test\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64("ごみ袋の値段について教えてください。")}\r\n`;
    const r2 = await staff.post("/api/triage/imports", { source: "eml", dataBase64: b64(eml2) });
    assert.equal(r2.status, 201, r2.text);
    assert.equal(r2.body.messages[0].flag, "none");
    assert.match(r2.body.messages[0].excerpt, /ごみ袋/);
  });

  test("a Shift_JIS CSV becomes one message per row; the third repeat of a sender is a group-1 signal, also across server processes", async () => {
    const demand = "保険料の減免を認めろ。前にも書いたが、認めるまで何度でも送る。納得のいく回答を求めます。";
    const csv = `本文,差出人,受信日時\r\n"${demand}",022-111-2222,2025/04/01 09:00\r\n"${demand}追伸、返事がまだです。",+81 22 111 2222,2025/04/08 09:00\r\n`;
    const r = await staff.post("/api/triage/imports", {
      source: "csv",
      dataBase64: Buffer.from(encodeShiftJis(csv)).toString("base64"),
      fileName: "inbox.csv",
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.encoding, "shift_jis");
    assert.equal(r.body.messages.length, 2);
    assert.equal(r.body.messages[1].thread.count, 2, "the second is in the first one's thread");
    // the third one goes to the other server process
    const other = await new Client(second.baseUrl).login("staff");
    const r3 = await other.post("/api/triage/imports", { source: "paste", text: demand, sender: "0221112222", receivedAt: "2025-04-15T09:00:00+09:00" });
    assert.equal(r3.status, 201, r3.text);
    const m3 = r3.body.messages[0];
    assert.equal(m3.thread.id, r.body.messages[0].thread.id);
    assert.equal(m3.thread.count, 3);
    assert.ok(m3.groups.includes(1));
    const detail = (await staff.get(`/api/triage/messages/${m3.id}`)).body;
    assert.ok(detail.signals.some((s: { rule: string }) => s.rule === "repeat.near_duplicate"));
    assert.equal(detail.thread.firstAt, "2025-04-01T00:00:00.000Z");
    assert.equal(detail.thread.messages.length, 3);
  });

  test("a demand repeated in new words each time joins its thread through the stored topic, on the second process too", async () => {
    const texts = [
      "東口駐輪場の屋根が破れていて、雨の日は自転車が濡れます。修繕の予定を教えてください。",
      "再度のご連絡です。東口駐輪場の屋根の破れについて、修繕はいつになるのでしょうか。",
      "駐輪場（東口）の屋根の件です。何度かお尋ねしていますが、修繕予定をお知らせください。",
    ];
    const sender = "roof.asker@example.jp";
    const first = await staff.post("/api/triage/imports", { source: "paste", text: texts[0], sender });
    const second2 = await staff.post("/api/triage/imports", { source: "paste", text: texts[1], sender });
    const other = await new Client(second.baseUrl).login("staff");
    const third = await other.post("/api/triage/imports", { source: "paste", text: texts[2], sender: "Roof.Asker@Example.JP" });
    assert.equal(third.status, 201, third.text);
    const m3 = third.body.messages[0];
    assert.equal(m3.thread.id, first.body.messages[0].thread.id);
    assert.equal(second2.body.messages[0].thread.count, 2);
    assert.equal(m3.thread.count, 3);
    assert.deepEqual(m3.groups, [1], "a polite repeat: group 1 only, for a person to judge");
    assert.equal(m3.flag, "review");
  });

  test("one resident's e-mail and phone are one sender once staff recorded both on a counterpart; unlinked, they stay apart", async () => {
    const texts = [
      "西公園の遊具の件です。ブランコの鎖がさびていて、子どもが手をけがしました。交換の予定を教えてください。",
      "西公園のブランコの鎖の件でまた電話しました。さびた鎖の交換はいつになるのか、予定を教えてほしいです。",
      "西公園のブランコの件、鎖がさびたままです。交換の予定だけでも教えてください。",
    ];
    const mail = "nishi.park@example.jp";
    const phone = "090-7301-4422";
    // before any record links them, the e-mail and the phone are two senders
    const a1 = await staff.post("/api/triage/imports", { source: "paste", text: texts[0], sender: mail, receivedAt: "2025-06-01T09:00:00+09:00" });
    const a2 = await staff.post("/api/triage/imports", { source: "paste", text: texts[1], sender: phone, receivedAt: "2025-06-03T09:00:00+09:00" });
    assert.notEqual(a2.body.messages[0].thread.id, a1.body.messages[0].thread.id, "no guessing: different identifiers, different threads");
    // staff record an incident whose counterpart carries both identifiers
    const filed = await staff.post("/api/incidents", {
      channel: "phone",
      summary: "公園遊具の修繕について同じ問い合わせが続いている",
      counterpart: { type: "resident", name: "西 公子", phone: "09073014422", email: "Nishi.Park@example.jp" },
    });
    assert.equal(filed.status, 201, filed.text);
    const a3 = await staff.post("/api/triage/imports", { source: "paste", text: texts[2], sender: mail, receivedAt: "2025-06-05T09:00:00+09:00" });
    assert.equal(a3.status, 201, a3.text);
    const m3 = a3.body.messages[0];
    assert.ok([a1.body.messages[0].thread.id, a2.body.messages[0].thread.id].includes(m3.thread.id), "joins a thread of the same person");
    assert.equal(m3.thread.count, 3, "the two threads begun under each identifier are folded into one: this is the third contact");
    assert.deepEqual(m3.groups, [1], "the same demand for the third time: group 1, for a person to judge");
    const detail = (await staff.get(`/api/triage/messages/${m3.id}`)).body;
    assert.equal(detail.thread.messages.length, 3, "the thread lists the e-mail and the phone contacts");
    assert.equal(detail.thread.firstAt, "2025-06-01T00:00:00.000Z");
    // the next phone call, in international format, continues the same thread
    const a4 = await staff.post("/api/triage/imports", { source: "paste", text: texts[0], sender: "+81 90 7301 4422", receivedAt: "2025-06-07T09:00:00+09:00" });
    const m4 = a4.body.messages[0];
    assert.equal(m4.thread.id, m3.thread.id);
    assert.equal(m4.thread.count, 4);
    // another resident with a different address is not pulled in
    const other = await staff.post("/api/triage/imports", { source: "paste", text: texts[0], sender: "someone.else@example.jp", receivedAt: "2025-06-08T09:00:00+09:00" });
    assert.equal(other.body.messages[0].thread.count, 1);
  });

  test("bad input gets a clear error and writes nothing; odd but valid text is triaged", async () => {
    const before = await count();
    const cases: Array<[unknown, number, string]> = [
      [{ source: "paste", text: "" }, 422, "triage_empty"],
      [{ source: "paste", text: "   \n " }, 422, "triage_empty"],
      [{ source: "paste", text: "あ".repeat(1024 * 1024) }, 413, "body_too_large"],
      [{ source: "paste", text: "a".repeat(250_000) }, 422, "triage_text_too_long"],
      [{ source: "txt", dataBase64: Buffer.from(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString("base64") }, 422, "triage_binary"],
      [{ source: "txt", dataBase64: Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81, 0xc0, 0xc1, 0xf5, 0x80]).toString("base64") }, 422, "triage_unknown_encoding"],
      [{ source: "txt", dataBase64: "@@not base64@@" }, 422, "triage_file_unreadable"],
      [{ source: "eml", dataBase64: b64("本文だけでヘッダーがありません") }, 422, "triage_not_eml"],
      [{ source: "csv", dataBase64: b64("件名,差出人\r\nこんにちは,a@example.jp\r\n") }, 422, "triage_csv_no_text"],
      [{ source: "csv", dataBase64: b64("本文,受信日時\r\n普通の問い合わせです,2025-04-01\r\n二行目,きのう\r\n") }, 422, "triage_date_invalid"],
      [{ source: "paste", text: "x", bogus: 1 }, 400, "unknown_field"],
    ];
    for (const [body, status, code] of cases) {
      const r = await staff.post("/api/triage/imports", body);
      assert.equal(r.status, status, `${code}: ${r.text.slice(0, 200)}`);
      assert.equal(r.body.error.code, code);
      assert.ok(r.body.error.message.length > 0);
    }
    await staff.patch("/api/me", { locale: "en" });
    const en = await staff.post("/api/triage/imports", { source: "paste", text: "" });
    assert.match(en.body.error.message, /empty/i);
    await staff.patch("/api/me", { locale: "ja" });
    assert.equal(await count(), before, "nothing half-written");

    const mixed = "Hello 職員さん👍🏽 ｺﾛｽぞ 😡 Привет";
    const m = await staff.post("/api/triage/imports", { source: "paste", text: mixed });
    assert.equal(m.status, 201, m.text);
    assert.equal(m.body.messages[0].flag, "urgent");
    const d = (await staff.get(`/api/triage/messages/${m.body.messages[0].id}`)).body;
    for (const s of d.signals) assert.equal(mixed.slice(s.start, s.end), s.text);
    const odd = await staff.post("/api/triage/imports", { source: "paste", text: "住民票\u0000の件 \ud800 です" });
    assert.equal(odd.status, 201, odd.text);
    const invalidUtf8 = await staff.post("/api/triage/imports", {
      source: "txt",
      dataBase64: Buffer.concat([Buffer.from("ごみの日", "utf8"), Buffer.from([0xe3, 0x81])]).toString("base64"),
    });
    assert.ok([201, 422].includes(invalidUtf8.status), invalidUtf8.text);
  });

  test("overrides need a supervisor or central and a reason; the engine's result is kept and audited", async () => {
    const r = await staff.post("/api/triage/imports", { source: "paste", text: "担当者を異動させろ。" });
    const id = r.body.messages[0].id;
    assert.equal((await staff.post(`/api/triage/messages/${id}/overrides`, { flag: "none", groups: [], reason: "正当な要望" })).status, 403);
    const before = await srv.database.db.selectFrom("triage_overrides").selectAll().execute();
    const empty = await supervisor.post(`/api/triage/messages/${id}/overrides`, { flag: "none", groups: [], reason: "  " });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.error.code, "reason_required");
    assert.equal((await srv.database.db.selectFrom("triage_overrides").selectAll().execute()).length, before.length);
    const ok = await supervisor.post(`/api/triage/messages/${id}/overrides`, { flag: "none", groups: [], reason: "人事上の要望として正当な範囲" });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.flag, "none");
    assert.equal(ok.body.engineFlag, "review");
    assert.deepEqual(ok.body.engineGroups, [3]);
    assert.equal(ok.body.overrides[0].reason, "人事上の要望として正当な範囲");
    const rows = await srv.database.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("resource_id", "=", id)
      .where("action", "=", "triage_message.override")
      .where("outcome", "=", "success")
      .execute();
    assert.equal(rows.length, 1);
    // the override is kept as a labelled example for evaluation (central only)
    assert.equal((await supervisor.get("/api/triage/labelled-examples.jsonl")).status, 403);
    const examples = await central.get("/api/triage/labelled-examples.jsonl");
    assert.equal(examples.status, 200);
    const lines = examples.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const mine = lines.find((l: { id: string }) => l.id === id);
    assert.deepEqual(mine.labels, { flag: "none", groups: [] });
    assert.equal(mine.text, "担当者を異動させろ。");
    assert.equal(mine.engine.flag, "review");
  });

  test("an incident is created from a message with its text and quoted evidence, once", async () => {
    const text = "回答が遅い。慰謝料として十万円払え。払わないなら毎日電話してやる。";
    const r = await staff.post("/api/triage/imports", { source: "paste", text, subject: "苦情" });
    const id = r.body.messages[0].id;
    const c1 = await staff.post(`/api/triage/messages/${id}/incident`, { channel: "email" });
    assert.equal(c1.status, 201, c1.text);
    const incident = (await staff.get(`/api/incidents/${c1.body.incidentId}`)).body;
    assert.equal(incident.channel, "email");
    assert.ok(incident.narrative.includes(text), "the message's text is in the incident");
    assert.ok(
      incident.quotes.some((q: { text: string }) => text.includes(q.text)),
      "evidence spans are quoted",
    );
    assert.equal(c1.body.message.incidentId, c1.body.incidentId);
    const c2 = await staff.post(`/api/triage/messages/${id}/incident`, { channel: "email" });
    assert.equal(c2.status, 200);
    assert.equal(c2.body.incidentId, c1.body.incidentId);
    assert.equal((await staff.post(`/api/triage/messages/${id}/incident`, { channel: "phone" })).status, 400);
  });

  test("another department's staff and the desk do not see the inbox (404 / 403)", async () => {
    const r = await staff.post("/api/triage/imports", { source: "paste", text: "問い合わせです" });
    const id = r.body.messages[0].id;
    const staff2 = await srv.as("staff2");
    assert.equal((await staff2.get(`/api/triage/messages/${id}`)).status, 404);
    assert.equal((await staff2.post(`/api/triage/messages/${id}/incident`, { channel: "email" })).status, 404);
    assert.equal((await staff2.get("/api/triage/messages")).body.messages.length, 0);
    const desk = await srv.as("desk");
    assert.equal((await desk.get("/api/triage/messages")).status, 403);
    assert.equal((await desk.get(`/api/triage/messages/${id}`)).status, 404);
    const dept = await srv.database.db.selectFrom("users").select("department_id").where("username", "=", "staff").executeTakeFirstOrThrow();
    const other = await srv.database.db.selectFrom("departments").select("id").where("code", "=", "kankyo").executeTakeFirstOrThrow();
    assert.equal((await staff.post("/api/triage/imports", { source: "paste", text: "x", departmentId: other.id })).status, 403);
    assert.equal((await central.post("/api/triage/imports", { source: "paste", text: "中央からの取り込み", departmentId: dept.department_id })).status, 201);
  });

  test("central tests a new lexicon entry against stored messages, then saves it as a new version", async () => {
    // a made-up word neither the rules nor the learned model know, so the change is the entry's alone
    const r = await staff.post("/api/triage/imports", { source: "paste", text: "駐車場の案内板がほんにゃらで困りました。" });
    assert.equal(r.body.messages[0].flag, "none");
    const entry = {
      id: "custom.honnyara",
      group: 2,
      code: "verbal_abuse",
      severity: "review",
      patterns: ["ほんにゃら"],
      explanationJa: "職員をおとしめる言葉です。",
    };
    assert.equal((await staff.post("/api/triage/lexicon/preview", { change: { entries: [entry] } })).status, 403);
    const p = await central.post("/api/triage/lexicon/preview", { change: { entries: [entry] }, sampleText: "このほんにゃらが" });
    assert.equal(p.status, 200, p.text);
    // the stored message would change: newly flagged, or — when the learned model reads it as an
    // ordinary contact — the new match is shown as held back
    const change = p.body.changes.find((c: { id: string }) => c.id === r.body.messages[0].id);
    assert.ok(change, "the stored message would change");
    assert.ok(change.after.flag === "review" || change.heldBack.some((h: { text: string }) => h.text === "ほんにゃら"));
    assert.equal(p.body.sample.flag, "review");
    const bad = await central.post("/api/triage/lexicon/preview", { change: { entries: [{ ...entry, patterns: ["(ほんにゃら"] }] } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, "triage_lexicon_invalid");
    const lex = (await staff.get("/api/triage/lexicon")).body;
    const saved = await central.post("/api/triage/lexicon/versions", { basedOn: lex.version, note: "ほんにゃらを追加", change: { entries: [entry] } });
    assert.equal(saved.status, 201, saved.text);
    assert.notEqual(saved.body.version, lex.version);
    assert.equal((await central.post("/api/triage/lexicon/versions", { basedOn: lex.version, note: "二重", change: { entries: [entry] } })).status, 409);
    // the other server process uses the saved version too
    const other = await new Client(second.baseUrl).login("staff");
    const again = await other.post("/api/triage/imports", { source: "paste", text: "ほんにゃら職員" });
    assert.equal(again.body.messages[0].flag, "review");
    // a release ships a new default lexicon: central's saved entry is carried onto it, not lost
    await srv.database.db
      .updateTable("triage_lexicon_versions")
      .set({ base_version: "2024.4.1", version: saved.body.version.replace(/^[^+]*/, "2024.4.1") })
      .where("version", "=", saved.body.version)
      .execute();
    const upgraded = (await central.get("/api/triage/lexicon")).body;
    assert.equal(upgraded.version, saved.body.version, "the version names the shipped default and the same change");
    assert.deepEqual(upgraded.customEntryIds, ["custom.honnyara"]);
    const after = await staff.post("/api/triage/imports", { source: "paste", text: "ほんにゃら職員" });
    assert.equal(after.body.messages[0].flag, "review");
  });
});
