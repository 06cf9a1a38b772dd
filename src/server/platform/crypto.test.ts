import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { tempDir } from "../../../test/helpers/db.ts";
import { DecryptError, KeyConfigError, addKeyToFile, decrypt, encrypt, generateKey, loadKeyring, storedKeyId } from "./crypto.ts";

const base = { secretKey: undefined, secretKeyFile: undefined, secretKeyPrevious: undefined, demo: false, dataDir: "/nonexistent" };

test("round trip; the ciphertext does not contain the text; each value has its own nonce", () => {
  const ring = loadKeyring({ ...base, secretKey: generateKey() });
  const a = encrypt(ring, "窓口で怒鳴られてつらい", "consultations.body:1");
  assert.equal(decrypt(ring, a, "consultations.body:1"), "窓口で怒鳴られてつらい");
  assert.notEqual(a, encrypt(ring, "窓口で怒鳴られてつらい", "consultations.body:1"));
  assert.ok(!a.includes("窓口"));
  assert.equal(storedKeyId(a), ring.primaryId);
});

test("tampering, a moved ciphertext or a missing key fail with a clear error", () => {
  const ring = loadKeyring({ ...base, secretKey: generateKey() });
  const c = encrypt(ring, "秘密", "t:1");
  const parts = c.split(".");
  const ct = Buffer.from(parts[4] as string, "base64url");
  ct[0] = (ct[0] as number) ^ 1;
  parts[4] = ct.toString("base64url");
  assert.throws(() => decrypt(ring, parts.join("."), "t:1"), (e: Error) => e instanceof DecryptError && /tampered/.test(e.message));
  assert.throws(() => decrypt(ring, c, "t:2"), DecryptError);
  assert.throws(() => decrypt(ring, "plain text", "t:1"), DecryptError);
  const other = loadKeyring({ ...base, secretKey: generateKey() });
  assert.throws(() => decrypt(other, c, "t:1"), /not configured/);
});

test("outside demo mode a missing or malformed key is refused in one line", () => {
  assert.throws(() => loadKeyring(base), (e: Error) => e instanceof KeyConfigError && /MAMORU_SECRET_KEY/.test(e.message) && !e.message.includes("\n"));
  assert.throws(() => loadKeyring({ ...base, secretKey: "too-short" }), KeyConfigError);
});

test("demo mode creates secret.key once with mode 0600 and reuses it", () => {
  const dir = tempDir();
  const a = loadKeyring({ ...base, demo: true, dataDir: dir });
  const file = path.join(dir, "secret.key");
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(loadKeyring({ ...base, demo: true, dataDir: dir }).primaryId, a.primaryId);
});

test("a new key in the key file keeps old values readable; previous keys from the environment too", () => {
  const dir = tempDir();
  const old = loadKeyring({ ...base, demo: true, dataDir: dir });
  const c = encrypt(old, "古い鍵の文", "t:1");
  const rotated = addKeyToFile(old);
  assert.notEqual(rotated.primaryId, old.primaryId);
  const reread = loadKeyring({ ...base, demo: true, dataDir: dir });
  assert.equal(reread.primaryId, rotated.primaryId);
  assert.equal(decrypt(reread, c, "t:1"), "古い鍵の文");
  const oldKey = generateKey();
  const c2 = encrypt(loadKeyring({ ...base, secretKey: oldKey }), "前の鍵", "t:2");
  const ring = loadKeyring({ ...base, secretKey: generateKey(), secretKeyPrevious: oldKey });
  assert.equal(decrypt(ring, c2, "t:2"), "前の鍵");
});
