import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import { tempDir } from "../../../../test/helpers/db.ts";
import { LocalDiskStorage } from "./local.ts";

test("a put is all or nothing: a source that fails midway leaves no file under the key and no temporary file", async () => {
  const dir = tempDir("mamoru-storage-");
  try {
    const store = new LocalDiskStorage(dir);
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from("first half of the recording ");
        throw new Error("connection lost");
      })(),
    );
    await assert.rejects(store.put("2026/11/broken", failing), /connection lost/);
    assert.equal(await store.stat("2026/11/broken"), null);
    assert.deepEqual(fs.readdirSync(path.join(dir, ".incoming")), []);

    const { size } = await store.put("2026/11/ok", Readable.from([Buffer.from("0123456789")]));
    assert.equal(size, 10);
    assert.equal(await text(await store.open("2026/11/ok", { start: 2, end: 5 })), "2345");
    const before = await store.stat("2026/11/ok");
    assert.equal(before?.size, 10);
    fs.writeFileSync(path.join(dir, "2026", "11", "ok"), "0123456789");
    assert.notEqual((await store.stat("2026/11/ok"))?.version, before?.version, "rewriting the same bytes still changes the change token");
    await store.delete("2026/11/ok");
    await store.delete("2026/11/ok"); // deleting twice is fine
    assert.equal(await store.stat("2026/11/ok"), null);
    await assert.rejects(store.open("2026/11/ok"), { code: "ENOENT" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("keys come from the server only: anything that could leave the directory is refused", async () => {
  const store = new LocalDiskStorage(tempDir("mamoru-storage-"));
  for (const bad of ["../etc/passwd", "/abs", "a/../../b", "A/B", "a//b", ""]) assert.throws(() => store.pathOf(bad), /invalid storage key/, bad);
  fs.rmSync(store.dir, { recursive: true, force: true });
});
