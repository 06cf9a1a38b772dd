import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { describeEachEngine, tempDir } from "../../../test/helpers/db.ts";
import { runCli } from "../../../test/helpers/cli.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";
import { TEST_SECRET_KEY } from "../../../test/helpers/server.ts";
import { keyringFor } from "../platform/crypto.ts";
import { loadConfig } from "../platform/config.ts";
import { buildPackage } from "./build.ts";
import type { EvidenceSource } from "./evidence-source.ts";
import { signingKey } from "./keys.ts";
import { verifyPackage } from "./verify.ts";

/** Evidence kept as real files in a directory, with the hash recorded when they were "stored". */
function directoryEvidence(dir: string, names: string[]): EvidenceSource {
  const recorded = names.map((n) => {
    const bytes = fs.readFileSync(path.join(dir, n));
    return { n, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
  });
  return {
    filesOf: async () =>
      recorded.map((r, i) => ({ name: `evidence/${String(i + 1).padStart(2, "0")}-${r.n}`, sha256: r.sha256, size: r.size, origin: `test file ${r.n}`, open: async () => fs.createReadStream(path.join(dir, r.n)) })),
  };
}

async function save(res: Response, file: string) {
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
}

describeEachEngine("police/lawyer packages", (engine) => {
  let srv: TestServer;
  let staff: Client;
  let supervisor: Client;
  let central: Client;
  let incidentId: string;
  let dir: string;

  before(async () => {
    srv = await startTestServer(engine);
    [staff, supervisor, central] = await Promise.all([srv.as("staff"), srv.as("supervisor"), srv.as("central")]);
    dir = tempDir("h8-packages");
    const r = await staff.post("/api/incidents", {
      channel: "counter",
      summary: "窓口でカウンターを叩き、職員を怒鳴った",
      codes: ["intimidation"],
      startedAt: "2025-02-03T01:00:00.000Z",
      quotes: [{ text: "覚えておけよ" }],
      counterpart: { type: "resident", name: "宮城 三郎" },
      report: true,
    });
    incidentId = r.body.id;
    await staff.request("PUT", `/api/counterparts/${r.body.counterpart.id}/postal-address`, { postalAddress: "仙台市宮城野区五輪1-1" });
    assert.equal((await supervisor.post(`/api/incidents/${incidentId}/letters`, { kind: "warning" })).status, 201);
  });
  after(async () => {
    await srv?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a supervisor asks, central approves, the ZIP verifies with the CLI and fails naming the file after one byte changes", async () => {
    assert.equal((await staff.post(`/api/incidents/${incidentId}/packages`, { purpose: "police", reason: "被害届の提出" })).status, 403);
    const req = await supervisor.post(`/api/incidents/${incidentId}/packages`, { purpose: "police", reason: "被害届の提出" });
    assert.equal(req.status, 201, req.text);
    const early = await supervisor.get(req.body.downloadUrl.replace(/^\/api/, "/api"));
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, "package_not_approved");
    assert.equal((await supervisor.post(`/api/case-packages/${req.body.id}/approve`)).status, 403, "only central approves");
    assert.equal((await central.post(`/api/case-packages/${req.body.id}/approve`)).status, 200);
    assert.equal((await central.post(`/api/case-packages/${req.body.id}/approve`)).body.error.code, "package_already_approved");
    const res = await fetch(`${srv.baseUrl}${req.body.downloadUrl}`, { headers: { cookie: supervisor.cookie as string } });
    assert.equal(res.status, 200);
    const zip = path.join(dir, "package.zip");
    await save(res, zip);
    const result = await verifyPackage(zip);
    assert.ok(result.ok, JSON.stringify(result.problems));
    assert.ok(result.files >= 4, "record, letter, README, public key");
    const ok = await runCli(["package", "verify", zip], {});
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /検証に成功しました/);
    // The organisation's exported key pins the signer.
    const pem = path.join(dir, "org.pem");
    fs.writeFileSync(pem, (await central.get("/api/signing-key.pem")).text);
    assert.equal((await runCli(["package", "verify", zip, "--public-key", pem], {})).code, 0);
    // One byte of record.pdf changes (entries are stored uncompressed, so this is a byte of the file).
    const bytes = fs.readFileSync(zip);
    const at = bytes.indexOf(Buffer.from("%PDF-")) + 200;
    bytes[at] = (bytes[at] as number) ^ 0x01;
    const tampered = path.join(dir, "tampered.zip");
    fs.writeFileSync(tampered, bytes);
    const bad = await runCli(["package", "verify", tampered], {});
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /record\.pdf: SHA-256 が一致しません/);
    const audit = await srv.database.db.selectFrom("audit_log").select("action").where("resource_id", "=", req.body.id).where("outcome", "=", "success").execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ["case_package.request", "case_package.approve", "case_package.download"],
    );
  });

  test("evidence files are packed with their hashes; one that fails its recorded hash is refused by name", async () => {
    fs.writeFileSync(path.join(dir, "recording.m4a"), Buffer.alloc(300_000, 7));
    fs.writeFileSync(path.join(dir, "photo.jpg"), Buffer.from("not really a jpeg, but bytes"));
    const evidence = directoryEvidence(dir, ["recording.m4a", "photo.jpg"]);
    const key = await signingKey(srv.database.db, keyringFor(loadConfig({ MAMORU_SECRET_KEY: TEST_SECRET_KEY, MAMORU_DATA_DIR: "/nonexistent" })));
    const meta = { packageId: "p", purpose: "lawyer", organisation: "市役所", requestedBy: "supervisor", approvedBy: "central" };
    const built = await buildPackage(srv.database.db, incidentId, meta, evidence, key);
    const zip = path.join(dir, "with-evidence.zip");
    await new Promise<void>((resolve, reject) => built.stream.pipe(fs.createWriteStream(zip)).on("finish", resolve).on("error", reject));
    const result = await verifyPackage(zip);
    assert.ok(result.ok, JSON.stringify(result.problems));
    assert.ok(built.manifest.files.some((f) => f.path === "evidence/01-recording.m4a" && f.size === 300_000));
    fs.appendFileSync(path.join(dir, "photo.jpg"), "!");
    await assert.rejects(buildPackage(srv.database.db, incidentId, meta, evidence, key), (err: { code?: string; params?: { file?: string } }) => err.code === "package_evidence_hash_mismatch" && err.params?.file === "photo.jpg");
  });
});
