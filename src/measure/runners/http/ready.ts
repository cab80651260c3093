import { get } from "node:http";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServerExit } from "./server.ts";

/** A port that is free on 127.0.0.1 right now (the OS picks it). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("could not pick a free port");
  return address.port;
}

export type Readiness =
  { ready: true; seconds: number } | { ready: false; reason: "exited"; exit: ServerExit } | { ready: false; reason: "timeout"; last: string } | { ready: false; reason: "aborted" };

/**
 * Polls `url` until it answers with a 2xx or 3xx status, the server exits,
 * `timeoutSeconds` pass, or `signal` aborts.
 */
export async function waitUntilReady(url: string, timeoutSeconds: number, exited: () => ServerExit | undefined, signal?: AbortSignal): Promise<Readiness> {
  const started = Date.now();
  const deadline = started + timeoutSeconds * 1000;
  let last = "no answer";
  let delay = 25;
  while (true) {
    if (signal?.aborted) return { ready: false, reason: "aborted" };
    const exit = exited();
    if (exit) return { ready: false, reason: "exited", exit };
    const left = deadline - Date.now();
    if (left <= 0) return { ready: false, reason: "timeout", last };
    const answer = await probe(url, Math.max(50, Math.min(1000, left)));
    if (typeof answer === "number" && answer >= 200 && answer < 400) return { ready: true, seconds: (Date.now() - started) / 1000 };
    last = typeof answer === "number" ? `answered ${answer}` : answer;
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(delay * 2, 200);
  }
}

/** One GET on a fresh connection (no pool keeps sockets to the server): the status, or why there was none. */
function probe(url: string, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", (error: NodeJS.ErrnoException) => resolve(`no answer (${error.code ?? error.message})`));
  });
}
