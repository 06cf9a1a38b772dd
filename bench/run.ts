/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts. Benchmarks report ratios against a
 * baseline measured in the same run, because these machines are noisy; they are never timed tests.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((n) => !n.includes("."));

if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join("|")}> [options]\n`);
  process.exit(2);
}
const mod = (await import(path.join(here, `${name}.ts`))) as { default: (args: string[]) => Promise<void> };
await mod.default(rest);
