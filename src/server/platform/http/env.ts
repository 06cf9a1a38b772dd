import type { Context } from "hono";
import type { Actor } from "../../../domain/accounts/roles.ts";
import type { UserView } from "../../accounts/service.ts";
import type { Locale } from "../../../i18n/server.ts";
import type { RequestContext } from "../context.ts";

export interface AppEnv {
  Variables: {
    requestId: string;
    ip: string | null;
    locale: Locale;
    actor: Actor | null;
    /** The signed-in user's own record as /api/me shows it, read once with the session. */
    account: UserView | null;
    sessionIdHash: string | null;
    csrfToken: string | null;
    mustChangePassword: boolean;
    /** Set when a request carried a session cookie that has expired, so 401s can say so. */
    sessionExpired: boolean;
    /**
     * Checks again, against the database, that the credential this request came with (session
     * cookie or API token) is still valid for the same user. Long-lived responses (the live-assist
     * event stream) call it before each delivery, so signing out or being deactivated ends them.
     */
    stillSignedIn: () => Promise<boolean>;
  };
}

export function requestContext(c: Context<AppEnv>): RequestContext {
  return { actor: c.get("actor"), ip: c.get("ip"), requestId: c.get("requestId"), locale: c.get("locale") };
}
