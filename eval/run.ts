/**
 * `npm run eval -- <name> [options]`: runs eval/<name>/run.ts, an evaluation of a model or rule set
 * against a labelled set kept in the repository (see eval/<name>/README.md).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = fs.readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory() && fs.existsSync(path.join(here, d.name, "run.ts"))).map((d) => d.name);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run eval -- <${available.join("|")}>\n`);
  process.exit(2);
}
const mod = (await import(path.join(here, name, "run.ts"))) as { default: (args: string[]) => Promise<void> };
await mod.default(rest);
