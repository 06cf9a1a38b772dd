import path from "node:path";
import { z } from "zod";

/**
 * Typed configuration read once from the environment at start.
 * A wrong value stops the process with a one-line explanation (see main.ts).
 */
const booleanFlag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  MAMORU_DATA_DIR: z.string().min(1).default("./data"),
  MAMORU_DEMO: booleanFlag.default(true),
  MAMORU_DEMO_PASSWORD: z.string().optional(),
  MAMORU_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  MAMORU_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  MAMORU_COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
  MAMORU_TRUST_PROXY: booleanFlag.default(false),
  MAMORU_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MAMORU_MAX_JSON_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  MAMORU_SECRET_KEY: z.string().min(1).optional(),
  MAMORU_SECRET_KEY_FILE: z.string().min(1).optional(),
  MAMORU_SECRET_KEY_PREVIOUS: z.string().min(1).optional(),
  MAMORU_CONSULTATION_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  MAMORU_EVIDENCE_DIR: z.string().min(1).optional(),
  MAMORU_EVIDENCE_MAX_BYTES: z.coerce.number().int().min(1024).default(500 * 1024 * 1024),
  MAMORU_RESTRICTION_REVIEW_REMINDER_DAYS: z.coerce.number().int().min(0).max(365).default(14),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  demoPassword: string | undefined;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  cookieSecure: "auto" | "always" | "never";
  trustProxy: boolean;
  logLevel: string;
  maxJsonBytes: number;
  /** Encryption at rest (see platform/crypto.ts): base64 key, key file, and previous keys still readable. */
  secretKey: string | undefined;
  secretKeyFile: string | undefined;
  secretKeyPrevious: string | undefined;
  /** Largest file attached to a consultation (bytes). */
  consultationAttachmentMaxBytes: number;
  /** Evidence files (see platform/storage): the directory (default <dataDir>/evidence) and the size limit per file. */
  evidenceDir: string | undefined;
  evidenceMaxBytes: number;
  /** Days before a restriction's review date when its review reminder is sent. */
  restrictionReviewReminderDays: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join(".") ?? "?";
    throw new ConfigError(`設定エラー / configuration error: ${key}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.MAMORU_DATA_DIR),
    demo: e.MAMORU_DEMO,
    demoPassword: e.MAMORU_DEMO_PASSWORD,
    sessionIdleMs: e.MAMORU_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.MAMORU_SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: e.MAMORU_COOKIE_SECURE,
    trustProxy: e.MAMORU_TRUST_PROXY,
    logLevel: e.MAMORU_LOG_LEVEL,
    maxJsonBytes: e.MAMORU_MAX_JSON_BYTES,
    secretKey: e.MAMORU_SECRET_KEY,
    secretKeyFile: e.MAMORU_SECRET_KEY_FILE ? path.resolve(e.MAMORU_SECRET_KEY_FILE) : undefined,
    secretKeyPrevious: e.MAMORU_SECRET_KEY_PREVIOUS,
    consultationAttachmentMaxBytes: e.MAMORU_CONSULTATION_ATTACHMENT_MAX_BYTES,
    evidenceDir: e.MAMORU_EVIDENCE_DIR ? path.resolve(e.MAMORU_EVIDENCE_DIR) : undefined,
    evidenceMaxBytes: e.MAMORU_EVIDENCE_MAX_BYTES,
    restrictionReviewReminderDays: e.MAMORU_RESTRICTION_REVIEW_REMINDER_DAYS,
  };
}
