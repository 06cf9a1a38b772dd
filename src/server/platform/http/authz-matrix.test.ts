import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachEngine } from "../../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../../test/helpers/server.ts";
import { LIVE_ASSIST_ROWS, liveAssistFixture } from "../../../../test/helpers/live-assist-matrix.ts";
import { POLICY_TRAINING_ROWS, policyTrainingFixture } from "../../../../test/helpers/policy-training-matrix.ts";

/**
 * Every role × every API route. Each route lists the roles allowed; everyone else must get 401
 * (anonymous), 403 or 404 — and the test fails if a route exists in the OpenAPI document without
 * a row here, so new routes cannot slip in unreviewed.
 */
type Role = "anonymous" | "staff" | "supervisor" | "desk" | "central" | "admin" | "auditor";
const SIGNED_IN: Role[] = ["staff", "supervisor", "desk", "central", "admin", "auditor"];

interface Fixture {
  otherUserId: string; // a user that is not the caller (staff2)
  ownUserId: Record<Role, string>;
  otherTokenId: string; // a token that belongs to central
  departmentId: string;
  consultationId: string; // a named consultation of staff
  triageMessageId: string; // a message in the inbox of staff's department (the supervisor's too)
  consultationAttachmentId: string; // a file staff attached to it
  incidents: IncidentFixture;
  documents: { counterpartId: string; letterId: string; packageId: string; restrictionId: string };
  evidence: { contentId: string; updateId: string; deleteId: string }; // files staff attached to incidents.incidentId
}

/** Incidents filed by `staff` in the supervisor's department, and what hangs off them. */
interface IncidentFixture {
  incidentId: string;
  unlinkIncidentId: string;
  knownCounterpartId: string;
  mergeTargetId: string;
  mergeSourceId: string;
  ruleId: string;
  queueId: string;
  centralNotificationId: string;
}

const CASE_ROLES: Role[] = ["staff", "supervisor", "central"];

/** A multipart upload of a small text file (consultation attachments). */
function attachmentForm(fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([Buffer.from("行列試験の添付")], { type: "text/plain" }), "matrix.txt");
  return form;
}
const JUDGEMENT = {
  demandLegitimate: { answer: "no", reason: "市に過失はない" },
  meansAppropriate: { answer: "no", reason: "大声で侮辱した" },
  environmentHarmed: { answer: "yes", reason: "窓口が止まった" },
  exclusions: { sincereComplaint: false, reasonableAccommodation: false, reason: "" },
  crossedAt: null,
};

interface Row {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string; // as in the OpenAPI document
  allowed: Role[] | "public";
  url: (f: Fixture, as: Role) => string;
  body?: (f: Fixture, as: Role) => unknown;
}

