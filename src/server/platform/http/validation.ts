import type { z } from "zod";
import type { Locale } from "../../../i18n/server.ts";

/** Turns zod issues into one readable sentence in the user's language, naming the fields. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], locale: Locale): string {
  const ja = locale === "ja";
  const parts = issues.slice(0, 5).map((i) => {
    const field = i.path.length > 0 ? i.path.join(".") : ja ? "本文" : "body";
    switch (i.code) {
      case "invalid_type":
        return /received undefined/.test(i.message)
          ? `${field}: ${ja ? "必須です" : "is required"}`
          : `${field}: ${ja ? `${i.expected} 型で指定してください` : `must be ${i.expected}`}`;
      case "unrecognized_keys":
        return `${i.keys.join(", ")}: ${ja ? "受け付けない項目です" : "is not an accepted field"}`;
      case "too_small":
        return `${field}: ${ja ? `${i.minimum} 以上(文字数・件数・値)にしてください` : `must be at least ${i.minimum}`}`;
      case "too_big":
        return `${field}: ${ja ? `${i.maximum} 以下(文字数・件数・値)にしてください` : `must be at most ${i.maximum}`}`;
      case "invalid_format":
        return `${field}: ${ja ? "形式が正しくありません" : "has the wrong format"}`;
      case "invalid_value":
        return `${field}: ${ja ? `次のいずれかにしてください: ${i.values.map(String).join(", ")}` : `must be one of: ${i.values.map(String).join(", ")}`}`;
      default:
        return `${field}: ${ja ? "値が正しくありません" : "is not valid"}`;
    }
  });
  if (issues.length > 5) parts.push(ja ? `ほか ${issues.length - 5} 件` : `and ${issues.length - 5} more`);
  return parts.join(ja ? "、" : "; ");
}
