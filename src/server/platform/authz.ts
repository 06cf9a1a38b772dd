import type { Actor } from "../../domain/accounts/roles.ts";
import { AppError } from "./http/errors.ts";

/**
 * Deny-by-default authorization: one policy per resource, one rule per action, each rule a plain
 * function of the actor and the resource. An action with no rule is denied. Services call
 * `policy.authorize(...)`; routes never check roles themselves.
 */
export type Rule<R> = (actor: Actor, resource: R) => boolean;

export interface Policy<R, A extends string> {
  readonly resourceType: string;
  readonly actions: readonly A[];
  can(actor: Actor | null | undefined, action: A, resource: R): boolean;
  /** Returns the actor when allowed; throws 401 without one, 403 (or 404 when `hide` is set: the actor must not learn that the record exists). */
  authorize(actor: Actor | null | undefined, action: A, resource: R, opts?: { resourceId?: string | null; hide?: boolean }): Actor;
}

export function definePolicy<R, A extends string>(resourceType: string, rules: Record<A, Rule<R>>): Policy<R, A> {
  const actions = Object.keys(rules) as A[];
  const can = (actor: Actor | null | undefined, action: A, resource: R) => {
    if (!actor) return false;
    const rule = Object.hasOwn(rules, action) ? rules[action] : undefined;
    return rule ? rule(actor, resource) === true : false;
  };
  return {
    resourceType,
    actions,
    can,
    authorize(actor, action, resource, opts = {}) {
      if (!actor) throw new AppError(401, "unauthenticated");
      if (!can(actor, action, resource)) {
        const attempted = { action: `${resourceType}.${action}`, resourceType, resourceId: opts.resourceId ?? null };
        throw opts.hide ? new AppError(404, "not_found", {}, attempted) : new AppError(403, "forbidden", {}, attempted);
      }
      return actor;
    },
  };
}