const MATRIX: Row[] = [
  { method: "POST", path: "/api/auth/login", allowed: "public", url: () => "/api/auth/login", body: () => ({ username: "nobody", password: "x" }) },
  { method: "GET", path: "/api/me", allowed: SIGNED_IN, url: () => "/api/me" },
  { method: "PATCH", path: "/api/me", allowed: SIGNED_IN, url: () => "/api/me", body: () => ({ locale: "ja" }) },
  { method: "POST", path: "/api/auth/password", allowed: SIGNED_IN, url: () => "/api/auth/password", body: () => ({ currentPassword: "wrong", newPassword: "whatever-long-enough" }) },
  { method: "GET", path: "/api/tokens", allowed: SIGNED_IN, url: () => "/api/tokens" },
  { method: "POST", path: "/api/tokens", allowed: SIGNED_IN, url: () => "/api/tokens", body: () => ({ name: "matrix" }) },
  // revoking central's token: only central (owner) and admin (offboarding)
  { method: "DELETE", path: "/api/tokens/{id}", allowed: ["central", "admin"], url: (f) => `/api/tokens/${f.otherTokenId}` },
  { method: "GET", path: "/api/users", allowed: ["admin"], url: () => "/api/users" },
  { method: "POST", path: "/api/users", allowed: ["admin"], url: () => "/api/users", body: (_f, as) => ({ username: `matrix-${as}`, displayName: "行列 試験", roles: [] }) },
  { method: "GET", path: "/api/users/{id}", allowed: ["admin"], url: (f) => `/api/users/${f.otherUserId}` },
  { method: "PATCH", path: "/api/users/{id}", allowed: ["admin"], url: (f) => `/api/users/${f.otherUserId}`, body: () => ({ locale: "ja" }) },
  { method: "POST", path: "/api/users/{id}/reset-password", allowed: ["admin"], url: (f) => `/api/users/${f.otherUserId}/reset-password` },
  { method: "GET", path: "/api/departments", allowed: SIGNED_IN, url: () => "/api/departments" },
  { method: "POST", path: "/api/departments", allowed: ["admin"], url: () => "/api/departments", body: (_f, as) => ({ code: `m-${as}`, nameJa: "試験課", nameEn: "Test" }) },
  { method: "PATCH", path: "/api/departments/{id}", allowed: ["admin"], url: (f) => `/api/departments/${f.departmentId}`, body: () => ({ nameEn: "Renamed" }) },
  { method: "GET", path: "/api/audit", allowed: ["auditor"], url: () => "/api/audit" },
  { method: "GET", path: "/api/audit/export.csv", allowed: ["auditor"], url: () => "/api/audit/export.csv" },
  { method: "GET", path: "/api/audit/verify", allowed: ["auditor", "admin"], url: () => "/api/audit/verify" },
  { method: "GET", path: "/api/public-notice/settings", allowed: ["central"], url: () => "/api/public-notice/settings" },
  { method: "PATCH", path: "/api/public-notice/settings", allowed: ["central"], url: () => "/api/public-notice/settings", body: () => ({ phone: "022-000-0000" }) },
  { method: "PUT", path: "/api/public-notice/logo", allowed: ["central"], url: () => "/api/public-notice/logo", body: () => ({ dataBase64: "bm90IGFuIGltYWdl" }) },
  { method: "DELETE", path: "/api/public-notice/logo", allowed: ["central"], url: () => "/api/public-notice/logo" },
  { method: "GET", path: "/api/public-notice/sections/{locale}", allowed: ["central"], url: () => "/api/public-notice/sections/ko" },
  { method: "PUT", path: "/api/public-notice/sections/{locale}/{sectionId}", allowed: ["central"], url: () => "/api/public-notice/sections/ko/contact", body: () => ({ markdown: "문의해 주십시오." }) },
  { method: "DELETE", path: "/api/public-notice/sections/{locale}/{sectionId}", allowed: ["central"], url: () => "/api/public-notice/sections/ko/contact" },
  { method: "POST", path: "/api/public-notice/preview", allowed: ["central"], url: () => "/api/public-notice/preview", body: () => ({ markdown: "**x**" }) },
  // posters go up at the counters: central, supervisors and staff may download them
  { method: "GET", path: "/api/posters/{file}", allowed: ["central", "supervisor", "staff"], url: () => "/api/posters/basic-stance.pdf?size=A4" },
  // incidents: staff (who filed them), the supervisor of the department and central; never desk, admin or auditor
  { method: "GET", path: "/api/incident-vocabulary", allowed: SIGNED_IN, url: () => "/api/incident-vocabulary" },
  { method: "POST", path: "/api/incidents", allowed: CASE_ROLES, url: () => "/api/incidents", body: () => ({ channel: "phone", summary: "行列試験" }) },
  { method: "GET", path: "/api/incidents", allowed: CASE_ROLES, url: () => "/api/incidents" },
  { method: "GET", path: "/api/incidents/{id}", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}` },
  { method: "GET", path: "/api/incidents/{id}/pdf", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}/pdf` },
  { method: "GET", path: "/api/incidents/{id}/staff-candidates", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}/staff-candidates` },
  { method: "PATCH", path: "/api/incidents/{id}", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}`, body: () => ({ version: 1, place: "1階窓口" }) },
  { method: "GET", path: "/api/incidents/{id}/counterpart-suggestions", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}/counterpart-suggestions` },
  { method: "PUT", path: "/api/incidents/{id}/counterpart", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}/counterpart`, body: (f) => ({ counterpartId: f.incidents.knownCounterpartId }) },
  { method: "POST", path: "/api/incidents/{id}/judgement-proposals", allowed: ["staff"], url: (f) => `/api/incidents/${f.incidents.incidentId}/judgement-proposals`, body: () => JUDGEMENT },
  // reported → under review: the department's supervisor or central (the staff member who filed it may not)
  { method: "POST", path: "/api/incidents/{id}/transitions", allowed: ["supervisor", "central"], url: (f) => `/api/incidents/${f.incidents.incidentId}/transitions`, body: () => ({ to: "under_review" }) },
  { method: "PUT", path: "/api/incidents/{id}/judgement", allowed: ["supervisor", "central"], url: (f) => `/api/incidents/${f.incidents.incidentId}/judgement`, body: () => JUDGEMENT },
  { method: "POST", path: "/api/incidents/{id}/counterpart/unlink", allowed: ["central"], url: (f) => `/api/incidents/${f.incidents.unlinkIncidentId}/counterpart/unlink`, body: () => ({ reason: "別人と判明" }) },
  // evidence follows its incident: who may see it may list, play and download; who may edit it may attach and set the notice flag
  { method: "GET", path: "/api/incidents/{id}/evidence", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}/evidence` },
  { method: "POST", path: "/api/incidents/{id}/evidence", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}/evidence`, body: () => evidenceForm() },
  { method: "GET", path: "/api/evidence/{id}/content", allowed: CASE_ROLES, url: (f) => `/api/evidence/${f.evidence.contentId}/content` },
  { method: "PATCH", path: "/api/evidence/{id}", allowed: CASE_ROLES, url: (f) => `/api/evidence/${f.evidence.updateId}`, body: () => ({ version: 1, note: "行列試験" }) },
  // deleting by hand: the department's supervisor and central (the first deletes; the second finds it already deleted)
  { method: "POST", path: "/api/evidence/{id}/deletion", allowed: ["supervisor", "central"], url: (f) => `/api/evidence/${f.evidence.deleteId}/deletion`, body: () => ({ reason: "行列試験の削除" }) },
  { method: "GET", path: "/api/counterparts/{id}", allowed: CASE_ROLES, url: (f) => `/api/counterparts/${f.incidents.knownCounterpartId}` },
  { method: "POST", path: "/api/counterparts/{id}/merge", allowed: ["central"], url: (f) => `/api/counterparts/${f.incidents.mergeTargetId}/merge`, body: (f) => ({ sourceId: f.incidents.mergeSourceId, reason: "同一人物" }) },
  { method: "GET", path: "/api/report-rules", allowed: ["central"], url: () => "/api/report-rules" },
  { method: "POST", path: "/api/report-rules", allowed: ["central"], url: () => "/api/report-rules", body: () => ({ name: "警察対応は即時報告", conditions: { police: true } }) },
  { method: "PATCH", path: "/api/report-rules/{id}", allowed: ["central"], url: (f) => `/api/report-rules/${f.incidents.ruleId}`, body: () => ({ name: "暴言・暴力は即時報告" }) },
  { method: "GET", path: "/api/central-queue", allowed: ["central"], url: () => "/api/central-queue" },
  { method: "POST", path: "/api/central-queue/{id}/acknowledge", allowed: ["central"], url: (f) => `/api/central-queue/${f.incidents.queueId}/acknowledge` },
  { method: "DELETE", path: "/api/report-rules/{id}", allowed: ["central"], url: (f) => `/api/report-rules/${f.incidents.ruleId}` },
  { method: "GET", path: "/api/notifications", allowed: SIGNED_IN, url: () => "/api/notifications" },
  // a notification is its recipient's alone: everyone else gets 404
  { method: "POST", path: "/api/notifications/{id}/read", allowed: ["central"], url: (f) => `/api/notifications/${f.incidents.centralNotificationId}/read` },
  // Consultations: need-to-know. Supervisor, central, admin and auditor are refused every content route (404 hides that it exists).
  // The supervisor account also holds the staff role, so it may consult and list its own (never anyone else's).
  { method: "GET", path: "/api/consultation-info", allowed: "public", url: () => "/api/consultation-info" },
  { method: "POST", path: "/api/consultations/anonymous", allowed: "public", url: () => "/api/consultations/anonymous", body: () => ({ category: "other", body: "行列試験" }) },
  { method: "POST", path: "/api/consultations/receipt/read", allowed: "public", url: () => "/api/consultations/receipt/read", body: () => ({ code: "ABCDE-FGHJK-MNPQR-STUVW" }) },
  { method: "POST", path: "/api/consultations/receipt/messages", allowed: "public", url: () => "/api/consultations/receipt/messages", body: () => ({ code: "ABCDE-FGHJK-MNPQR-STUVW", body: "x" }) },
  { method: "GET", path: "/api/consultation-statistics", allowed: ["desk", "central"], url: () => "/api/consultation-statistics" },
  { method: "GET", path: "/api/consultations", allowed: ["desk"], url: () => "/api/consultations" },
  { method: "GET", path: "/api/consultation-desk-members", allowed: ["desk"], url: () => "/api/consultation-desk-members" },
  { method: "POST", path: "/api/consultations", allowed: ["staff", "supervisor"], url: () => "/api/consultations", body: () => ({ category: "other", body: "行列試験" }) },
  { method: "GET", path: "/api/consultations/mine", allowed: ["staff", "supervisor"], url: () => "/api/consultations/mine" },
  { method: "GET", path: "/api/consultations/{id}", allowed: ["desk", "staff"], url: (f) => `/api/consultations/${f.consultationId}` },
  { method: "PATCH", path: "/api/consultations/{id}", allowed: ["desk"], url: (f) => `/api/consultations/${f.consultationId}`, body: () => ({ status: "in_progress" }) },
  { method: "POST", path: "/api/consultations/{id}/messages", allowed: ["desk", "staff"], url: (f) => `/api/consultations/${f.consultationId}/messages`, body: () => ({ body: "行列試験" }) },
  { method: "POST", path: "/api/consultations/{id}/notes", allowed: ["desk"], url: (f) => `/api/consultations/${f.consultationId}/notes`, body: () => ({ body: "行列試験" }) },
  { method: "POST", path: "/api/consultations/{id}/consent", allowed: ["staff"], url: (f) => `/api/consultations/${f.consultationId}/consent`, body: () => ({ incidentId: "7b0c1b9e-2f57-4a53-9d1e-3c1f2a4b5c6d" }) },
  { method: "DELETE", path: "/api/consultations/{id}/consent", allowed: ["staff"], url: (f) => `/api/consultations/${f.consultationId}/consent` },
  // Attachments: the desk and the consulting person only; the receipt routes answer anyone (the code is the key).
  { method: "POST", path: "/api/consultations/{id}/attachments", allowed: ["desk", "staff"], url: (f) => `/api/consultations/${f.consultationId}/attachments`, body: () => attachmentForm() },
  { method: "GET", path: "/api/consultations/{id}/attachments/{attachmentId}", allowed: ["desk", "staff"], url: (f) => `/api/consultations/${f.consultationId}/attachments/${f.consultationAttachmentId}` },
  { method: "POST", path: "/api/consultations/receipt/attachments", allowed: "public", url: () => "/api/consultations/receipt/attachments", body: () => attachmentForm({ code: "ABCDE-FGHJK-MNPQR-STUVW" }) },
  { method: "POST", path: "/api/consultations/receipt/attachments/download", allowed: "public", url: () => "/api/consultations/receipt/attachments/download", body: (f) => ({ code: "ABCDE-FGHJK-MNPQR-STUVW", attachmentId: f.consultationAttachmentId }) },
  // triage: staff triage their department's inbox, its supervisor and central also review (override); lexicon changes are central's
  { method: "POST", path: "/api/triage/imports", allowed: CASE_ROLES, url: () => "/api/triage/imports", body: () => ({ source: "paste", text: "行列試験の問い合わせ" }) },
  { method: "GET", path: "/api/triage/messages", allowed: CASE_ROLES, url: () => "/api/triage/messages" },
  { method: "GET", path: "/api/triage/messages/{id}", allowed: CASE_ROLES, url: (f) => `/api/triage/messages/${f.triageMessageId}` },
  { method: "POST", path: "/api/triage/messages/{id}/overrides", allowed: ["supervisor", "central"], url: (f) => `/api/triage/messages/${f.triageMessageId}/overrides`, body: () => ({ flag: "none", groups: [], reason: "行列試験" }) },
  { method: "POST", path: "/api/triage/messages/{id}/incident", allowed: CASE_ROLES, url: (f) => `/api/triage/messages/${f.triageMessageId}/incident`, body: () => ({ channel: "email" }) },
  { method: "GET", path: "/api/triage/lexicon", allowed: CASE_ROLES, url: () => "/api/triage/lexicon" },
  { method: "POST", path: "/api/triage/lexicon/preview", allowed: ["central"], url: () => "/api/triage/lexicon/preview", body: () => ({ change: {} }) },
  { method: "GET", path: "/api/triage/labelled-examples.jsonl", allowed: ["central"], url: () => "/api/triage/labelled-examples.jsonl" },
  { method: "POST", path: "/api/triage/lexicon/versions", allowed: ["central"], url: () => "/api/triage/lexicon/versions", body: () => ({ basedOn: "old", note: "行列試験", change: {} }) },
  // analytics, exports and reports (issue 8): central organisation-wide, supervisors their departments; personal data in exports: central only
  { method: "GET", path: "/api/analytics/dashboard", allowed: ["supervisor", "central"], url: () => "/api/analytics/dashboard" },
  { method: "GET", path: "/api/analytics/incidents.csv", allowed: ["supervisor", "central"], url: () => "/api/analytics/incidents.csv" },
  { method: "GET", path: "/api/analytics/incidents.xlsx", allowed: ["supervisor", "central"], url: () => "/api/analytics/incidents.xlsx" },
  { method: "GET", path: "/api/analytics/reports/annual.pdf", allowed: ["supervisor", "central"], url: () => "/api/analytics/reports/annual.pdf" },
  { method: "GET", path: "/api/analytics/reports/monthly.pdf", allowed: ["supervisor", "central"], url: () => "/api/analytics/reports/monthly.pdf?month=2024-05" },
  ...LIVE_ASSIST_ROWS,
  ...POLICY_TRAINING_ROWS,
  // letters and restrictions (issue 8): issuing is the department's supervisor's or central's decision; templates are central's
  { method: "GET", path: "/api/letter-templates", allowed: ["supervisor", "central"], url: () => "/api/letter-templates" },
  { method: "PUT", path: "/api/letter-templates/{kind}", allowed: ["central"], url: () => "/api/letter-templates/warning", body: () => ({ title: "警告書", body: "{{conduct}}" }) },
  { method: "PUT", path: "/api/counterparts/{id}/postal-address", allowed: CASE_ROLES, url: (f) => `/api/counterparts/${f.documents.counterpartId}/postal-address`, body: () => ({ postalAddress: "仙台市青葉区国分町3-7-1" }) },
  { method: "GET", path: "/api/incidents/{id}/letters", allowed: CASE_ROLES, url: (f) => `/api/incidents/${f.incidents.incidentId}/letters` },
  { method: "GET", path: "/api/incidents/{id}/letters/preview", allowed: ["supervisor", "central"], url: (f) => `/api/incidents/${f.incidents.incidentId}/letters/preview?kind=warning` },
  { method: "POST", path: "/api/incidents/{id}/letters", allowed: ["supervisor", "central"], url: (f) => `/api/incidents/${f.incidents.incidentId}/letters`, body: () => ({ kind: "warning" }) },
  { method: "GET", path: "/api/letters/{id}/pdf", allowed: CASE_ROLES, url: (f) => `/api/letters/${f.documents.letterId}/pdf` },
  { method: "GET", path: "/api/restrictions", allowed: ["supervisor", "central"], url: () => "/api/restrictions" },
  { method: "GET", path: "/api/counterparts/{id}/restrictions", allowed: CASE_ROLES, url: (f) => `/api/counterparts/${f.documents.counterpartId}/restrictions` },
  { method: "POST", path: "/api/counterparts/{id}/restrictions", allowed: ["supervisor", "central"], url: (f) => `/api/counterparts/${f.documents.counterpartId}/restrictions`, body: (f) => ({ kind: "written_only", scope: "文書のみ", reason: "行列試験", incidentIds: [f.incidents.incidentId], startsOn: "2025-01-01", reviewOn: "2025-06-30" }) },
  { method: "PATCH", path: "/api/restrictions/{id}", allowed: ["supervisor", "central"], url: (f) => `/api/restrictions/${f.documents.restrictionId}`, body: () => ({ reviewOn: "2025-09-30" }) },
  // police/lawyer packages (issue 8): the department's supervisor or central asks, central approves; the download is the requester's (here central's) or central's
  { method: "POST", path: "/api/incidents/{id}/packages", allowed: ["supervisor", "central"], url: (f) => `/api/incidents/${f.incidents.incidentId}/packages`, body: () => ({ purpose: "lawyer", reason: "行列試験" }) },
  { method: "GET", path: "/api/incidents/{id}/packages", allowed: ["supervisor", "central"], url: (f) => `/api/incidents/${f.incidents.incidentId}/packages` },
  { method: "POST", path: "/api/case-packages/{id}/approve", allowed: ["central"], url: (f) => `/api/case-packages/${f.documents.packageId}/approve` },
  { method: "GET", path: "/api/case-packages/{id}/download", allowed: ["central"], url: (f) => `/api/case-packages/${f.documents.packageId}/download` },
  { method: "GET", path: "/api/signing-key.pem", allowed: ["supervisor", "central"], url: () => "/api/signing-key.pem" },
  // last: it ends each client's session
  { method: "POST", path: "/api/auth/logout", allowed: "public", url: () => "/api/auth/logout" },
];

