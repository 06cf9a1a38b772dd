import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { describeEachEngine, sql, tempDir } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

/**
 * The full record after the quick form, what each user may do next (allowedTransitions), the
 * judgement's error naming the axis, the A4 PDF with its embedded font, and the list's order and
 * capped count.
 */
const judgement = {
  demandLegitimate: { answer: "no", reason: "手数料は条例どおりで、市に誤りはない" },
  meansAppropriate: { answer: "no", reason: "「泥棒」と繰り返し怒鳴り、カウンターを叩いた" },
  environmentHarmed: { answer: "yes", reason: "応対した職員が体調を崩し、早退した" },
  exclusions: { sincereComplaint: false, reasonableAccommodation: false, reason: "" },
  crossedAt: "2026-10-06T00:12:00.000Z",
};

async function download(srv: TestServer, client: Client, url: string) {
  const res = await fetch(srv.baseUrl + url, { headers: { cookie: client.cookie ?? "" } });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

describeEachEngine("the full incident record, rights, PDF and list order", (engine) => {
  let srv: TestServer;
  let staff: Client;
  let supervisor: Client;
  let staff2: Client;
  let central: Client;
  let admin: Client;
  let id = "";
  let number = "";
  const dir = tempDir("mamoru-pdf-");

  before(async () => {
    srv = await startTestServer(engine);
    [staff, supervisor, staff2, central, admin] = await Promise.all([
      srv.as("staff"),
      srv.as("supervisor"),
      srv.as("staff2"),
      srv.as("central"),
      srv.as("admin"),
    ]);
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await srv?.close();
  });

  test("the quick form first, every other field added later; staff may not set retention", async () => {
    const r = await staff.post("/api/incidents", {
      channel: "counter",
      summary: "手数料をめぐり怒鳴られた",
      quotes: [{ text: "この税金泥棒!" }],
      groups: [2],
      startedAt: "2026-10-06T00:00:00.000Z",
      report: true,
    });
    assert.equal(r.status, 201, r.text);
    ({ id, number } = r.body);
    const full = {
      version: r.body.version,
      place: "本庁舎1階 市民課窓口",
      endedAt: "2026-10-06T00:45:00.000Z",
      narrative: "証明書の手数料について説明したが納得せず、同じ要求を繰り返して怒鳴り続けた。\n".repeat(3),
      demand: "手数料を無料にすること",
      answersGiven: "手数料は条例で定められており、免除の対象にならないと説明した。",
      quotes: [
        { text: "この税金泥棒!", at: "2026-10-06T00:12:00.000Z" },
        { text: "カウンターを拳で叩く", isAct: true, offsetSeconds: 900 },
      ],
      codes: ["group2", "mental_attack", "property_damage", "group1", "persistent_conduct"],
      counterpart: { type: "resident", name: "高橋 次郎", phone: "022-214-0000" },
      personsCount: 1,
      ladderSteps: [
        { step: "asked_to_stop", at: "2026-10-06T00:20:00.000Z" },
        { step: "end_response_decided", at: "2026-10-06T00:40:00.000Z", approver: "課長" },
      ],
      police: { contacted: false },
      harm: { harmed: true, description: "動悸と不眠", care: "産業医面談を設定" },
      personalData: { demanded: true, exposed: false, details: "応対職員の氏名と自宅の場所を聞かれた" },
      ownErrorContributed: false,
    };
    const saved = await staff.patch(`/api/incidents/${id}`, full);
    assert.equal(saved.status, 200, saved.text);
    const inc = saved.body;
    assert.equal(inc.place, full.place);
    assert.equal(inc.durationMinutes, 45);
    assert.deepEqual(inc.codes, ["group1", "group2", "mental_attack", "persistent_conduct", "property_damage"]);
    assert.deepEqual(inc.groups, [1, 2]);
    assert.equal(inc.quotes[0].at, "2026-10-06T00:12:00.000Z");
    assert.equal(inc.quotes[1].isAct, true);
    assert.equal(inc.quotes[1].offsetSeconds, 900);
    assert.equal(inc.counterpart.phone, "022-214-0000");
    assert.deepEqual(
      inc.ladderSteps.map((s: { step: string }) => s.step),
      ["asked_to_stop", "end_response_decided"],
    );
    assert.equal(inc.harm.care, "産業医面談を設定");
    assert.equal(inc.personalData.demanded, true);
    assert.equal(inc.ownErrorContributed, false);
    assert.equal(inc.can.setRetention, false);

    const hold = await staff.patch(`/api/incidents/${id}`, { version: inc.version, legalHold: true });
    assert.equal(hold.status, 403, "staff cannot put a legal hold");
    const after = await staff.get(`/api/incidents/${id}`);
    assert.equal(after.body.legalHold, false);
    assert.equal(after.body.version, inc.version, "nothing was half-written");
    const byBoss = await supervisor.patch(`/api/incidents/${id}`, { version: inc.version, retentionClass: "10y", legalHold: true });
    assert.equal(byBoss.status, 200, byBoss.text);
    assert.equal(byBoss.body.legalHold, true);
    assert.equal(byBoss.body.retentionClass, "10y");
  });

  test("responding staff with roles and the supervisor are chosen from the department's people", async () => {
    const c = await staff.get(`/api/incidents/${id}/staff-candidates`);
    assert.equal(c.status, 200, c.text);
    const byName = new Map(c.body.users.map((u: { displayName: string; id: string; roles: string[] }) => [u.displayName, u]));
    const boss = byName.get("宮城 誠(戸籍住民課長)") as { id: string; roles: string[] };
    assert.ok(boss?.roles.includes("supervisor"), "the department's supervisor is offered");
    assert.ok(!c.body.users.some((u: { displayName: string }) => u.displayName === "宮城野 翔"), "nobody from another department");
    assert.equal((await staff2.get(`/api/incidents/${id}/staff-candidates`)).status, 404);
    const me = (await staff.get(`/api/incidents/${id}`)).body;
    const saved = await staff.patch(`/api/incidents/${id}`, {
      version: me.version,
      staff: [...me.staff.map((s: { userId: string; role: string }) => ({ userId: s.userId, role: s.role })), { userId: boss.id, role: "present" }],
      supervisorId: boss.id,
    });
    assert.equal(saved.status, 200, saved.text);
    assert.deepEqual(saved.body.staff.map((s: { displayName: string; role: string }) => `${s.displayName}:${s.role}`).sort(), [
      "宮城 誠(戸籍住民課長):present",
      "泉 さくら:responder",
    ]);
    assert.equal(saved.body.supervisorId, boss.id);
  });

  test("each user is told which status changes they may make now", async () => {
    const asStaff = (await staff.get(`/api/incidents/${id}`)).body;
    const asBoss = (await supervisor.get(`/api/incidents/${id}`)).body;
    const asCentral = (await central.get(`/api/incidents/${id}`)).body;
    assert.equal(asStaff.status, "reported");
    assert.deepEqual(asStaff.allowedTransitions, [], "staff cannot take it under review");
    assert.deepEqual(asBoss.allowedTransitions, ["under_review"]);
    assert.deepEqual(asCentral.allowedTransitions, ["under_review"]);
    assert.deepEqual(
      [
        asStaff.can.judge,
        asStaff.can.proposeJudgement,
        asBoss.can.judge,
        asBoss.can.proposeJudgement,
        asCentral.can.unlinkCounterpart,
        asBoss.can.unlinkCounterpart,
      ],
      // The supervisor is also listed as present (previous test), so may propose as well as judge.
      [false, true, true, true, true, false],
    );
    // What the server offers is what it accepts.
    assert.equal((await staff.post(`/api/incidents/${id}/transitions`, { to: "under_review" })).status, 403);
  });

  test("a missing reason names the axis as the form does, in Japanese and English", async () => {
    const missing = { ...judgement, meansAppropriate: { answer: "no", reason: "  " } };
    const ja = await supervisor.request("PUT", `/api/incidents/${id}/judgement`, missing);
    assert.equal(ja.status, 422);
    assert.equal(ja.body.error.message, "判断の各観点に理由を記入してください(未記入: ② 手段・態様は社会通念上相当か)。");
    await supervisor.patch("/api/me", { locale: "en" });
    const en = await supervisor.request("PUT", `/api/incidents/${id}/judgement`, missing);
    await supervisor.patch("/api/me", { locale: "ja" });
    assert.match(en.body.error.message, /missing: ② Are the means and manner socially acceptable\?/);
    assert.doesNotMatch(en.body.error.message + ja.body.error.message, /meansAppropriate/);

    const judged = await supervisor.request("PUT", `/api/incidents/${id}/judgement`, judgement);
    assert.equal(judged.status, 200, judged.text);
    assert.deepEqual(judged.body.allowedTransitions, ["response_done", "under_review"]);
    assert.deepEqual((await staff.get(`/api/incidents/${id}`)).body.allowedTransitions, ["response_done"]);
  });

  test("the PDF: A4, Japanese, font embedded, the record, the words, the reasons per axis; audited like a read", async () => {
    const r = await download(srv, staff, `/api/incidents/${id}/pdf`);
    assert.equal(r.status, 200);
    assert.equal(r.type, "application/pdf");
    const file = path.join(dir, `${engine}.pdf`);
    fs.writeFileSync(file, r.bytes);
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    assert.match(fonts, /BIZUDPGothic/);
    for (const line of fonts.split("\n").filter((l) => l.includes("BIZUDPGothic")))
      assert.match(line, /\byes\s+yes\s+(yes|no)\s+\d+/, `embedded subset: ${line}`);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
    for (const expected of [
      `事案記録 ${number}`,
      "取扱注意",
      "判断結果: 該当(判断済)",
      "本庁舎1階 市民課窓口",
      "「この税金泥棒!」",
      "(行為)「カウンターを拳で叩く」",
      "① 要求内容は妥当か",
      "妥当でない — 手数料は条例どおりで、市に誤りはない",
      "相当でない — 「泥棒」と繰り返し怒鳴り、カウンターを叩いた",
      "害された — 応対した職員が体調を崩し、早退した",
      "一線を越えた時点",
    ]) {
      assert.ok(text.includes(expected), `the PDF says ${expected}:\n${text.slice(0, 2500)}`);
    }
    assert.match(text, /出力: .*泉 さくら.*1 \/ \d+ページ/s);
    assert.match(text, /2026年10月6日\(火\) 09:12/, "times are in Japan time");

    const audit = await srv.database.db
      .selectFrom("audit_log")
      .select(["action", "actor_username", "outcome"])
      .where("resource_id", "=", id)
      .where("action", "=", "incident.export_pdf")
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.actor_username, a.outcome]),
      [["staff", "success"]],
    );
  });

  test("another department's staff and admin (no case content) get 404 for the PDF; both are recorded as denied", async () => {
    assert.equal((await download(srv, staff2, `/api/incidents/${id}/pdf`)).status, 404);
    assert.equal((await download(srv, admin, `/api/incidents/${id}/pdf`)).status, 404);
    assert.equal((await download(srv, central, `/api/incidents/${id}/pdf`)).status, 200);
    const denied = await srv.database.db
      .selectFrom("audit_log")
      .select(["actor_username"])
      .where("resource_id", "=", id)
      .where("outcome", "=", "denied")
      .execute();
    assert.ok(denied.some((d) => d.actor_username === "staff2"));
    assert.ok(denied.some((d) => d.actor_username === "admin"));
  });

  test("lists are newest first by when it happened (created time when the start is unknown); the count stops 1,000 past the page", async () => {
    const undated = await staff.post("/api/incidents", { channel: "phone", summary: "開始時刻の分からない記録" });
    assert.equal(undated.status, 201);
    const older = await staff.post("/api/incidents", { channel: "phone", summary: "昨年の記録", startedAt: "2025-06-01T00:00:00.000Z" });
    const list = (await staff.get("/api/incidents?limit=50")).body;
    assert.equal(list.totalCapped, false);
    const ids = list.incidents.map((i: { id: string }) => i.id);
    assert.ok(ids.indexOf(undated.body.id) < ids.indexOf(id), "created today sorts before an October start");
    assert.ok(ids.indexOf(id) < ids.indexOf(older.body.id));
    const period = (
      await staff.get(`/api/incidents?from=${encodeURIComponent("2026-10-01T00:00:00.000Z")}&to=${encodeURIComponent("2026-11-01T00:00:00.000Z")}`)
    ).body;
    assert.deepEqual(
      period.incidents.map((i: { id: string }) => i.id),
      [id],
    );

    // 1,100 more records in one statement (spread over the past three years).
    await sql`
      INSERT INTO incidents (id, number, department_id, created_by, channel, summary, started_at, created_at, updated_at)
      SELECT gen_random_uuid(), '1999-' || lpad(g::text, 6, '0'), i.department_id, i.created_by, 'phone', '一括の記録 ' || g,
             timestamptz '2024-01-01 09:00+09' + g * interval '1 day' / 1.1, now(), now()
      FROM generate_series(1, 1100) g, (SELECT department_id, created_by FROM incidents WHERE id = ${id}) i`.execute(srv.database.db);
    const all = (await central.get("/api/incidents?limit=50")).body;
    assert.equal(all.totalCapped, true);
    assert.equal(all.total, 1050);
    assert.equal(all.incidents.length, 50);
    const starts = all.incidents.map((i: { startedAt: string | null; createdAt: string }) => Date.parse(i.startedAt ?? i.createdAt));
    assert.deepEqual(
      starts,
      [...starts].sort((a: number, b: number) => b - a),
      "newest first",
    );
    const rows = Number(
      (
        await srv.database.db
          .selectFrom("incidents")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const deep = (await central.get("/api/incidents?limit=50&offset=1000")).body;
    assert.equal(deep.totalCapped, false, "within 1,000 past the page the count is exact");
    assert.equal(deep.total, rows);
    const exact = (await central.get(`/api/incidents?q=${encodeURIComponent("泥棒")}&limit=5`)).body;
    assert.ok(exact.incidents.some((i: { id: string }) => i.id === id));
  });
});
