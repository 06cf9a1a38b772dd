import type { Kysely } from "kysely";
import { sql } from "kysely";
import pg from "pg";
import type { Executor } from "../platform/context.ts";
import type { Database } from "../platform/db/schema.ts";
import { json, live, liveDb } from "./tables.ts";

/**
 * Real-time delivery of live-assist events, fed from the DATABASE:
 *
 * - Every event is a row of `live_events`, numbered under the row lock of `live_event_counter` in
 *   the writing transaction, so rows become visible in number order and a reader that has seen N
 *   has seen everything below N.
 * - Each process keeps one Feed per database. While it has subscribers it reads new rows after its
 *   last number and hands each row to the subscribers named among the row's recipients. It wakes
 *   on PostgreSQL NOTIFY (one dedicated pg client per process, when a URL is known), on a local
 *   commit (the same process wrote), and on a slow poll (a missed notification or a reconnect).
 *   On the embedded engine there is one process, so the local wake-up and the poll are the path.
 * - A client that reconnects sends Last-Event-ID and first receives the rows it missed.
 * Nothing a second process needs lives here: the rows are the truth, this is only a reader.
 */
export const CHANNEL = "mamoru_live";

export interface FeedEvent {
  seq: string;
  kind: string;
  at: string;
  sessionId: string | null;
  alertId: string | null;
  payload: unknown;
  /** The event serialised once for every stream it goes to. */
  json: string;
}

/** Writes one event in the caller's transaction; call it last in the transaction (it takes the counter lock). */
export async function emit(trx: Executor, e: { kind: string; at: Date; sessionId?: string | null; alertId?: string | null; recipients: readonly string[]; payload: unknown }): Promise<string> {
  const db = live(trx);
  const row = await db.updateTable("live_event_counter").set({ last: sql`last + 1` }).where("id", "=", 1).returning("last").executeTakeFirstOrThrow();
  const seq = String(row.last);
  await db
    .insertInto("live_events")
    .values({ seq, at: e.at, kind: e.kind, session_id: e.sessionId ?? null, alert_id: e.alertId ?? null, recipients: [...new Set(e.recipients)], payload: json(e.payload) })
    .execute();
  await sql`SELECT pg_notify(${CHANNEL}, ${seq})`.execute(trx);
  return seq;
}

interface Subscriber {
  userId: string;
  cursor: bigint;
  catchingUp: boolean;
  buffer: FeedEvent[];
  send: (e: FeedEvent) => void;
}

type Row = { seq: string; kind: string; at: Date; session_id: string | null; alert_id: string | null; recipients: string[]; payload: unknown };
function toEvent(r: Row): FeedEvent {
  const e = { seq: String(r.seq), kind: r.kind, at: r.at.toISOString(), sessionId: r.session_id, alertId: r.alert_id, payload: r.payload };
  return { ...e, json: JSON.stringify(e) };
}

export interface FeedOptions {
  /** PostgreSQL URL for the dedicated LISTEN connection; without it the feed polls. */
  listenUrl?: string | undefined;
  pollMs?: number;
}

export class Feed {
  private subs = new Set<Subscriber>();
  private last = 0n;
  private running = false;
  private draining = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.Client | null = null;
  private stopping = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: FeedOptions = {},
  ) {}

  get subscriberCount() {
    return this.subs.size;
  }

  /** Wakes the reader (after a local commit). */
  kick() {
    if (this.running) void this.drain();
  }

  /**
   * Subscribes a user. `after` is the Last-Event-ID the client already has (null: only new events).
   * Returns the unsubscribe function.
   */
  async subscribe(userId: string, after: bigint | null, send: (e: FeedEvent) => void): Promise<() => void> {
    if (!this.running) await this.start();
    const sub: Subscriber = { userId, cursor: after ?? this.last, catchingUp: after !== null, buffer: [], send };
    this.subs.add(sub);
    if (after !== null) {
      try {
        const rows = (await liveDb(this.db)
          .selectFrom("live_events")
          .select(["seq", "kind", "at", "session_id", "alert_id", "recipients", "payload"])
          .where(sql<boolean>`seq > ${String(after)}::bigint`)
          .where(sql<boolean>`${userId}::uuid = ANY(recipients)`)
          .orderBy("seq")
          .limit(1000)
          .execute()) as unknown as Row[];
        for (const r of rows) this.deliver(sub, toEvent(r));
      } finally {
        sub.catchingUp = false;
        for (const e of sub.buffer.splice(0)) this.deliver(sub, e);
      }
    }
    return () => {
      this.subs.delete(sub);
      if (this.subs.size === 0) void this.stop();
    };
  }

  private deliver(sub: Subscriber, e: FeedEvent) {
    if (sub.catchingUp) {
      sub.buffer.push(e);
      return;
    }
    const seq = BigInt(e.seq);
    if (seq <= sub.cursor) return; // already delivered (catch-up and live overlap)
    sub.cursor = seq;
    try {
      sub.send(e);
    } catch {
      /* a closed stream: it unsubscribes on its own */
    }
  }

  private async start() {
    this.running = true;
    this.stopping = false;
    const head = await liveDb(this.db).selectFrom("live_event_counter").select("last").where("id", "=", 1).executeTakeFirst();
    this.last = BigInt(head?.last ?? 0);
    if (this.opts.listenUrl) await this.listen();
    const poll = this.opts.pollMs ?? (this.opts.listenUrl ? 2000 : 500);
    this.timer = setInterval(() => void this.drain(), poll);
    this.timer.unref();
  }

  private async listen() {
    const url = this.opts.listenUrl as string;
    const client = new pg.Client({ connectionString: url });
    client.on("notification", () => void this.drain());
    client.on("error", () => {
      if (this.listener === client) this.listener = null;
      client.end().catch(() => {});
      if (!this.stopping && this.running) setTimeout(() => void this.listen().catch(() => {}), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
      void this.drain(); // anything written while (re)connecting
    } catch {
      client.end().catch(() => {});
      if (!this.stopping && this.running) setTimeout(() => void this.listen().catch(() => {}), 1000).unref();
    }
  }

  private async stop() {
    this.stopping = true;
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => {});
  }

  /** Reads rows after the last one seen and hands them out; one reader at a time, re-run when woken meanwhile. */
  private async drain(): Promise<void> {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const rows = (await liveDb(this.db)
            .selectFrom("live_events")
            .select(["seq", "kind", "at", "session_id", "alert_id", "recipients", "payload"])
            .where(sql<boolean>`seq > ${String(this.last)}::bigint`)
            .orderBy("seq")
            .limit(500)
            .execute()) as unknown as Row[];
          if (rows.length === 0) break;
          for (const r of rows) {
            this.last = BigInt(r.seq);
            const recipients = new Set(r.recipients);
            const e = toEvent(r);
            for (const s of this.subs) if (recipients.has(s.userId)) this.deliver(s, e);
          }
          if (rows.length < 500) break;
        }
      } while (this.again && this.running);
    } catch {
      /* the database is unavailable or closing: the next wake-up tries again */
    } finally {
      this.draining = false;
    }
  }
}

const feeds = new WeakMap<object, Feed>();

/** The one feed of this process for a database (created on first use). */
export function feedFor(db: Kysely<Database>, opts: FeedOptions = {}): Feed {
  let f = feeds.get(db);
  if (!f) {
    f = new Feed(db, opts);
    feeds.set(db, f);
  }
  return f;
}
