import type { Kysely } from "kysely";
import { DEFAULT_POLICY_PACK } from "../../domain/policy/default-pack.ts";
import * as audit from "../audit/service.ts";
import { cliContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { contentHash } from "../public-notice/service.ts";
import { seedDefaultTraining } from "../training/seed.ts";
import * as repo from "./repo.ts";

/**
 * Product content every installation starts with — demo or not: the default policy pack published
 * as version 1 and the default training modules. Idempotent and safe when two servers start at
 * once. Each first insertion is audited (which also marks the database as in use, so `restore`
 * refuses it instead of colliding with these rows).
 */
export async function seedProductContent(db: Kysely<Database>): Promise<void> {
  const ctx = cliContext();
  await db.transaction().execute(async (trx) => {
    if (await repo.latestVersion(trx)) return;
    const at = new Date();
    if (!(await repo.insertVersion(trx, { version: 1, sections: DEFAULT_POLICY_PACK, note: "", at, userId: null }))) return;
    await repo.saveDraft(trx, { sections: DEFAULT_POLICY_PACK, baseVersion: 1, at, userId: null });
    await audit.record(trx, ctx, { action: "policy.publish", resourceType: "policy", resourceId: "1", details: { version: 1, default: true, hash: contentHash(DEFAULT_POLICY_PACK) } });
  });
  await seedDefaultTraining(db, ctx);
}
