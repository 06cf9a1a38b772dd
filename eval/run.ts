/**
 * `npm run eval -- <name> [options]`: runs eval/<name>/run.ts, an evaluation of a model or rule set
 * against a labelled set kept in the repository (see eval/<name>/README.md).
 * `npm run eval -- <name>-<script>` runs another script of that directory, eval/<name>/<script>.ts
 * (e.g. `triage-train` → eval/triage/train.ts); it must export a default main(args).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = fs.readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory() && fs.existsSync(path.join(here, d.name, "run.ts"))).map((d) => d.name);
const script = (n: string): string | null => {
  if (available.includes(n)) return path.join(here, n, "run.ts");
  const dash = n.indexOf("-");
  if (dash <= 0) return null;
  const [dir, file] = [n.slice(0, dash), n.slice(dash + 1)];
  const candidate = path.join(here, dir, `${file}.ts`);
  return available.includes(dir) && /^[a-z0-9-]+$/.test(file) && fs.existsSync(candidate) ? candidate : null;
};
const target = name ? script(name) : null;
if (!target) {
  process.stderr.write(`usage: npm run eval -- <${available.join("|")}>[-<script>]\n`);
  process.exit(2);
}
const mod = (await import(target)) as { default: (args: string[]) => Promise<void> };
await mod.default(rest);
