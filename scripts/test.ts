/**
 * `npm test`: every test in one node:test run — unit, integration (HTTP over real databases) and
 * browser end-to-end tests. Database suites run on PGlite always and on PostgreSQL too when
 * TEST_DATABASE_URL is set. Flags: --no-e2e (skip building and browser tests; for quick local runs).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const withE2e = !args.includes("--no-e2e");
const filters = args.filter((a) => !a.startsWith("--"));

function collect(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules") continue;
      collect(p, out);
    } else if (entry.name.endsWith(".test.ts") || entry.name.endsWith(".test.tsx")) out.push(p);
  }
  return out;
}

let files = [...collect("src"), ...collect("test")].sort();
if (!withE2e) files = files.filter((f) => !f.startsWith(path.join("test", "e2e")));
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));

const engines = process.env.TEST_DATABASE_URL ? "pglite, postgres" : "pglite";
process.stdout.write(`Database engines under test: ${engines}\n`);
if (!process.env.TEST_DATABASE_URL) process.stdout.write("(set TEST_DATABASE_URL=postgres://… to also run every database test on PostgreSQL)\n");

if (withE2e && files.some((f) => f.startsWith(path.join("test", "e2e")))) {
  process.stdout.write("Building the web app for the browser tests…\n");
  const build = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], { stdio: "inherit", env: process.env });
process.exit(run.status ?? 1);