async function incidentFixture(clients: Map<Role, Client>): Promise<IncidentFixture> {
  const staff = clients.get("staff") as Client;
  const central = clients.get("central") as Client;
  const rule = await central.post("/api/report-rules", { name: "暴言・暴力・脅迫は即時報告", conditions: { groups: [2] } });
  const file = async (body: Record<string, unknown>) => (await staff.post("/api/incidents", { channel: "counter", summary: "行列試験", ...body })).body;
  const incident = await file({ groups: [2], report: true, counterpart: { type: "resident", phone: "090-0000-1111" } });
  const known = await file({ counterpart: { type: "resident", phone: "090-0000-1111" } });
  const unlink = await file({ counterpart: { type: "unknown", name: "匿名の電話" } });
  const target = await file({ counterpart: { type: "resident", name: "仙台 一郎" } });
  const source = await file({ counterpart: { type: "resident", name: "仙台 一朗" } });
  const queue = await central.get("/api/central-queue");
  const notes = await central.get("/api/notifications");
  return {
    incidentId: incident.id,
    unlinkIncidentId: unlink.id,
    knownCounterpartId: known.counterpart.id,
    mergeTargetId: target.counterpart.id,
    mergeSourceId: source.counterpart.id,
    ruleId: rule.body.id,
    queueId: queue.body.items[0].id,
    centralNotificationId: notes.body.notifications[0].id,
  };
}

