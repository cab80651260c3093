// Entry of one side's worker process in a paired measurement: it imports that
// side's benchmark files and runs single batches of a task when asked, so that
// each side runs its own code in its own process and environment.
import { Bench } from "tinybench";
import { InputError, messageOf } from "../errors.ts";
import { loadSuites, type Suite } from "../measure/runners/suite-module.ts";
import { type WorkerReply, WorkerRequest, type WorkerTask } from "./worker-protocol.ts";
import { profileTask } from "./worker-profile.ts";

interface LoadedTask extends WorkerTask {
  fn: () => unknown;
}

const tasks = new Map<string, LoadedTask>();
const suites: Suite[] = [];

function send(reply: WorkerReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(reply, undefined, {}, () => resolve());
  });
}

async function load(files: string[]): Promise<WorkerReply> {
  for (const file of files) {
    for (const suite of await loadSuites(file)) {
      suites.push(suite);
      for (const [name, fn] of Object.entries(suite.tasks)) {
        const key = `${suite.name}/${name}`;
        tasks.set(key, { key, suite: suite.name, name, file, fn });
      }
    }
  }
  for (const suite of suites) {
    try {
      await suite.setup?.();
    } catch (error) {
      const file = [...tasks.values()].find((t) => t.suite === suite.name)?.file ?? "benchmark file";
      throw new InputError(file, `setup of suite "${suite.name}" failed: ${messageOf(error).split("\n")[0]}`);
    }
  }
  return { type: "loaded", tasks: [...tasks.values()].map(({ key, suite, name, file }) => ({ key, suite, name, file })) };
}

async function batch(key: string, time: number, iterations: number): Promise<WorkerReply> {
  const task = tasks.get(key);
  if (!task) return { type: "error", source: "paired measurement", message: `no task ${key} in this checkout` };
  // One short tinybench run per batch: the driver warms both sides alike, so no warm-up here.
  const bench = new Bench({ time, iterations, warmup: false, retainSamples: true, throws: true });
  bench.add(task.name, task.fn);
  try {
    await bench.run();
  } catch (error) {
    throw new InputError(task.file, `task "${key}" failed: ${messageOf(error).split("\n")[0]}`);
  }
  const result = bench.getTask(task.name)?.result;
  if (!result || !("latency" in result) || !result.latency.samples) throw new InputError(task.file, `task "${key}" produced no samples`);
  return { type: "samples", key, samples: [...(result.latency.samples as readonly number[])] };
}

async function close(): Promise<WorkerReply> {
  for (const suite of suites) await suite.teardown?.();
  return { type: "closed" };
}

async function handle(message: unknown): Promise<WorkerReply> {
  const request = WorkerRequest.parse(message);
  switch (request.type) {
    case "load":
      return load(request.files);
    case "batch":
      return batch(request.key, request.time, request.iterations);
    case "profile": {
      const task = tasks.get(request.key);
      if (!task) return { type: "error", source: "profile", message: `no task ${request.key} in this checkout` };
      return { type: "profiled", key: request.key, profiles: await profileTask(task.fn, request) };
    }
    case "close":
      return close();
  }
}

process.on("message", (message: unknown) => {
  void handle(message)
    .catch((error: unknown): WorkerReply => ({
      type: "error",
      source: error instanceof InputError ? error.source : "paired measurement",
      message: error instanceof InputError ? error.message.slice(error.source.length + 2) : messageOf(error),
    }))
    .then(async (reply) => {
      await send(reply);
      if (reply.type === "closed") process.disconnect();
    });
});
// The driver going away ends the worker too.
process.on("disconnect", () => process.exit(0));
