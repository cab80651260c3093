import autocannon from "autocannon";
import { quantileSorted } from "simple-statistics";
import type { LoadCase } from "./cases.ts";

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
  /** Wall-clock seconds the load ran. */
  seconds: number;
  /** Latency percentiles of the responses, in milliseconds (NaN without responses). */
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Seconds of load, or `amount` requests. */
  duration?: number;
  amount?: number;
  /** Stops the load early (server exited, run aborted). */
  stop?: Promise<unknown>;
  /** Called about every second with the responses so far. */
  onTick?: (responses: number, seconds: number) => void;
}

/** Runs autocannon against one benchmark for one round and summarises what it saw. */
export function runLoad(c: LoadCase, options: LoadOptions): Promise<RoundResult> {
  const latencies: number[] = [];
  let bytes = 0;
  const started = performance.now();
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
        reconnectRate: c.scenario.keepAlive ? 0 : 1,
        timeout: c.scenario.timeout,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 1 }),
        // autocannon notices the end of the duration on its sampling tick: keep it short for short rounds.
        sampleInt: 50,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const seconds = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        const q = (p: number) => (latencies.length ? quantileSorted(latencies, p) : Number.NaN);
        resolve({
          responses: latencies.length,
          non2xx: result.non2xx,
          failures: result.errors,
          timeouts: result.timeouts,
          bytes,
          seconds,
          p50: q(0.5),
          p95: q(0.95),
          p99: q(0.99),
        });
      },
    );
    instance.on("response", (_client, _status, resBytes, responseTime) => {
      latencies.push(responseTime);
      bytes += resBytes;
    });
    instance.on("tick", () => options.onTick?.(latencies.length, (performance.now() - started) / 1000));
    void options.stop?.then(() => instance.stop());
  });
}