/** A small PDF as a multipart form (evidence uploads are multipart, not JSON). */
function evidenceForm(): FormData {
  const f = new FormData();
  f.append("file", new Blob([new TextEncoder().encode("%PDF-1.4\n行列試験\n%%EOF\n")], { type: "application/pdf" }), "matrix.pdf");
  return f;
}

/** Three files staff attaches to the incident: one to read, one to edit, one to delete. */
async function evidenceFixture(clients: Map<Role, Client>, incidentId: string) {
  const staff = clients.get("staff") as Client;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await staff.request("POST", `/api/incidents/${incidentId}/evidence`, evidenceForm())).body.id);
  return { contentId: ids[0] as string, updateId: ids[1] as string, deleteId: ids[2] as string };
}

/** A letter issued by central on the staff member's incident (its counterpart gets an address first). */
async function documentFixture(clients: Map<Role, Client>, incidentId: string) {
  const central = clients.get("central") as Client;
  const incident = await central.get(`/api/incidents/${incidentId}`);
  const counterpartId = incident.body.counterpart.id as string;
  await central.request("PUT", `/api/counterparts/${counterpartId}/postal-address`, { postalAddress: "仙台市青葉区国分町3-7-1" });
  const letter = await central.post(`/api/incidents/${incidentId}/letters`, { kind: "warning" });
  const pkg = await central.post(`/api/incidents/${incidentId}/packages`, { purpose: "police", reason: "行列試験" });
  const restriction = await central.post(`/api/counterparts/${counterpartId}/restrictions`, { kind: "written_only", scope: "文書のみ", reason: "行列試験", startsOn: "2025-01-01", reviewOn: "2025-06-30" });
  return { counterpartId, letterId: letter.body.id as string, packageId: pkg.body.id as string, restrictionId: restriction.body.id as string };
}

