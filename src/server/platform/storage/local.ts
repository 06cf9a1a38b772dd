import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ByteRange, type ObjectStat, type ObjectStorage, assertKey } from "./types.ts";

/**
 * Objects as files under one directory. A put writes to `<dir>/.incoming/<random>` and renames the
 * finished, fsync'ed file into place, so a cut-off upload or a crash leaves no file under a key;
 * left-over temporary files (from a process killed mid-write) are removed by `sweepIncoming`.
 */
export class LocalDiskStorage implements ObjectStorage {
  readonly incomingDir: string;

  constructor(readonly dir: string) {
    this.incomingDir = path.join(dir, ".incoming");
  }

  pathOf(key: string): string {
    assertKey(key);
    return path.join(this.dir, ...key.split("/"));
  }

  async put(key: string, source: Readable): Promise<{ size: number }> {
    const target = this.pathOf(key);
    await fsp.mkdir(this.incomingDir, { recursive: true });
    const temp = path.join(this.incomingDir, `${randomUUID()}.part`);
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      // flush: the data is fsync'ed before the file is closed, so the rename publishes complete bytes.
      await pipeline(source, counter, fs.createWriteStream(temp, { flags: "wx", mode: 0o600, flush: true }));
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(temp, target);
    } catch (err) {
      await fsp.rm(temp, { force: true });
      throw err;
    }
    return { size };
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    // Open first so a missing file rejects here (ENOENT) rather than as a stream error mid-response.
    const handle = await fsp.open(file, "r");
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<ObjectStat | null> {
    try {
      const s = await fsp.stat(this.pathOf(key), { bigint: true });
      return { size: Number(s.size), version: `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}` };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  /** Removes temporary files older than `olderThanMs` (left by a process that died mid-upload). */
  async sweepIncoming(olderThanMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    let names: string[] = [];
    try {
      names = await fsp.readdir(this.incomingDir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const p = path.join(this.incomingDir, name);
      try {
        const s = await fsp.stat(p);
        if (now - s.mtimeMs > olderThanMs) {
          await fsp.rm(p, { force: true });
          removed++;
        }
      } catch {
        /* removed meanwhile */
      }
    }
    return removed;
  }

  /** Fails with a clear message when the directory cannot be created or written. */
  checkWritable(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.accessSync(this.dir, fs.constants.W_OK);
  }
}
