import type { Kysely, Transaction } from "kysely";
import type { Actor } from "../../domain/accounts/roles.ts";
import type { Locale } from "../../i18n/server.ts";
import type { Database } from "./db/schema.ts";

/** Who is acting, from where: passed from routes to services for authorization and the audit trail. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
  locale: Locale;
}

export type Executor = Kysely<Database> | Transaction<Database>;

/** A context for the command-line tool: the actor is the operator at the console. */
export function cliContext(actor: Actor | null = null): RequestContext {
  return { actor, ip: "cli", requestId: null, locale: "ja" };
}
