import { bootstrapKernelModule } from "./bootstrap-kernel.ts";

// Node runs WebAssembly; the TypeScript libraries this project builds with (ES2024, no DOM) do not declare it.
/** The bootstrap kernel's functions (see bootstrap-kernel.ts); addresses are byte offsets into its memory. */
export interface Kernel {
  indices(state: number, draws: number, patternN: number, patternBase: number, period: number, out: number): void;
  sums(addresses: number, nTop: number, nBottom: number, replicates: number, rateTop: number, rateBottom: number, out: number, results: number): number;
  tails(ratios: number, count: number, lowA: number, highA: number, lowB: number, highB: number, windowA: number, windowB: number, results: number): void;
  /** The kernel's memory, at least `bytes` long: views of it as doubles and as 32-bit words (valid until the next call of `room`). */
  room(bytes: number): { floats: Float64Array; words: Uint32Array; buffer: ArrayBuffer };
}

const PAGE = 65536;
const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === "function";

/** The compiled kernel, null where WebAssembly with SIMD is not available; compiled on first use. */
let kernel: Kernel | null | undefined;

/** The kernel, or null where this runtime cannot run it (the callers then run the same arithmetic in JavaScript). */
export function bootstrapKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const bytes = bootstrapKernelModule();
  if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return kernel;
  const { memory, indices, sums, tails } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  if (!(memory instanceof WebAssembly.Memory) || !isFunction(indices) || !isFunction(sums) || !isFunction(tails)) return kernel;
  const viewsOf = (buffer: ArrayBuffer) => ({ buffer, floats: new Float64Array(buffer), words: new Uint32Array(buffer) });
  let views = viewsOf(memory.buffer);
  kernel = {
    indices: indices,
    sums: sums as Kernel["sums"],
    tails: tails,
    room(bytes) {
      // Only this code grows the memory, and growing replaces its buffer: the views change only then
      // (reading memory.buffer on every call costs more than the small calls it serves).
      if (bytes > views.buffer.byteLength) {
        memory.grow(Math.ceil((bytes - views.buffer.byteLength) / PAGE));
        views = viewsOf(memory.buffer);
      }
      return views;
    },
  };
  return kernel;
}

/** Rounds a byte offset up to 16 (the kernel reads and writes 16-byte vectors). */
export const align16 = (n: number): number => (n + 15) & ~15;
