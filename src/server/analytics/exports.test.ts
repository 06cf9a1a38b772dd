import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import { describeEachEngine, openTestDatabase, type TestDatabase } from "../../../test/helpers/db.ts";
import { generateIncidents } from "../demo/incidents.ts";
import { seedDemo } from "../demo/seed.ts";
import { cliContext } from "../platform/context.ts";
import { DEFAULT_COLUMNS, streamCsv, streamXlsx } from "./exports.ts";

/** More rows than one keyset batch (2,000), so the export crosses batch boundaries and waits for the zip to drain between them. */
const ROWS = 2_345;
const ALL = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z"), departmentIds: null };

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    stream
      .pipe(
        new Writable({
          highWaterMark: 1024, // a slow, small-buffered reader: the writer must wait for it
          write(chunk: Buffer, _enc, cb) {
            chunks.push(chunk);
            setImmediate(cb);
          },
        }),
      )
      .on("finish", resolve)
      .on("error", reject);
  });
  return Buffer.concat(chunks);
}

describeEachEngine("incident export across batches", (engine) => {
  let database: TestDatabase;
  before(async () => {
    database = await openTestDatabase(engine);
    await seedDemo(database.db, "export-test-password-2026");
    await generateIncidents(database.db, cliContext(null), { count: ROWS, seed: 7 });
  });
  after(async () => database?.close());

  test("the XLSX has every row once, opens with exceljs, Japanese intact", async () => {
    const prepared = { scope: ALL, columns: DEFAULT_COLUMNS, personal: false, fiscalYear: 0, en: false };
    const bytes = await collect(streamXlsx(database.db, prepared));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    const ws = wb.worksheets[0];
    assert.ok(ws);
    assert.equal(ws.name, "事案一覧");
    assert.equal(ws.rowCount, ROWS + 1, "header and every incident");
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ["事案番号", "発生日時", "所属", "受付方法", "行為類型", "状態", "判断", "警察対応", "対応時間(分)", "対応職員数", "職員時間(時間)", "相手方の区分"]);
    const numbers = new Set<string>();
    const departments = new Set<string>();
    ws.eachRow((row, i) => {
      if (i === 1) return;
      numbers.add(String(row.getCell(1).value));
      departments.add(String(row.getCell(3).value));
    });
    assert.equal(numbers.size, ROWS, "no incident twice across batch boundaries");
    const names = (await database.db.selectFrom("departments").select("name_ja").execute()).map((d) => d.name_ja);
    for (const d of departments) assert.ok(names.includes(d), `department name intact: ${d}`);
    assert.ok([...departments].some((d) => /[一-龯]/.test(d)));
  });

  test("the CSV has the same rows, UTF-8 with BOM", async () => {
    const prepared = { scope: ALL, columns: DEFAULT_COLUMNS, personal: false, fiscalYear: 0, en: false };
    const bytes = await collect(streamCsv(database.db, prepared));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trim().split("\r\n");
    assert.equal(lines.length, ROWS + 1);
    assert.ok(lines[0]?.startsWith("事案番号,発生日時,所属"));
  });
});
