import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { DEFAULT_MODULES } from "../../domain/training/default-modules.ts";
import * as audit from "../audit/service.ts";
import type { RequestContext } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import * as repo from "./repo.ts";

/** The default modules and their scenarios; a module already present (by key) is left as central made it. */
export async function seedDefaultTraining(db: Kysely<Database>, ctx: RequestContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const at = new Date();
    const created: string[] = [];
    for (const [i, m] of DEFAULT_MODULES.entries()) {
      const id = randomUUID();
      if (!(await repo.insertModule(trx, { id, key: m.key, policySection: m.policySection, title: m.title, whatToDo: m.whatToDo, position: i + 1, at }))) continue;
      created.push(m.key);
      for (const s of m.scenarios) {
        await repo.insertScenario(trx, { id: randomUUID(), moduleId: id, text: s.text, isHarassment: s.isHarassment, axis: s.axis, nextStep: s.nextStep, explanation: s.explanation, source: "default", sourceIncidentId: null, createdBy: null, at });
      }
    }
    if (created.length > 0) await audit.record(trx, ctx, { action: "training.defaults.seed", resourceType: "training_module", resourceId: null, details: { modules: created } });
  });
}