/** A refusal: 403, 404, or a 401 that is about not being signed in (a wrong password at login is not a refusal). */
const NOT_SIGNED_IN = new Set(["unauthenticated", "session_expired", "token_invalid"]);
const refused = (status: number, code: string | undefined) => status === 403 || (status === 401 && NOT_SIGNED_IN.has(code ?? ""));

describeEachEngine("authorization matrix: every role × every route", (engine) => {
  let srv: TestServer;
  const clients = new Map<Role, Client>();
  let fixture: Fixture;

  before(async () => {
    srv = await startTestServer(engine);
    clients.set("anonymous", srv.client());
    for (const r of SIGNED_IN) clients.set(r, await srv.as(r));
    const users = await srv.database.db.selectFrom("users").select(["id", "username"]).execute();
    const idOf = (u: string) => users.find((x) => x.username === u)?.id as string;
    const token = await clients.get("central")?.post("/api/tokens", { name: "central's" });
    const dept = await srv.database.db.selectFrom("departments").select("id").where("code", "=", "kankyo").executeTakeFirstOrThrow();
    const consultation = await clients.get("staff")?.post("/api/consultations", { category: "borderline", body: "行列試験の相談" });
    const triaged = await clients.get("staff")?.post("/api/triage/imports", { source: "paste", text: "行列試験:職員を異動させろ" });
    const attached = await clients.get("staff")?.request("POST", `/api/consultations/${consultation?.body.id}/attachments`, attachmentForm());
    await liveAssistFixture(clients.get("staff") as Client);
    const incidents = await incidentFixture(clients);
    await policyTrainingFixture(clients.get("staff") as Client, incidents.incidentId);
    fixture = {
      incidents,
      documents: await documentFixture(clients, incidents.incidentId),
      evidence: await evidenceFixture(clients, incidents.incidentId),
      otherUserId: idOf("staff2"),
      ownUserId: Object.fromEntries(SIGNED_IN.map((r) => [r, idOf(r)])) as Record<Role, string>,
      otherTokenId: token?.body.id,
      departmentId: dept.id,
      consultationId: consultation?.body.id,
      triageMessageId: triaged?.body.messages[0].id,
      consultationAttachmentId: attached?.body.attachments[0].id,
    };
  });
  after(async () => srv?.close());

  test("the matrix covers every route in the OpenAPI document", async () => {
    const doc = (await srv.client().get("/api/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set(MATRIX.map((r) => `${r.method} ${r.path}`));
    const missing = documented.filter((d) => !covered.has(d));
    assert.deepEqual(missing, [], "every documented route needs a row in the authorization matrix");
  });

  for (const row of MATRIX) {
    test(`${row.method} ${row.path}`, async () => {
      for (const role of ["anonymous", ...SIGNED_IN] as Role[]) {
        const c = clients.get(role) as Client;
        const res = await c.request(row.method, row.url(fixture, role), row.body ? row.body(fixture, role) : row.method === "GET" || row.method === "DELETE" ? undefined : {});
        const allowed = row.allowed === "public" || row.allowed.includes(role);
        if (allowed) {
          assert.ok(!refused(res.status, res.body?.error?.code), `${role} should be allowed ${row.method} ${row.path}, got ${res.status} ${res.text.slice(0, 200)}`);
          assert.ok(res.status < 500, `${role}: ${res.status}`);
        } else {
          const expected = role === "anonymous" ? [401] : [403, 404];
          assert.ok(expected.includes(res.status), `${role} must be denied ${row.method} ${row.path}, got ${res.status}`);
          assert.ok(res.body?.error?.code, "denials use the one error shape");
        }
      }
    });
  }

  test("consultation routes answer 404 to every role for a guessed id, and refuse non-desk roles on a real one", async () => {
    const guessed = "3f2a6c1e-8b7d-4e5f-9a0b-1c2d3e4f5a6b";
    const real = fixture.consultationId;
    for (const role of SIGNED_IN) {
      const c = await srv.as(role);
      for (const [method, suffix, body] of [
        ["GET", "", undefined],
        ["PATCH", "", { status: "closed" }],
        ["POST", "/messages", { body: "x" }],
        ["POST", "/notes", { body: "x" }],
        ["POST", "/consent", { incidentId: guessed }],
        ["DELETE", "/consent", undefined],
        ["POST", "/attachments", attachmentForm()],
        ["GET", `/attachments/${guessed}`, undefined],
      ] as const) {
        const g = await c.request(method, `/api/consultations/${guessed}${suffix}`, body);
        assert.equal(g.status, 404, `${role} ${method} guessed${suffix}`);
        if (["supervisor", "central", "admin", "auditor"].includes(role)) {
          const r = await c.request(method, `/api/consultations/${real}${suffix}`, body);
          assert.equal(r.status, 404, `${role} ${method} real${suffix}`);
          assert.ok(!r.text.includes("行列試験"), "no content in a refusal");
        }
      }
    }
  });

  test("a user may read their own account but not another's by id", async () => {
    const staff = await srv.as("staff"); // the matrix's last row signed everyone out
    assert.equal((await staff.get(`/api/users/${fixture.ownUserId.staff}`)).status, 200);
    assert.equal((await staff.get(`/api/users/${fixture.otherUserId}`)).status, 403);
  });

  test("denied attempts are written to the audit trail with who tried what", async () => {
    const rows = await srv.database.db.selectFrom("audit_log").selectAll().where("outcome", "=", "denied").where("actor_username", "=", "staff").execute();
    assert.ok(rows.some((r) => r.action === "user.list"), "staff listing users was recorded as denied");
    assert.ok(rows.some((r) => r.action === "audit.read"));
  });
});
