import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { errorMessage } from "../../../i18n/server.ts";
import type { AppEnv } from "./env.ts";
import { describeIssues } from "./validation.ts";

/** A router for one capability: OpenAPI-described routes whose validation errors use the API's one error shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const locale = c.get("locale") ?? "ja";
        const issues = result.error.issues;
        const unknown = issues.find((i) => i.code === "unrecognized_keys");
        return c.json(
          {
            error: {
              code: unknown ? "unknown_field" : "validation_failed",
              message: unknown
                ? errorMessage(locale, "unknown_field", { field: (unknown as { keys: string[] }).keys.join(", ") })
                : errorMessage(locale, "validation_failed", { detail: describeIssues(issues, locale) }),
              issues: issues.map((i) => ({ path: i.path.map(String), code: i.code })),
            },
          },
          400,
        );
      }
    },
  });
}

export function errorBody(c: Context<AppEnv>, code: Parameters<typeof errorMessage>[1], params: Record<string, unknown> = {}) {
  return { error: { code, message: errorMessage(c.get("locale") ?? "ja", code, params) } };
}
