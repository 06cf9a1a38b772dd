import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.ts";
import { requestContext } from "../platform/http/env.ts";
import { createRouter } from "../platform/http/router.ts";
import { errorResponses, jsonOk } from "../platform/http/schemas.ts";
import { prepareExport, streamCsv, streamXlsx } from "./exports.ts";
import { report } from "./reports.ts";
import * as service from "./service.ts";

const tags = ["analytics"];
const PeriodQuery = z.object({
  fiscalYear: z.coerce.number().int().optional().openapi({ description: "Fiscal year (April–March) as its starting Western year: 2024 = 令和6年度" }),
  departmentId: z.uuid().optional().openapi({ description: "One department with its sub-departments" }),
});
const MonthQuery = PeriodQuery.extend({ month: z.string().openapi({ example: "2024-05" }) });
const ExportQuery = PeriodQuery.extend({
  columns: z.string().optional().openapi({ description: "Comma-separated column keys (default: every non-personal column)" }),
  personal: z.enum(["true", "false"]).optional().openapi({ description: "Include counterpart names, contacts and verbatim quotes (central only)" }),
});
const binary = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string().openapi({ format: "binary" }) } } });
const stamp = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

export function analyticsRoutes(db: Kysely<Database>) {
  const r = createRouter();

  r.openapi(
    createRoute({ method: "get", path: "/analytics/dashboard", tags, summary: "Dashboard figures for a fiscal year and department (central: organisation-wide; supervisors: their departments)", request: { query: PeriodQuery }, responses: { 200: jsonOk(z.any()), ...errorResponses } }),
    async (c) => c.json(await service.dashboard(db, requestContext(c), c.req.valid("query")), 200),
  );

  for (const format of ["csv", "xlsx"] as const) {
    r.openapi(
      createRoute({
        method: "get",
        path: `/analytics/incidents.${format}`,
        tags,
        summary: `The filtered incident list as ${format === "csv" ? "CSV (UTF-8 with BOM)" : "XLSX"}, streamed; the export is audited`,
        request: { query: ExportQuery },
        responses: { 200: binary(format === "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format.toUpperCase()), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid("query");
        const prepared = await prepareExport(db, requestContext(c), { ...q, columns: q.columns?.split(",").map((s) => s.trim()).filter(Boolean), personal: q.personal === "true" }, format);
        const stream = format === "csv" ? streamCsv(db, prepared) : streamXlsx(db, prepared);
        return new Response(Readable.toWeb(stream) as ReadableStream, {
          status: 200,
          headers: {
            "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "content-disposition": `attachment; filename="mamoru-incidents-${prepared.fiscalYear}-${stamp()}.${format}"`,
            "cache-control": "no-store",
          },
        });
      },
    );
  }

  r.openapi(
    createRoute({ method: "get", path: "/analytics/reports/annual.pdf", tags, summary: "Annual report of a fiscal year as PDF (和暦 and 西暦)", request: { query: PeriodQuery }, responses: { 200: binary("application/pdf", "PDF"), ...errorResponses } }),
    async (c) => {
      const { pdf, filename } = await report(db, requestContext(c), "annual", c.req.valid("query"));
      return c.body(new Uint8Array(pdf), 200, { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"` });
    },
  );
  r.openapi(
    createRoute({ method: "get", path: "/analytics/reports/monthly.pdf", tags, summary: "Monthly report as PDF", request: { query: MonthQuery }, responses: { 200: binary("application/pdf", "PDF"), ...errorResponses } }),
    async (c) => {
      const { pdf, filename } = await report(db, requestContext(c), "monthly", c.req.valid("query"));
      return c.body(new Uint8Array(pdf), 200, { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"` });
    },
  );
  return r;
}
