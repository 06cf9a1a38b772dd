import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import * as accountsRepo from "./accounts/repo.ts";
import { deleteExpiredSessions } from "./auth/repo.ts";
import { DEMO_START_INCIDENTS, generateIncidents } from "./demo/incidents.ts";
import { isDemoSeeded, seedDemo, DEMO_USERS } from "./demo/seed.ts";
import { openAndMigrate } from "./platform/bootstrap.ts";
import { seedProductContent } from "./policy/seed.ts";
import { cliContext } from "./platform/context.ts";
import { loadConfig } from "./platform/config.ts";
import { keyringFor } from "./platform/crypto.ts";
import { createApp } from "./platform/http/app.ts";
import { createLogger } from "./platform/logger.ts";
import { evidenceStorage } from "./platform/storage/index.ts";
import { runRetention } from "./evidence/retention.ts";
import { runReviewReminders } from "./restrictions/reminders.ts";
import { runRollupRefresh } from "./analytics/rollup.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const handle = await openAndMigrate(config, "mamoru server");
  const { db } = handle;
  keyringFor(config); // refuses to start without an encryption key (outside demo mode); after the data directory check

  if (config.demo && !(await isDemoSeeded(db))) {
    const password = await seedDemo(db, config.demoPassword);
    await generateIncidents(db, cliContext(), { count: DEMO_START_INCIDENTS }); // so the demo looks alive
    const lines = [
      "",
      "────────────────────────────────────────────────────────────",
      " Mamoru デモ組織を作成しました / demo organisation created",
      ` ユーザー / users: ${DEMO_USERS.map((u) => u.username).join(", ")}`,
      ` パスワード / password: ${password}`,
      " (この表示は初回のみ / shown on first start only;",
      "  再設定 / reset: npm run mamoru -- user reset-password <username>)",
      "────────────────────────────────────────────────────────────",
      "",
    ];
    process.stdout.write(lines.join("\n"));
  } else if (!config.demo) {
    const admins = await accountsRepo.countActiveAdmins(db);
    if (admins === 0) {
      process.stdout.write(
        "管理者がまだいません。別の端末で次を実行してください / No administrator yet. Stop the server and run:\n  npm run mamoru -- admin create --username <name>\n",
      );
    }
  }

  await seedProductContent(db); // default policy pack and training modules: product content, demo or not (idempotent)

  const webRoot = path.join(root, "dist/web");
  if (!fs.existsSync(path.join(webRoot, "index.html"))) logger.warn({ webRoot }, "web app not built: run npm run build");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  const app = createApp({ db, config, logger, webRoot, version: pkg.version });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info({ port: info.port, engine: handle.engine }, "listening");
    process.stdout.write(`Mamoru: http://localhost:${info.port}/ (${handle.engine === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL"})\n`);
  });
  server.on("error", async (err: NodeJS.ErrnoException) => {
    process.stderr.write(
      err.code === "EADDRINUSE"
        ? `ポート ${config.port} は使用中です / port ${config.port} is already in use (set PORT to change it)\n`
        : `サーバーを開始できません / cannot start the server: ${err.message}\n`,
    );
    await handle.close();
    process.exit(1);
  });

  // Housekeeping: idempotent, so every process may run it; no lock needed.
  const sweep = setInterval(() => {
    deleteExpiredSessions(db, new Date(), config.sessionIdleMs).catch((err) => logger.warn({ err: (err as Error).message }, "session sweep failed"));
  }, 10 * 60_000);
  sweep.unref();
  // Evidence retention (hourly, first run a minute after start): the database lease keeps it to one process at a time.
  const evidenceStore = evidenceStorage(config);
  const retention = () => {
    runRetention(db, evidenceStore, { actor: null, ip: null, requestId: "evidence-retention", locale: "ja" })
      .then((r) => {
        if (r.deleted > 0 || r.filesRemoved > 0) logger.info({ deleted: r.deleted, filesRemoved: r.filesRemoved }, "evidence retention");
      })
      .catch((err) => logger.warn({ err: (err as Error).message }, "evidence retention failed"));
    evidenceStore.sweepIncoming(24 * 3600_000).catch(() => {});
  };
  const retentionFirst = setTimeout(retention, 60_000);
  retentionFirst.unref();
  const retentionTimer = setInterval(retention, 3600_000);
  retentionTimer.unref();
  // Restriction review reminders (hourly, first run two minutes after start), under their own lease; each is sent once.
  const reminders = () => {
    runReviewReminders(db, { actor: null, ip: null, requestId: "restriction-review-reminders", locale: "ja" }, { days: config.restrictionReviewReminderDays })
      .then((r) => {
        if (r.reminded > 0) logger.info({ reminded: r.reminded, notifications: r.notifications }, "restriction review reminders");
      })
      .catch((err) => logger.warn({ err: (err as Error).message }, "restriction review reminders failed"));
  };
  const remindersFirst = setTimeout(reminders, 120_000);
  remindersFirst.unref();
  const remindersTimer = setInterval(reminders, 3600_000);
  remindersTimer.unref();

  // Analytics rollup: recompute the dirty buckets every minute under its lease, so dashboard reads
  // seldom find work to do (they refresh their own scope first anyway).
  const rollup = () => {
    runRollupRefresh(db)
      .then((r) => {
        if (r.ran && r.result > 0) logger.debug({ buckets: r.result }, "analytics rollup refreshed");
      })
      .catch((err) => logger.warn({ err: (err as Error).message }, "analytics rollup refresh failed"));
  };
  const rollupTimer = setInterval(rollup, 60_000);
  rollupTimer.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    clearInterval(sweep);
    clearTimeout(retentionFirst);
    clearInterval(retentionTimer);
    clearTimeout(remindersFirst);
    clearInterval(remindersTimer);
    clearInterval(rollupTimer);
    server.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: Error) => {
  // One line, no stack trace: configuration and database problems are for an operator to fix.
  process.stderr.write(`Mamoru を開始できません / cannot start Mamoru: ${err.message}\n`);
  process.exit(1);
});
