import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { generateIncidents } from "../demo/incidents.ts";
import { cliContext } from "../platform/context.ts";

const JUDGEMENT = {
  demandLegitimate: { answer: "no", reason: "市に過失はない" },
  meansAppropriate: { answer: "no", reason: "大声で侮辱し机を叩いた" },
  environmentHarmed: { answer: "yes", reason: "窓口が止まった" },
  exclusions: { sincereComplaint: false, reasonableAccommodation: false, reason: "" },
  crossedAt: null,
};

/**
 * FY2015 (平成27年度) holds a hand-made set: 戸籍住民課 has three short contacts, 保護課 one long
 * contact with three staff — so 戸籍住民課 ranks first by count and 保護課 first by staff-hours.
 */
describeEachEngine("analytics: dashboard, exports and reports over HTTP", (engine) => {
  let srv: TestServer;
  let central: Client;
  let supervisor: Client;
  let staff: Client;
  let supervisor2: Client;
  let koseki: string;
  let hogo: string;
  let harassmentId: string;

  before(async () => {
    srv = await startTestServer(engine);
    [central, supervisor, staff, supervisor2] = await Promise.all([srv.as("central"), srv.as("supervisor"), srv.as("staff"), srv.as("supervisor2")]);
    const db = srv.database.db;
    const dept = async (code: string) => (await db.selectFrom("departments").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    koseki = await dept("ku-koseki");
    hogo = await dept("fukushi-hogo");
    const users = await db.selectFrom("users").select(["id", "username"]).execute();
    const uid = (u: string) => users.find((x) => x.username === u)?.id as string;
    const file = async (body: Record<string, unknown>, as = staff) => {
      const r = await as.post("/api/incidents", { summary: "集計試験", report: true, ...body });
      assert.equal(r.status, 201, r.text);
      return r.body as { id: string; counterpart: { id: string } };
    };
    let counterpartId: string | null = null;
    for (const [i, day] of [10, 11, 12].entries()) {
      const created = await file({
        departmentId: koseki,
        channel: "counter",
        groups: [2],
        startedAt: `2015-06-${day}T01:00:00.000Z`,
        endedAt: `2015-06-${day}T01:20:00.000Z`,
        staff: [{ userId: uid("staff"), role: "responder" }],
        ...(counterpartId ? { counterpartId } : { counterpart: { type: "resident", name: "集計 太郎", phone: "090-1111-2222" } }),
        quotes: [{ text: "ふざけるな" }],
      });
      counterpartId = created.counterpart.id;
      if (i === 0) harassmentId = created.id;
    }
    await file({
      departmentId: hogo,
      channel: "phone",
      groups: [1],
      startedAt: "2015-09-01T01:00:00.000Z",
      endedAt: "2015-09-01T03:00:00.000Z",
      staff: [
        { userId: uid("supervisor2"), role: "responder" },
        { userId: uid("staff2"), role: "present" },
        { userId: uid("central"), role: "recorder" },
      ],
    }, supervisor2);
    assert.equal((await supervisor.post(`/api/incidents/${harassmentId}/transitions`, { to: "under_review" })).status, 200);
    const j = await supervisor.request("PUT", `/api/incidents/${harassmentId}/judgement`, JUDGEMENT);
    assert.equal(j.status, 200, j.text);
    // Generated demo data around today, so the current year has realistic volume too.
    await generateIncidents(db, cliContext(null), { count: 150, seed: 7 });
  });
  after(async () => srv?.close());

  test("central sees the organisation: received and judged harassment apart, and the two rankings differ", async () => {
    const r = await central.get("/api/analytics/dashboard?fiscalYear=2015");
    assert.equal(r.status, 200, r.text);
    const d = r.body;
    assert.equal(d.period.wareki, "平成27年度");
    assert.equal(d.period.seireki, "2015年度");
    assert.deepEqual(d.totals, { received: 4, harassment: 1, policeContacted: 0, staffHours: 7 });
    assert.equal(d.byMonth.length, 12);
    assert.deepEqual(d.byMonth.find((m: { key: string }) => m.key === "2015-06"), { key: "2015-06", label: { ja: "平成27年6月", en: "2015-06" }, received: 3, harassment: 1 });
    assert.equal(d.departments.byCount[0].departmentId, koseki);
    assert.equal(d.departments.byCount[0].count, 3);
    assert.equal(d.departments.byHours[0].departmentId, hogo);
    assert.equal(d.departments.byHours[0].hours, 6, "2 hours × 3 staff");
    assert.equal(d.byGroup.find((g: { key: string }) => g.key === "2").count, 3);
    assert.equal(d.byChannel.find((g: { key: string }) => g.key === "phone").count, 1);
    assert.equal(d.byOutcome.find((g: { key: string }) => g.key === "harassment").count, 1);
    assert.equal(d.byOutcome.find((g: { key: string }) => g.key === "not_judged").count, 3);
    assert.deepEqual(
      d.repeatCounterparts.find((b: { key: string }) => b.key === "3-4"),
      { key: "3-4", label: { ja: "3-4件", en: "3-4" }, counterparts: 1, incidents: 3 },
    );
    assert.ok(d.choices.fiscalYears.some((y: { fiscalYear: number; label: { ja: string } }) => y.fiscalYear === 2015 && y.label.ja === "平成27年度(2015年度)"));
    assert.ok(d.measures.consultations, "central sees consultation counts");
    assert.ok(d.measures.acknowledgement && d.measures.acknowledgement.staffCount > 0, "and the policy acknowledgement rate");
    assert.ok(Array.isArray(d.measures.training) && d.measures.training.length > 0, "and training completion per module");
    const audit = await srv.database.db.selectFrom("audit_log").select("action").where("action", "=", "analytics.dashboard").execute();
    assert.ok(audit.length >= 1);
  });

  test("a supervisor sees only their department subtree; staff see no dashboard", async () => {
    const r = await supervisor.get("/api/analytics/dashboard?fiscalYear=2015");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.totals.received, 3);
    assert.deepEqual(r.body.departments.byCount.map((x: { departmentId: string }) => x.departmentId), [koseki]);
    assert.equal(r.body.measures.consultations, null, "consultation statistics are not the supervisor's");
    assert.equal(r.body.measures.acknowledgement, null);
    assert.equal((await supervisor.get(`/api/analytics/dashboard?fiscalYear=2015&departmentId=${hogo}`)).status, 403);
    assert.equal((await staff.get("/api/analytics/dashboard")).status, 403);
  });

  test("a period without data gives empty figures, not an error; bad periods get a clear message", async () => {
    const r = await central.get("/api/analytics/dashboard?fiscalYear=2001");
    assert.equal(r.status, 200);
    assert.equal(r.body.totals.received, 0);
    assert.ok(r.body.byMonth.every((m: { received: number }) => m.received === 0));
    assert.deepEqual(r.body.departments.byCount, []);
    const bad = await central.get("/api/analytics/reports/monthly.pdf?month=2015-13");
    assert.equal(bad.status, 422);
    assert.match(bad.body.error.message, /YYYY-MM/);
  });

  test("CSV export: UTF-8 with BOM, chosen columns, personal data only when central asks; audited", async () => {
    const raw = await fetch(`${srv.baseUrl}/api/analytics/incidents.csv?fiscalYear=2015&columns=number,department,staff_hours,counterpart_name`, { headers: { cookie: central.cookie as string } });
    assert.equal(raw.status, 200);
    const bytes = Buffer.from(await raw.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
    const text = bytes.subarray(3).toString("utf8");
    const lines = text.trim().split("\r\n");
    assert.equal(lines[0], "事案番号,所属,職員時間(時間)", "the personal column was left out without the opt-in");
    assert.equal(lines.length, 5);
    assert.ok(lines.some((l) => l.endsWith(",6")), "the long contact: 6 staff-hours");
    assert.ok(!text.includes("集計 太郎"));
    const personal = await central.get("/api/analytics/incidents.csv?fiscalYear=2015&columns=number,counterpart_name,quotes&personal=true");
    assert.ok(personal.text.includes("集計 太郎") && personal.text.includes("ふざけるな"));
    assert.equal((await supervisor.get("/api/analytics/incidents.csv?fiscalYear=2015&personal=true")).status, 403);
    const sup = await supervisor.get("/api/analytics/incidents.csv?fiscalYear=2015");
    assert.equal(sup.text.trim().split("\r\n").length, 4, "the supervisor's export is their scope");
    const unknown = await central.get("/api/analytics/incidents.csv?columns=number,password");
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, "export_columns_invalid");
    const audits = await srv.database.db.selectFrom("audit_log").select(["details", "actor_username"]).where("action", "=", "analytics.export").execute();
    assert.ok(audits.some((a) => a.actor_username === "central" && (a.details as { personal: boolean }).personal === true));
  });

  test("XLSX export opens with Japanese intact", async () => {
    const res = await fetch(`${srv.baseUrl}/api/analytics/incidents.xlsx?fiscalYear=2015`, { headers: { cookie: central.cookie as string } });
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    assert.ok(ws);
    assert.equal(ws.name, "事案一覧");
    assert.equal(ws.getRow(1).getCell(1).value, "事案番号");
    assert.equal(ws.rowCount, 5);
    const depts = [2, 3, 4, 5].map((i) => ws.getRow(i).getCell(3).value);
    assert.ok(depts.includes("保護課(福祉事務所)") || depts.some((d) => String(d).includes("保護課")), String(depts));
  });

  test("annual and monthly reports are PDFs with the embedded Japanese font", async () => {
    for (const url of ["/api/analytics/reports/annual.pdf?fiscalYear=2015", "/api/analytics/reports/monthly.pdf?month=2015-06", "/api/analytics/reports/annual.pdf?fiscalYear=2001"]) {
      const res = await fetch(`${srv.baseUrl}${url}`, { headers: { cookie: central.cookie as string } });
      assert.equal(res.status, 200, url);
      const pdf = Buffer.from(await res.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
      assert.ok(pdf.includes("BIZUDPGothic"), "font embedded");
    }
    assert.equal((await staff.get("/api/analytics/reports/annual.pdf")).status, 403);
  });
});
