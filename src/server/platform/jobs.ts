import { randomUUID } from "node:crypto";
import os from "node:os";
import { sql } from "kysely";
import type { Executor } from "./context.ts";

/**
 * Scheduled jobs run in one process at a time, whichever server (or the CLI) starts them: the lock
 * is a lease row in `job_locks`, taken atomically with INSERT … ON CONFLICT DO UPDATE … WHERE the
 * previous lease has expired. A holder that dies leaves a lease that simply runs out. Long jobs
 * renew the lease between batches and stop when they find it taken over.
 */
export interface JobLease {
  name: string;
  holder: string;
  /** Extends the lease; false when another process has taken it (the job must stop). */
  renew(): Promise<boolean>;
}

export type JobRun<T> = { ran: true; result: T } | { ran: false; heldBy: string | null };

const holderId = () => `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export async function tryAcquire(db: Executor, name: string, ttlMs: number): Promise<JobLease | null> {
  const holder = holderId();
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  const r = await sql<{ holder: string }>`
    INSERT INTO job_locks (name, holder, acquired_at, expires_at)
    VALUES (${name}, ${holder}, clock_timestamp(), clock_timestamp() + make_interval(secs => ${seconds}))
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
    WHERE job_locks.expires_at < clock_timestamp()
    RETURNING holder`.execute(db);
  if (r.rows[0]?.holder !== holder) return null;
  return {
    name,
    holder,
    renew: async () => {
      const u = await sql`
        UPDATE job_locks SET expires_at = clock_timestamp() + make_interval(secs => ${seconds})
        WHERE name = ${name} AND holder = ${holder}`.execute(db);
      return Number(u.numAffectedRows ?? 0) === 1;
    },
  };
}

export async function release(db: Executor, lease: JobLease): Promise<void> {
  await sql`DELETE FROM job_locks WHERE name = ${lease.name} AND holder = ${lease.holder}`.execute(db);
}

/** Runs `fn` holding the named lease, or does nothing (ran: false) when another process holds it. */
export async function runExclusive<T>(db: Executor, name: string, ttlMs: number, fn: (lease: JobLease) => Promise<T>): Promise<JobRun<T>> {
  const lease = await tryAcquire(db, name, ttlMs);
  if (!lease) {
    const row = await sql<{ holder: string }>`SELECT holder FROM job_locks WHERE name = ${name}`.execute(db);
    return { ran: false, heldBy: row.rows[0]?.holder ?? null };
  }
  try {
    return { ran: true, result: await fn(lease) };
  } finally {
    await release(db, lease);
  }
}
