import pino from "pino";

/**
 * Structured JSON logs. Only identifiers and facts: never request bodies, passwords, tokens, cookies,
 * names or other personal data. The redact list is a second line of defence for accidental fields.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "mamoru" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "cookie", "*.cookie", "body", "*.body"],
      censor: "[redacted]",
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
