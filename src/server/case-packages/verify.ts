import { createHash, createPublicKey, verify as verifySignature } from "node:crypto";
import yauzl from "yauzl";

/**
 * Offline verification of a police/lawyer package: the manifest's Ed25519 signature, then every
 * file's SHA-256 and size against the manifest, and no file in the ZIP that the manifest does not
 * list. Needs nothing but the ZIP (and, to pin the organisation's key, its exported public key).
 */
export const MANIFEST = "manifest.json";
export const SIGNATURE = "manifest.sig";
export const PUBLIC_KEY = "public-key.pem";

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  origin: string;
}
export interface Manifest {
  format: "mamoru-case-package/1";
  keyId: string;
  files: ManifestFile[];
  [k: string]: unknown;
}

export interface VerifyResult {
  ok: boolean;
  /** Each problem names the file. */
  problems: { file: string; problem: "missing" | "hash_mismatch" | "size_mismatch" | "not_in_manifest" | "bad_signature" | "key_mismatch" | "unreadable" }[];
  files: number;
  keyId: string | null;
}

interface Entry {
  sha256: string;
  size: number;
  bytes: Buffer | null;
}

const SMALL = new Set([MANIFEST, SIGNATURE, PUBLIC_KEY]);

async function readZip(file: string): Promise<Map<string, Entry>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (err, z) => (err || !z ? reject(err) : resolve(z))));
  const out = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith("/")) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          // A damaged entry is named, and the rest of the ZIP is still checked.
          out.set(entry.fileName, { sha256: "unreadable", size: -1, bytes: null });
          zip.readEntry();
          return;
        }
        const hash = createHash("sha256");
        const keep: Buffer[] = [];
        let size = 0;
        stream.on("data", (c: Buffer) => {
          hash.update(c);
          size += c.length;
          if (SMALL.has(entry.fileName)) keep.push(c);
        });
        stream.on("error", () => {
          out.set(entry.fileName, { sha256: "unreadable", size: -1, bytes: null });
          zip.readEntry();
        });
        stream.on("end", () => {
          out.set(entry.fileName, { sha256: hash.digest("hex"), size, bytes: SMALL.has(entry.fileName) ? Buffer.concat(keep) : null });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  zip.close();
  return out;
}

export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

export async function verifyPackage(file: string, opts: { trustedPublicKeyPem?: string | undefined } = {}): Promise<VerifyResult> {
  const problems: VerifyResult["problems"] = [];
  let entries: Map<string, Entry>;
  try {
    entries = await readZip(file);
  } catch {
    return { ok: false, problems: [{ file, problem: "unreadable" }], files: 0, keyId: null };
  }
  const manifestBytes = entries.get(MANIFEST)?.bytes;
  const sig = entries.get(SIGNATURE)?.bytes;
  const pem = entries.get(PUBLIC_KEY)?.bytes?.toString("utf8");
  for (const [name, v] of [[MANIFEST, manifestBytes], [SIGNATURE, sig], [PUBLIC_KEY, pem]] as const) if (!v) problems.push({ file: name, problem: "missing" });
  if (!manifestBytes || !sig || !pem) return { ok: false, problems, files: 0, keyId: null };
  const keyPem = opts.trustedPublicKeyPem ?? pem;
  if (opts.trustedPublicKeyPem && keyIdOf(opts.trustedPublicKeyPem) !== keyIdOf(pem)) problems.push({ file: PUBLIC_KEY, problem: "key_mismatch" });
  let signed = false;
  try {
    signed = verifySignature(null, manifestBytes, createPublicKey(keyPem), sig);
  } catch {
    signed = false;
  }
  if (!signed) problems.push({ file: SIGNATURE, problem: "bad_signature" });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString("utf8")) as Manifest;
  } catch {
    problems.push({ file: MANIFEST, problem: "unreadable" });
    return { ok: false, problems, files: 0, keyId: null };
  }
  const listed = new Set<string>();
  for (const f of manifest.files ?? []) {
    listed.add(f.path);
    const e = entries.get(f.path);
    if (!e) problems.push({ file: f.path, problem: "missing" });
    else if (e.sha256 === "unreadable") problems.push({ file: f.path, problem: "unreadable" });
    else if (e.sha256 !== f.sha256) problems.push({ file: f.path, problem: "hash_mismatch" });
    else if (e.size !== f.size) problems.push({ file: f.path, problem: "size_mismatch" });
  }
  for (const name of entries.keys()) if (name !== MANIFEST && name !== SIGNATURE && !listed.has(name)) problems.push({ file: name, problem: "not_in_manifest" });
  return { ok: problems.length === 0, problems, files: manifest.files?.length ?? 0, keyId: manifest.keyId ?? null };
}

const PROBLEM_TEXT: Record<VerifyResult["problems"][number]["problem"], string> = {
  missing: "ファイルがありません / file is missing",
  hash_mismatch: "SHA-256 が一致しません(改変または破損) / SHA-256 does not match (changed or damaged)",
  size_mismatch: "サイズが一致しません / size does not match",
  not_in_manifest: "目録(manifest.json)にないファイルです / file is not listed in the manifest",
  bad_signature: "目録の署名が正しくありません / the manifest's signature is not valid",
  key_mismatch: "公開鍵が指定された組織の鍵と異なります / the public key differs from the organisation's key given",
  unreadable: "読み取れません / cannot be read",
};

export function describeResult(r: VerifyResult): string[] {
  if (r.ok) return [`検証に成功しました: ${r.files} 個のファイルがすべて目録と一致し、署名も正しいです(鍵 ${r.keyId}) / verified: all ${r.files} files match the signed manifest (key ${r.keyId})`];
  return r.problems.map((p) => `${p.file}: ${PROBLEM_TEXT[p.problem]}`);
}
