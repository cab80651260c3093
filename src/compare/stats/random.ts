/** mulberry32's state advances by this constant; its output is a hash of the state. */
export const MULBERRY32_STEP = 0x6d2b79f5;
const STEP = MULBERRY32_STEP;

/**
 * mulberry32's next state, kept as a signed 32-bit integer (the hash reads
 * only its bits, so the stream is the same as with an unsigned one, and the
 * JIT keeps it in a register). A function, not an exported constant: hot
 * loops read an imported binding on every use.
 */
export function mulberry32Next(state: number): number {
  return (state + STEP) | 0;
}

/** mulberry32's state after `draws` more draws. */
export function mulberry32Skip(state: number, draws: number): number {
  return (state + Math.imul(draws, STEP)) | 0;
}

/** mulberry32's output for an (already advanced) state, as an unsigned 32-bit integer. */
export function mulberry32Bits(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** 2^-32: mulberry32Bits times this is the output as a uniform number in [0, 1). */
export const MULBERRY32_UNIT = 1 / 4294967296;

/** mulberry32's output for an (already advanced) state: a uniform number in [0, 1). */
export function mulberry32Output(state: number): number {
  return mulberry32Bits(state) / 4294967296;
}

/** Seeded PRNG (mulberry32): bootstrap results are reproducible run to run. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = mulberry32Next(a);
    return mulberry32Output(a);
  };
}

/** A stable 32-bit seed from a string (FNV-1a), so each metric gets its own stream. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
