import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite is a single-process database: two processes opening the same data directory corrupt it.
 * Every process that opens a data directory first takes this lock file. A lock left by a process that
 * no longer runs (crash, kill -9) is taken over; a live holder makes the second process stop with a
 * clear message naming the holder's PID.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holderPid: number,
    readonly holderCommand: string,
  ) {
    super(
      `データディレクトリ ${dir} は別のプロセス (PID ${holderPid}: ${holderCommand}) が使用中です。サーバーを停止してから実行してください。` +
        ` / The data directory ${dir} is in use by another process (PID ${holderPid}: ${holderCommand}). Stop the server first, or use DATABASE_URL (PostgreSQL) to run several processes.`,
    );
  }
}

interface LockInfo {
  pid: number;
  host: string;
  command: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireDataDirLock(dir: string, command: string): () => void {
  const file = path.join(dir, ".mamoru.lock");
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let holder: LockInfo | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
      } catch {
        holder = undefined; // unreadable or half-written lock: treat as stale
      }
      if (holder && holder.host === os.hostname() && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(dir, holder.pid, holder.command);
      }
      if (holder && holder.host !== os.hostname()) {
        throw new DataDirLockedError(dir, holder.pid, `${holder.command} @ ${holder.host}`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}
