import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../../../errors.ts";
import type { RunContext } from "../types.ts";
import { watchMemory, type MemoryWatch } from "./memory.ts";
import { createNodeProbe, type NodeProbe } from "./node-probe.ts";
import { freeLoopbackPort, waitUntilReady } from "./ready.ts";
import { describeExit, type RunningServer, startServer } from "./server.ts";
import { fillPort, type HttpSpec } from "../../../config/http-spec.ts";

/** A started, answering server of an http suite, with its memory watch. */
export interface ServerSession {
  /** Where the load goes, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  port: number;
  /** The server's process group id. */
  pgid: number;
  /** Resolves when the server exits or the run is aborted: stops load in flight. */
  stop: Promise<unknown>;
  memory: MemoryWatch;
  /** Throws an InputError naming the suite if the server has exited. */
  crashed: (what: string) => void;
  /** Stops the server's whole process group and the probe; safe to call twice. */
  dispose: () => Promise<void>;
}

function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Picks the port: `env.PORT` when the config sets one, else a free loopback port; fills `${PORT}` everywhere. */
async function serverSettings(spec: HttpSpec, root: string, source: string) {
  const chosen = await freeLoopbackPort();
  const env = Object.fromEntries(Object.entries(spec.server.env).map(([k, v]) => [k, fillPort(v, chosen)]));
  const port = env.PORT !== undefined && /^\d+$/.test(env.PORT) ? Number(env.PORT) : chosen;
  const readyUrl = fillPort(spec.server.readyUrl, port);
  const cwd = resolve(root, spec.server.cwd);
  if (!existsSync(cwd)) throw new InputError(source, `server.cwd: directory not found: ${cwd}`);
  return { port, env: { PORT: String(port), ...env }, readyUrl, origin: new URL(readyUrl).origin, cwd };
}

async function waitReady(server: RunningServer, spec: HttpSpec, readyUrl: string, source: string, ctx: RunContext, label: string): Promise<boolean> {
  const ready = await waitUntilReady(readyUrl, spec.server.readyTimeout, server.exited, ctx.signal);
  if (ready.ready) {
    ctx.progress(`  ${label}: server answered ${readyUrl} after ${ready.seconds.toFixed(1)} s`);
    return true;
  }
  if (ready.reason === "aborted") return false;
  if (ready.reason === "exited") {
    throw new InputError(source, `server.command ${describeExit(ready.exit)} before server.readyUrl ${readyUrl} answered; last output: ${server.lastOutput()}`);
  }
  throw new InputError(
    source,
    `server.readyUrl ${readyUrl} did not answer with 2xx/3xx within server.readyTimeout (${spec.server.readyTimeout} s; last: ${ready.last}); last output: ${server.lastOutput()}`,
  );
}

/**
 * Starts an http suite's server command in its own process group, in `root`
 * (the config's directory of the checkout being measured), and waits until
 * `readyUrl` answers. Undefined when the run was aborted first. The caller
 * must `dispose()` the session whatever happens.
 */
export async function openServer(spec: HttpSpec, ctx: RunContext, label = spec.name): Promise<ServerSession | undefined> {
  const source = `http suite "${spec.name}"`;
  const settings = await serverSettings(spec, ctx.root, source);
  let probe: NodeProbe | undefined;
  let server: RunningServer | undefined;
  const dispose = async () => {
    await server?.stop();
    await probe?.dispose();
  };
  try {
    probe = spec.memory.nodeProbe ? await createNodeProbe() : undefined;
    const baseEnv = { ...(ctx.env ?? process.env), ...settings.env };
    ctx.progress(`  ${label}: starting \`${spec.server.command}\` (PORT=${settings.port})`);
    server = startServer({ command: spec.server.command, cwd: settings.cwd, env: { ...baseEnv, ...probe?.env(baseEnv) } });
    const running = server;
    if (!(await waitReady(running, spec, settings.readyUrl, source, ctx, label))) {
      await dispose();
      return undefined;
    }
    return {
      origin: settings.origin,
      port: settings.port,
      pgid: running.pid,
      stop: Promise.race([running.exit, aborted(ctx.signal)]),
      memory: watchMemory(running.pid, probe),
      crashed(what) {
        const exit = running.exited();
        if (exit) throw new InputError(source, `the server ${describeExit(exit)} ${what}; last output: ${running.lastOutput()}`);
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
