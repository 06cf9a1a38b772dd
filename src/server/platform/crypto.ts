import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config.ts";

/**
 * Encryption at rest for confidential text (consultations): AES-256-GCM, a fresh 96-bit nonce per
 * value, and associated data naming the table, column and row, so a ciphertext copied onto another
 * row does not decrypt. The stored form is `m1.<key id>.<nonce>.<tag>.<ciphertext>` (base64url):
 * the key id lets rotation find and re-encrypt old rows a batch at a time while both keys are
 * readable.
 *
 * Keys: MAMORU_SECRET_KEY (base64 of 32 bytes) or MAMORU_SECRET_KEY_FILE (one base64 key per line,
 * the first is current, the rest stay readable); MAMORU_SECRET_KEY_PREVIOUS (comma-separated) adds
 * readable old keys. In demo mode without either, a key is generated once into
 * `<data dir>/secret.key` (mode 0600). Outside demo mode there is no default: the server refuses to
 * start.
 */
export interface Keyring {
  primaryId: string;
  keys: ReadonlyMap<string, Buffer>;
  /** Where the current key came from (for messages; never the key). */
  source: string;
  /** The key file, when keys come from one (and `keys rotate --new-key` may write it). */
  file: string | null;
}

export class KeyConfigError extends Error {}
export class DecryptError extends Error {}

const FORMAT = "m1";

export function keyId(key: Buffer): string {
  return createHash("sha256").update("mamoru-key-id\0").update(key).digest("hex").slice(0, 12);
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

function parseKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(text.trim())) {
    throw new KeyConfigError(`暗号鍵が正しくありません / ${where} must be 32 bytes in base64 (generate one with: npm run mamoru -- keys generate)`);
  }
  return key;
}

