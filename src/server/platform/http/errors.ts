import type { ErrorCode } from "../../../i18n/errors.ja.ts";

/** An error a user can act on: an HTTP status, a stable code and parameters for the translated message. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 423 | 429 | 500 | 503,
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    /** For the audit trail of denials: what was attempted on what. */
    readonly attempted?: { action: string; resourceType: string; resourceId?: string | null },
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, "not_found");
export const forbidden = (attempted?: AppError["attempted"]) => new AppError(403, "forbidden", {}, attempted);
export const conflict = (code: ErrorCode, params: Record<string, unknown> = {}) => new AppError(409, code, params);
export const invalid = (code: ErrorCode, params: Record<string, unknown> = {}) => new AppError(422, code, params);
