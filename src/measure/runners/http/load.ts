import autocannon from "autocannon";
import { messageOf } from "../../../errors.ts";
import { quantileSorted } from "simple-statistics";
import type { LoadCase } from "./cases.ts";
import { recordResponsesOnReconnect } from "./reconnect-hook.ts";
import { cpuSeconds } from "./process-group.ts";

/** What one round of load on one benchmark observed. */
export interface RoundResult {
  /** Responses received, whatever their status. */
  responses: number;
  /** Responses with a status outside 2xx. */
  non2xx: number;
  /** Requests that got no response: connection errors and timeouts. */
  failures: number;
  /** Of `failures`, the requests that timed out. */
  timeouts: number;
  /** Response bytes received (headers and body). */
  bytes: number;
  /** Seconds from the start of the load to its last response or failure. */
  seconds: number;
  /** Latency percentiles of the responses, in milliseconds (NaN without responses). */
  p50: number;
  p95: number;
  p99: number;
  /** CPU the server's process group used during the round, in percent of one core (Linux). */
  cpu?: number;
}

export interface LoadOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Seconds of load, or `amount` requests. */
  duration?: number;
  amount?: number;
  /** Stops the load early (server exited, run aborted). */
  stop?: Promise<unknown>;
  /** The server's processes (its group's members): their CPU use over the round is measured. */
  server?: readonly number[];
}

/** Runs autocannon against one benchmark for one round and summarises what it saw. */
export function runLoad(c: LoadCase, options: LoadOptions): Promise<RoundResult> {
  const latencies: number[] = [];
  let bytes = 0;
  let non2xx = 0;
  // Read before the clock starts: reading /proc is not part of the round.
  const cpuBefore = options.server === undefined ? undefined : cpuSeconds(options.server);
  const started = performance.now();
  let last = started;
  const record = (status: number, resBytes: number, ms: number) => {
    latencies.push(ms);
    bytes += resBytes;
    if (status < 200 || status > 299) non2xx++;
    last = performance.now();
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin + c.path,
        method: c.method as autocannon.Request["method"],
        headers: c.headers,
        body: c.body,
        connections: c.connections,
        pipelining: c.scenario.pipelining,
        // Without keep-alive, every request opens a new connection.
        ...(c.scenario.keepAlive ? {} : { reconnectRate: 1, setupClient: (client: autocannon.Client) => recordResponsesOnReconnect(client, record) }),
        timeout: c.scenario.timeout,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 1 }),
        // autocannon notices the end of the duration on its sampling tick: keep it short for short rounds.
        sampleInt: 50,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(messageOf(error)));
          return;
        }
        const wall = (performance.now() - started) / 1000;
        const cpuAfter = options.server === undefined ? undefined : cpuSeconds(options.server);
        latencies.sort((a, b) => a - b);
        const q = (p: number) => (latencies.length ? quantileSorted(latencies, p) : Number.NaN);
        resolve({
          responses: latencies.length,
          non2xx,
          failures: result.errors,
          timeouts: result.timeouts,
          bytes,
          seconds: Math.max(1e-3, (last - started) / 1000),
          p50: q(0.5),
          p95: q(0.95),
          p99: q(0.99),
          ...(cpuBefore !== undefined && cpuAfter !== undefined && wall > 0 ? { cpu: (100 * Math.max(0, cpuAfter - cpuBefore)) / wall } : {}),
        });
      },
    );
    instance.on("response", (_client, status, resBytes, responseTime) => record(status, resBytes, responseTime));
    instance.on("reqError", () => {
      last = performance.now();
    });
    void options.stop?.then(() => instance.stop());
  });
}