function readKeyFile(file: string): Buffer[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new KeyConfigError(`暗号鍵ファイルを読めません / cannot read the key file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  if (lines.length === 0) throw new KeyConfigError(`暗号鍵ファイルが空です / the key file ${file} holds no key`);
  return lines.map((l) => parseKey(l, `a key in ${file}`));
}

function writeKeyFile(file: string, keys: readonly Buffer[]) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const body = `# Mamoru 暗号鍵 / encryption keys: the first line is current, later lines stay readable. Keep a copy apart from backups.\n${keys.map((k) => k.toString("base64")).join("\n")}\n`;
  fs.writeFileSync(tmp, body, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function build(keys: Buffer[], source: string, file: string | null): Keyring {
  const map = new Map<string, Buffer>();
  for (const k of keys) if (!map.has(keyId(k))) map.set(keyId(k), k);
  return { primaryId: keyId(keys[0] as Buffer), keys: map, source, file };
}

type KeyConfig = Pick<Config, "secretKey" | "secretKeyFile" | "secretKeyPrevious" | "demo" | "dataDir">;

/** Reads (or, in demo mode, creates) the keyring. Throws KeyConfigError with one line an operator can act on. */
export function loadKeyring(config: KeyConfig): Keyring {
  const previous = (config.secretKeyPrevious ?? "")
    .split(",")
    .filter((s) => s.trim())
    .map((s) => parseKey(s, "MAMORU_SECRET_KEY_PREVIOUS"));
  if (config.secretKey) return build([parseKey(config.secretKey, "MAMORU_SECRET_KEY"), ...previous], "MAMORU_SECRET_KEY", null);
  if (config.secretKeyFile) return build([...readKeyFile(config.secretKeyFile), ...previous], config.secretKeyFile, config.secretKeyFile);
  if (!config.demo) {
    throw new KeyConfigError(
      "暗号鍵が設定されていません / no encryption key: set MAMORU_SECRET_KEY (base64, 32 bytes) or MAMORU_SECRET_KEY_FILE (generate one with: npm run mamoru -- keys generate)",
    );
  }
  const file = path.join(config.dataDir, "secret.key");
  if (!fs.existsSync(file)) {
    try {
      writeKeyFile(file, [randomBytes(32)]);
    } catch (err) {
      throw new KeyConfigError(`暗号鍵ファイルを作成できません / cannot create the demo key file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return build([...readKeyFile(file), ...previous], file, file);
}

const memo = new Map<string, Keyring>();

/** The keyring for a configuration, read once per process. */
export function keyringFor(config: KeyConfig): Keyring {
  const k = JSON.stringify([config.secretKey ?? null, config.secretKeyFile ?? null, config.secretKeyPrevious ?? null, config.demo, config.dataDir]);
  let ring = memo.get(k);
  if (!ring) {
    ring = loadKeyring(config);
    memo.set(k, ring);
  }
  return ring;
}

/** Puts a new current key at the top of the key file; the old keys stay readable below it. */
export function addKeyToFile(ring: Keyring): Keyring {
  if (!ring.file) throw new KeyConfigError("鍵は環境変数で指定されています / the key comes from MAMORU_SECRET_KEY: set the new key there and the old one in MAMORU_SECRET_KEY_PREVIOUS instead of --new-key");
  const fresh = randomBytes(32);
  writeKeyFile(ring.file, [fresh, ...ring.keys.values()]);
  return build([fresh, ...ring.keys.values()], ring.source, ring.file);
}

const b64 = (b: Buffer) => b.toString("base64url");

export function encrypt(ring: Keyring, plaintext: string, context: string): string {
  const key = ring.keys.get(ring.primaryId) as Buffer;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [FORMAT, ring.primaryId, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join(".");
}

export function decrypt(ring: Keyring, stored: string, context: string): string {
  const parts = stored.split(".");
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new DecryptError("暗号文の形式が正しくありません / the stored value is not a Mamoru ciphertext");
  const [, kid, iv, tag, ct] = parts as [string, string, string, string, string];
  const key = ring.keys.get(kid);
  if (!key) throw new DecryptError(`鍵 ${kid} がありません / key ${kid} is not configured (add it to MAMORU_SECRET_KEY_PREVIOUS or the key file)`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptError("暗号文が改ざんされているか、別の行のものです / the ciphertext failed authentication (tampered, or moved from another row)");
  }
}

/** The key id a stored value was written with (null when it is not a ciphertext). */
export function storedKeyId(stored: string): string | null {
  const parts = stored.split(".");
  return parts.length === 5 && parts[0] === FORMAT ? (parts[1] ?? null) : null;
}

/** A keyed hash (HMAC-SHA256 under a key derived from the current key) for values that must not be stored in the clear. */
export function keyedHash(ring: Keyring, purpose: string, value: string): string {
  const sub = createHmac("sha256", ring.keys.get(ring.primaryId) as Buffer).update(`mamoru:${purpose}`).digest();
  return createHmac("sha256", sub).update(value, "utf8").digest("hex");
}

const BYTES_FORMAT = "m1b";

/**
 * The same cipher for binary values (attachments): `m1b.<key id>.` in ASCII, then the 12-byte
 * nonce, the 16-byte tag and the ciphertext, all in one bytea.
 */
export function encryptBytes(ring: Keyring, plaintext: Uint8Array, context: string): Buffer {
  const key = ring.keys.get(ring.primaryId) as Buffer;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from(`${BYTES_FORMAT}.${ring.primaryId}.`, "ascii"), iv, cipher.getAuthTag(), ct]);
}

/** The key id a binary value was written with (null when it is not one). */
export function storedBytesKeyId(stored: Uint8Array): string | null {
  const head = Buffer.from(stored.subarray(0, 4)).toString("ascii");
  if (head !== `${BYTES_FORMAT}.`) return null;
  const end = stored.indexOf(0x2e, 4);
  return end > 4 ? Buffer.from(stored.subarray(4, end)).toString("ascii") : null;
}

export function decryptBytes(ring: Keyring, stored: Uint8Array, context: string): Buffer {
  const kid = storedBytesKeyId(stored);
  if (!kid) throw new DecryptError("暗号文の形式が正しくありません / the stored value is not a Mamoru ciphertext");
  const key = ring.keys.get(kid);
  if (!key) throw new DecryptError(`鍵 ${kid} がありません / key ${kid} is not configured (add it to MAMORU_SECRET_KEY_PREVIOUS or the key file)`);
  const start = 4 + kid.length + 1;
  const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(start, start + 12));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(buf.subarray(start + 12, start + 28));
    return Buffer.concat([decipher.update(buf.subarray(start + 28)), decipher.final()]);
  } catch {
    throw new DecryptError("暗号文が改ざんされているか、別の行のものです / the ciphertext failed authentication (tampered, or moved from another row)");
  }
}
