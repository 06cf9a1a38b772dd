import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { sql } from "kysely";
import { type Keyring, decrypt, encrypt } from "../platform/crypto.ts";
import type { Executor } from "../platform/context.ts";
import { keyIdOf } from "./verify.ts";

/**
 * The organisation's Ed25519 signing key for packages: created on first use, the private half
 * stored encrypted under the instance's secret key, the public half exportable. Two servers
 * creating it at once: the first insert wins and both use that one.
 */
const CONTEXT = "mamoru:signing-key:org";

export async function signingKey(db: Executor, ring: Keyring) {
  let row = await db.selectFrom("signing_keys").selectAll().where("id", "=", "org").executeTakeFirst();
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pub = publicKey.export({ type: "spki", format: "pem" }).toString();
    const priv = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await sql`INSERT INTO signing_keys (id, public_key_pem, private_key_enc, created_at) VALUES ('org', ${pub}, ${encrypt(ring, priv, CONTEXT)}, ${new Date()}) ON CONFLICT (id) DO NOTHING`.execute(db);
    row = await db.selectFrom("signing_keys").selectAll().where("id", "=", "org").executeTakeFirstOrThrow();
  }
  const stored = row;
  return {
    publicKeyPem: stored.public_key_pem,
    keyId: keyIdOf(stored.public_key_pem),
    sign: (data: Buffer) => sign(null, data, createPrivateKey(decrypt(ring, stored.private_key_enc, CONTEXT))),
  };
}
