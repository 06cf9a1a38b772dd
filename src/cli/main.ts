/**
 * The `mamoru` command (npm run mamoru -- <command>). It opens the configured database itself, so on
 * the embedded engine the server must be stopped first: the data directory lock says so clearly.
 */
import fs from "node:fs";
import { Command, CommanderError } from "commander";
import * as accountsRepo from "../server/accounts/repo.ts";
import { createUser, resetPassword } from "../server/accounts/service.ts";
import { describeProblem, record, verifyChain } from "../server/audit/service.ts";
import { createToken } from "../server/auth/service.ts";
import { RestoreError, backupTo, restoreFrom } from "../server/platform/backup.ts";
import { openAndMigrate } from "../server/platform/bootstrap.ts";
import { loadConfig } from "../server/platform/config.ts";
import { cliContext } from "../server/platform/context.ts";
import { addKeyToFile, generateKey, keyringFor } from "../server/platform/crypto.ts";
import { rotateKeys } from "../server/consultations/rotation.ts";
import type { DatabaseHandle } from "../server/platform/db/engine.ts";
import { AppError } from "../server/platform/http/errors.ts";
import { errorMessage } from "../i18n/server.ts";

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

async function withDatabase<T>(command: string, fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openAndMigrate(config, `mamoru ${command}`);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

const program = new Command("mamoru").description("Mamoru — カスタマーハラスメント対策システム").exitOverride();

program
  .command("migrate")
  .description("データベースを最新の構造にする / bring the database schema up to date")
  .action(() => withDatabase("migrate", async (h) => out(`OK: migrated (${h.engine})`)));

const admin = program.command("admin").description("管理者 / administrators");
admin
  .command("create")
  .description("システム管理者を作成する(初回) / create a system administrator (first install)")
  .requiredOption("--username <name>", "ユーザー名 / username")
  .option("--display-name <name>", "表示名 / display name", "システム管理者")
  .option("--password-stdin", "パスワードを標準入力から読む / read the password from standard input")
  .action((opts: { username: string; displayName: string; passwordStdin?: boolean }) =>
    withDatabase("admin create", async ({ db }) => {
      const password = opts.passwordStdin ? await readStdin() : undefined;
      const res = await createUser(db, cliContext(), { username: opts.username, displayName: opts.displayName, roles: [{ role: "admin", departmentId: null }], password }, { bootstrap: true });
      out(`OK: ${res.user.username} (admin)`);
      if (res.temporaryPassword) out(`仮パスワード / temporary password (change at first login): ${res.temporaryPassword}`);
    }),
  );

program
  .command("user")
  .description("利用者 / users")
  .command("reset-password <username>")
  .description("仮パスワードを発行する / issue a temporary password (must be changed at next login)")
  .action((username: string) =>
    withDatabase("user reset-password", async ({ db }) => {
      const user = await accountsRepo.findUserByUsername(db, username);
      if (!user) throw new AppError(404, "user_not_found");
      const res = await resetPassword(db, cliContext(), user.id, { cli: true });
      out(res.temporaryPassword);
    }),
  );

program
  .command("token")
  .description("APIトークン / personal API tokens")
  .command("create")
  .description("APIトークンを発行して表示する(一度だけ) / create a token and print only the token")
  .requiredOption("--user <username>", "所有者 / owner")
  .option("--name <name>", "用途 / what it is for", "CLI")
  .action((opts: { user: string; name: string }) =>
    withDatabase("token create", async ({ db }) => {
      const user = await accountsRepo.findUserByUsername(db, opts.user);
      if (!user) throw new AppError(404, "user_not_found");
      const res = await createToken(db, cliContext(), opts.name, user.id);
      out(res.token);
    }),
  );

program
  .command("audit")
  .description("監査ログ / audit trail")
  .command("verify")
  .description("監査ログのハッシュ連鎖を検証する / verify the audit hash chain")
  .action(() =>
    withDatabase("audit verify", async ({ db }) => {
      const res = await verifyChain(db);
      if (res.ok) {
        out(`OK: 監査ログ ${res.rows} 行の連鎖は正常です / the chain of ${res.rows} audit rows is intact`);
      } else {
        out(`NG: ${describeProblem(res.problem, "ja")} / ${describeProblem(res.problem, "en")}`);
        process.exitCode = 1;
      }
    }),
  );

program
  .command("backup")
  .description("全データをファイルに保存する / back up every row to a file")
  .requiredOption("--out <file>", "出力ファイル / output file (.jsonl.gz)")
  .action((opts: { out: string }) =>
    withDatabase("backup", async ({ db }) => {
      const counts = await backupTo(db, opts.out);
      await record(db, cliContext(), { action: "system.backup", resourceType: "system", details: { rows: Object.values(counts).reduce((a, b) => a + b, 0) } });
      out(`OK: ${opts.out} (${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")})`);
    }),
  );

program
  .command("restore")
  .description("バックアップを空のデータベースに復元する / restore a backup onto an empty database")
  .requiredOption("--in <file>", "バックアップファイル / backup file")
  .action((opts: { in: string }) =>
    withDatabase("restore", async ({ db }) => {
      if (!fs.existsSync(opts.in)) throw new RestoreError(`ファイルがありません / file not found: ${opts.in}`);
      const counts = await restoreFrom(db, opts.in);
      // The analytics rollup is derived (not in the backup): compute it now rather than on the first dashboard read.
      const { rebuild } = await import("../server/analytics/rollup.ts");
      await rebuild(db);
      const check = await verifyChain(db);
      out(`OK: restored ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")}`);
      if (check.ok) out(`監査ログ検証 / audit verify: OK (${check.rows})`);
      else {
        out(`監査ログ検証 / audit verify: NG — ${describeProblem(check.problem, "en")}`);
        process.exitCode = 1;
      }
    }),
  );

const keys = program.command("keys").description("暗号鍵 / encryption keys");
keys
  .command("generate")
  .description("新しい暗号鍵を表示する / print a new key (base64, 32 bytes)")
  .action(() => out(generateKey()));
keys
  .command("rotate")
  .description("相談の本文を現在の鍵で暗号化し直す(再実行可) / re-encrypt consultation text under the current key (restartable)")
  .option("--new-key", "鍵ファイルに新しい鍵を追加してから行う / add a new key to the key file first (file-based keys only)")
  .action((opts: { newKey?: boolean }) =>
    withDatabase("keys rotate", async ({ db }) => {
      let ring = keyringFor(loadConfig());
      if (opts.newKey) ring = addKeyToFile(ring);
      const counts = await rotateKeys(db, cliContext(), ring);
      out(`OK: key ${ring.primaryId} (${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")})`);
    }),
  );

program
  .command("triage")
  .description("文書のハラスメント兆候を判定する(JSONL) / triage written messages (JSON lines)")
  .option("--in <file>", "入力 / input (default: stdin)")
  .option("--out <file>", "出力 / output (default: stdout)")
  .option("--repeat-from <n>", "繰り返しとみなす回数 / repeats count from the n-th message", (v) => Number.parseInt(v, 10))
  .action(async (opts: { in?: string; out?: string; repeatFrom?: number }) => {
    if (opts.in && !fs.existsSync(opts.in)) throw new RestoreError(`ファイルがありません / file not found: ${opts.in}`);
    const input = opts.in ? fs.createReadStream(opts.in) : process.stdin;
    const output = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
    const { runTriageCli } = await import("./triage.ts");
    const code = await runTriageCli({ input, output, stderr: process.stderr, ...(opts.repeatFrom ? { repeatFrom: opts.repeatFrom } : {}) });
    if (opts.out) await new Promise<void>((resolve) => (output as fs.WriteStream).end(resolve));
    process.exitCode = code;
  });

program
  .command("demo")
  .description("デモデータ / demo data")
  .command("generate")
  .description("デモ用の事案を作成する / generate realistic demo incidents")
  .requiredOption("--incidents <n>", "件数 / how many", (v) => Number.parseInt(v, 10))
  .option("--seed <s>", "乱数の種(同じ種なら同じ内容) / seed (same seed, same records)", (v) => Number.parseInt(v, 10))
  .option("--force", "デモ環境でなくても実行する / run even if this is not a demo instance")
  .action(async (opts: { incidents: number; seed?: number; force?: boolean }) => {
    const config = loadConfig();
    if (!config.demo && !opts.force) {
      throw new Error("デモ環境ではありません(MAMORU_DEMO=1 で起動するか --force を付けてください) / not a demo instance: set MAMORU_DEMO=1 or pass --force");
    }
    if (!Number.isInteger(opts.incidents) || opts.incidents < 1 || opts.incidents > 1_000_000) throw new Error("--incidents: 1–1000000");
    const { isDemoSeeded, seedDemo } = await import("../server/demo/seed.ts");
    const { DEFAULT_SEED, generateIncidents } = await import("../server/demo/incidents.ts");
    await withDatabase("demo generate", async ({ db }) => {
      if (config.demo && !(await isDemoSeeded(db))) {
        const password = await seedDemo(db, config.demoPassword);
        out(`デモ組織を作成しました / demo organisation created (password: ${password})`);
      }
      const seed = opts.seed ?? DEFAULT_SEED;
      const step = Math.max(1000, Math.round(opts.incidents / 10));
      let shown = 0;
      const res = await generateIncidents(db, cliContext(), {
        count: opts.incidents,
        seed,
        onProgress: (done) => {
          if (done - shown >= step && done < opts.incidents) {
            shown = done;
            process.stderr.write(`… ${done} / ${opts.incidents}\n`);
          }
        },
      });
      out(`OK: ${res.created} incidents, ${res.counterparts} counterparts (seed ${res.seed}, ${(res.ms / 1000).toFixed(1)} s)`);
    });
  });

program
  .command("analytics")
  .description("集計 / analytics")
  .command("rebuild")
  .description("集計表(ロールアップ)を事案から作り直す / recompute the analytics rollup from the incidents")
  .action(() =>
    withDatabase("analytics rebuild", async ({ db }) => {
      const { rebuild } = await import("../server/analytics/rollup.ts");
      const t = Date.now();
      const res = await rebuild(db);
      out(`OK: 集計表 / rollup rows ${res.rows} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }),
  );

program
  .command("evidence")
  .description("証拠ファイル / evidence files")
  .command("retention")
  .description("保存期間を過ぎた証拠ファイルを削除する(リーガルホールド中を除く) / delete evidence past its retention (never under legal hold)")
  .action(() =>
    withDatabase("evidence retention", async ({ db }) => {
      const { runRetention } = await import("../server/evidence/retention.ts");
      const { evidenceStorage } = await import("../server/platform/storage/index.ts");
      const res = await runRetention(db, evidenceStorage(loadConfig()), cliContext());
      if (!res.ran) {
        out(`実行中のため省略 / skipped: another process is running it (${res.heldBy ?? "?"})`);
        return;
      }
      out(`OK: 削除 / deleted ${res.deleted}, ファイル / files removed ${res.filesRemoved}`);
    }),
  );

program
  .command("restrictions")
  .description("対応制限 / restrictions")
  .command("remind")
  .description("見直し日が近い(過ぎた)対応制限を承認者・所属の管理監督者・総務局に通知する(1件につき1回) / remind of restriction reviews due (once each)")
  .action(() =>
    withDatabase("restrictions remind", async ({ db }) => {
      const { runReviewReminders } = await import("../server/restrictions/reminders.ts");
      const res = await runReviewReminders(db, cliContext(), { days: loadConfig().restrictionReviewReminderDays });
      if (!res.ran) {
        out(`実行中のため省略 / skipped: another process is running it (${res.heldBy ?? "?"})`);
        return;
      }
      out(`OK: 対応制限 / restrictions reminded ${res.reminded}, 通知 / notifications ${res.notifications}`);
    }),
  );

program
  .command("package")
  .description("警察・弁護士への提供用パッケージ / police and lawyer packages")
  .command("verify <zip>")
  .description("パッケージの署名と全ファイルのSHA-256を検証する(オフライン) / verify a package's signature and every file's SHA-256 (offline)")
  .option("--public-key <pem>", "組織から受け取った公開鍵で検証する / verify against the organisation's public key")
  .action(async (zip: string, opts: { publicKey?: string }) => {
    const { describeResult, verifyPackage } = await import("../server/case-packages/verify.ts");
    const result = await verifyPackage(zip, { trustedPublicKeyPem: opts.publicKey ? fs.readFileSync(opts.publicKey, "utf8") : undefined });
    for (const line of describeResult(result)) (result.ok ? process.stdout : process.stderr).write(`${line}\n`);
    if (!result.ok) process.exitCode = 1;
  });

function explain(err: unknown): string {
  if (err instanceof AppError) return `${errorMessage("ja", err.code, err.params)} / ${errorMessage("en", err.code, err.params)}`;
  return (err as Error).message;
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`エラー / error: ${explain(err)}\n`);
    process.exitCode = 1;
  }
}
