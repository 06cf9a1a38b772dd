/** A minimal server-sent-events reader over fetch for tests and benchmarks (keeps the session cookie). */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseStream {
  events: SseEvent[];
  /** Resolves when the response headers arrived (the subscription exists once "ready" is seen). */
  ready: Promise<void>;
  waitFor(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
  done: Promise<void>;
}

export function openSse(url: string, headers: Record<string, string> = {}, onEvent?: (e: SseEvent) => void): SseStream {
  const ctrl = new AbortController();
  const events: SseEvent[] = [];
  const waiters: Array<{ pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }> = [];
  let readyResolve!: () => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  const push = (e: SseEvent) => {
    events.push(e);
    onEvent?.(e);
    if (e.event === "ready") readyResolve();
    for (const w of [...waiters]) {
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  };
  const done = (async () => {
    try {
      const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: ctrl.signal });
      if (res.status !== 200 || !res.body) {
        readyReject(new Error(`stream answered ${res.status}: ${await res.text()}`));
        return;
      }
      const decoder = new TextDecoder();
      let buf = "";
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let idx = buf.indexOf("\n\n");
        while (idx >= 0) {
          const block = buf.slice(0, idx);
          buf = buf.slice(idx + 2);
          let id: string | null = null;
          let event = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("id:")) id = line.slice(3).trim();
            else if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
          }
          if (data.length > 0 || id !== null) push({ id, event, data: data.join("\n") });
          idx = buf.indexOf("\n\n");
        }
      }
    } catch (err) {
      if ((err as Error).name !== "AbortError") readyReject(err as Error);
    }
  })();
  return {
    events,
    ready,
    done,
    close: () => ctrl.abort(),
    waitFor(pred, timeoutMs = 10_000) {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise<SseEvent>((resolve, reject) => {
        const w = {
          pred,
          resolve: (e: SseEvent) => {
            clearTimeout(t);
            resolve(e);
          },
        };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching event within ${timeoutMs} ms (got ${events.map((e) => e.event).join(", ")})`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
  };
}
