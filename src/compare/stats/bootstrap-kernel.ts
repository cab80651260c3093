import { MULBERRY32_STEP as STEP } from "./random.ts";
import { op, type Bytes, type, wasmModule } from "./wasm-writer.ts";

/**
 * The round bootstrap's inner loop as WebAssembly, with the same random
 * stream and the same floating-point operations in the same order as the
 * JavaScript loop in `bootstrap-rounds.ts`, so every ratio is the same double.
 *
 * A comparison of 10,000 metrics draws 200 million rounds; in JavaScript the
 * mulberry32 hash alone is 1.5 ns a draw. mulberry32's state only steps by a
 * constant, so the states of successive draws are known in advance and four
 * are hashed at once in SIMD lanes (`indices`); `sums` then adds the drawn
 * rounds in draw order, as JavaScript does, two replicates side by side in
 * the lanes of one vector (each lane's additions are the scalar loop's).
 */

// `indices(state, draws, patternN, patternBase, period, out)`: for draw k (0-based) of this
// stretch, with s = state + (k + 1) * STEP and bits = mulberry32's output for s, stores at
// out + 4k the byte address base + 8 * floor(bits * n / 2^32), where n and base are the side's
// round count and values: pattern*[k mod period], `period` draws to one replicate (current's
// rounds, then the baseline's). The pattern arrays hold period + 3 entries (the first three
// again), read four at a time; `draws` is rounded up to whole vectors by the caller.
const [STATE, DRAWS, PATTERN_N, PATTERN_BASE, PERIOD, OUT] = [0, 1, 2, 3, 4, 5];
const [K, M, S, T, N, STEP4, ONES, SIXTY_ONES] = [6, 7, 8, 9, 10, 11, 12, 13];
const { localGet: get, localSet: set, localTee: tee } = op;

/** t = t ^ (t >>> shift) on four lanes, then times (t | or), `or` a local of four equal lanes: the shape of mulberry32's two multiplying steps. */
const mixLanes = (t: number, shift: number, or: number): Bytes[] => [get(t), get(t), op.i32Const(shift), op.i32x4ShrU, op.v128Xor, get(t), get(or), op.v128Or, op.i32x4Mul];

const indices: Bytes[] = [
  // s holds the states of four successive draws.
  get(STATE),
  op.i32x4Splat,
  op.v128Const(Int32Array.of(STEP, Math.imul(2, STEP), Math.imul(3, STEP), Math.imul(4, STEP))),
  op.i32x4Add,
  set(S),
  op.i32Const(Math.imul(4, STEP)),
  op.i32x4Splat,
  set(STEP4),
  op.i32Const(1),
  op.i32x4Splat,
  set(ONES),
  op.i32Const(61),
  op.i32x4Splat,
  set(SIXTY_ONES),
  op.block,
  op.loop,
  get(K),
  get(DRAWS),
  op.i32GeU,
  op.brIf(1),
  // t = imul(s ^ (s >>> 15), s | 1)
  ...mixLanes(S, 15, ONES),
  set(T),
  // t ^= t + imul(t ^ (t >>> 7), t | 61)
  get(T),
  get(T),
  ...mixLanes(T, 7, SIXTY_ONES),
  op.i32x4Add,
  op.v128Xor,
  set(T),
  // bits = t ^ (t >>> 14), as unsigned
  get(T),
  get(T),
  op.i32Const(14),
  op.i32x4ShrU,
  op.v128Xor,
  set(T),
  // The four draws' round counts.
  get(PATTERN_N),
  get(M),
  op.i32Const(2),
  op.i32Shl,
  op.i32Add,
  op.v128Load,
  set(N),
  // Store address: out + 4k.
  get(OUT),
  get(K),
  op.i32Const(2),
  op.i32Shl,
  op.i32Add,
  // floor(bits * n / 2^32): the high halves of the exact 64-bit products, then times 8 plus the side's base.
  get(T),
  get(N),
  op.i64x2ExtmulLowI32x4U,
  get(T),
  get(N),
  op.i64x2ExtmulHighI32x4U,
  op.i8x16Shuffle([4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31]),
  op.i32Const(3),
  op.i32x4Shl,
  get(PATTERN_BASE),
  get(M),
  op.i32Const(2),
  op.i32Shl,
  op.i32Add,
  op.v128Load,
  op.i32x4Add,
  op.v128Store,
  // Next four draws.
  get(S),
  get(STEP4),
  op.i32x4Add,
  set(S),
  get(K),
  op.i32Const(4),
  op.i32Add,
  set(K),
  // m = (m + 4) mod period (a period is at least 6 draws: 3 rounds a side).
  get(M),
  op.i32Const(4),
  op.i32Add,
  tee(M),
  get(PERIOD),
  op.i32GeU,
  op.if,
  get(M),
  get(PERIOD),
  op.i32Sub,
  set(M),
  op.end,
  op.br(0),
  op.end,
  op.end,
];

// `sums(addresses, nTop, nBottom, replicates, rateTop, rateBottom, out, results) -> count`: per
// replicate, the current side's nTop drawn values summed in draw order from 0, then the
// baseline's; each side's estimate is sum / n (or rate / (sum / n)), and the ratio current /
// baseline is stored at out when finite. Returns how many were stored, and stores at results
// how many of those are <= 1 and >= 1 (two i32). Arithmetic shares SIMD lanes only where each
// lane does what the scalar loop does (lane-wise IEEE addition and division give the same doubles):
// two replicates side by side when both sides draw as many rounds, else the two sides' divisions.
const [ADDRESS, N_TOP, N_BOTTOM, REPLICATES, RATE_TOP, RATE_BOTTOM, RATIOS, SUMS_RESULTS] = [0, 1, 2, 3, 4, 5, 6, 7];
const [I, J, COUNT, AT_MOST, AT_LEAST, SKIP, SUM_TOP, SUM_BOTTOM, RATIO, DIVISORS, RATES, RATE_IS_ZERO, QUOTIENT] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
const [PAIR_TOP, PAIR_BOTTOM, SKIP2, SKIP3] = [21, 22, 23, 24];

/** The end of a loop over one replicate's draws: on to the next address, and again while J, counting down, is not 0. */
const nextDraw: Bytes[] = [get(ADDRESS), op.i32Const(4), op.i32Add, set(ADDRESS), get(J), op.i32Const(1), op.i32Sub, tee(J), op.brIf(0), op.end];
/** ADDRESS moves on by the bytes in a local. */
const skipAddresses = (bytes: number): Bytes[] => [get(ADDRESS), get(bytes), op.i32Add, set(ADDRESS)];

/** The drawn value whose address is at ADDRESS + `offset` (a local, or none). */
const drawn = (offset?: number): Bytes[] => [get(ADDRESS), ...(offset === undefined ? [] : [get(offset), op.i32Add]), op.i32Load];

/** Two drawn values as the lanes of one vector: lane 0's address at ADDRESS + `first`, lane 1's at ADDRESS + `second`. */
const drawnPair = (first: number | undefined, second: number): Bytes[] => [...drawn(second), ...drawn(first), op.v128Load64Zero, op.v128Load64Lane(1)];

/** sum = 0, then sum += the value at each of the next n addresses. */
const sumDraws = (sum: number, n: number): Bytes[] => [op.f64Const(0), set(sum), get(n), set(J), op.loop, get(sum), ...drawn(), op.f64Load, op.f64Add, set(sum), ...nextDraw];

/**
 * Both sides' sums when they draw as many rounds (the usual case): one loop
 * with two independent chains of additions, each still in draw order.
 */
const sumBoth: Bytes[] = [
  op.f64Const(0),
  set(SUM_TOP),
  op.f64Const(0),
  set(SUM_BOTTOM),
  get(N_TOP),
  set(J),
  op.loop,
  get(SUM_TOP),
  ...drawn(),
  op.f64Load,
  op.f64Add,
  set(SUM_TOP),
  get(SUM_BOTTOM),
  ...drawn(SKIP),
  op.f64Load,
  op.f64Add,
  set(SUM_BOTTOM),
  ...nextDraw,
  // Past the baseline's addresses too.
  ...skipAddresses(SKIP),
];

/** Two f64 locals as the lanes of one vector. */
const pair = (first: number, second: number): Bytes[] => [get(first), op.f64x2Splat, get(second), op.f64x2ReplaceLane(1)];
/** local += condition (an i32 0 or 1 on the stack). */
const addTo = (local: number, condition: Bytes[]): Bytes[] => [get(local), ...condition, op.i32Add, set(local)];
const storeCount = (results: number, slot: number, local: number): Bytes[] => [get(results), op.i32Const(4 * slot), op.i32Add, get(local), op.i32Store];

/** The ratio on the stack is stored and counted when finite. */
const keepRatio: Bytes[] = [
  tee(RATIO),
  // Finite: x - x is 0 (it is NaN for infinities and NaN).
  get(RATIO),
  op.f64Sub,
  op.f64Const(0),
  op.f64Eq,
  op.if,
  get(RATIOS),
  get(COUNT),
  op.i32Const(3),
  op.i32Shl,
  op.i32Add,
  get(RATIO),
  op.f64Store,
  get(COUNT),
  op.i32Const(1),
  op.i32Add,
  set(COUNT),
  ...addTo(AT_MOST, [get(RATIO), op.f64Const(1), op.f64Le]),
  ...addTo(AT_LEAST, [get(RATIO), op.f64Const(1), op.f64Ge]),
  op.end,
];

/**
 * Two replicates at once (both sides draw n rounds; the next replicate's draws start 2n
 * addresses on): lane 0 sums replicate i's draws, lane 1 replicate i + 1's, each in draw order.
 */
const sumPair: Bytes[] = [
  op.f64Const(0),
  op.f64x2Splat,
  tee(PAIR_TOP),
  set(PAIR_BOTTOM),
  get(N_TOP),
  set(J),
  op.loop,
  get(PAIR_TOP),
  ...drawnPair(undefined, SKIP2),
  op.f64x2Add,
  set(PAIR_TOP),
  get(PAIR_BOTTOM),
  ...drawnPair(SKIP, SKIP3),
  op.f64x2Add,
  set(PAIR_BOTTOM),
  ...nextDraw,
  // Past the rest of both replicates' addresses.
  ...skipAddresses(SKIP3),
  // Each side's estimates: sum / n, then rate / that for a rate.
  ...meanOf(PAIR_TOP, N_TOP),
  ...meanOf(PAIR_BOTTOM, N_BOTTOM),
  ...rateOf(PAIR_TOP, RATE_TOP),
  ...rateOf(PAIR_BOTTOM, RATE_BOTTOM),
  // The two ratios, stored in replicate order.
  get(PAIR_TOP),
  get(PAIR_BOTTOM),
  op.f64x2Div,
  tee(PAIR_TOP),
  op.f64x2ExtractLane(0),
  ...keepRatio,
  get(PAIR_TOP),
  op.f64x2ExtractLane(1),
  ...keepRatio,
];

/** Two lanes of one side's sums become their means: sum / n. */
function meanOf(lanes: number, n: number): Bytes[] {
  return [get(lanes), get(n), op.f64ConvertI32U, op.f64x2Splat, op.f64x2Div, set(lanes)];
}

/** Two lanes of estimates become rate / estimate when the side is a rate. */
function rateOf(lanes: number, rate: number): Bytes[] {
  return [get(rate), op.f64Const(0), op.f64Ne, op.if, get(rate), op.f64x2Splat, get(lanes), op.f64x2Div, set(lanes), op.end];
}

/** One replicate: both sides' sums, their divisions in two lanes, the ratio. */
const sumOne: Bytes[] = [
  get(N_TOP),
  get(N_BOTTOM),
  op.i32Eq,
  op.if,
  ...sumBoth,
  op.else,
  ...sumDraws(SUM_TOP, N_TOP),
  ...sumDraws(SUM_BOTTOM, N_BOTTOM),
  op.end,
  // Per side: q = sum / n, and the estimate is q, or rate / q for a rate (divided only when a side has a rate).
  ...pair(SUM_TOP, SUM_BOTTOM),
  get(DIVISORS),
  op.f64x2Div,
  set(QUOTIENT),
  get(RATE_TOP),
  get(RATE_BOTTOM),
  op.f64Ne,
  get(RATE_TOP),
  op.f64Const(0),
  op.f64Ne,
  op.i32Or,
  op.if,
  get(QUOTIENT),
  get(RATES),
  get(QUOTIENT),
  op.f64x2Div,
  get(RATE_IS_ZERO),
  op.v128Bitselect,
  set(QUOTIENT),
  op.end,
  get(QUOTIENT),
  op.f64x2ExtractLane(0),
  get(QUOTIENT),
  op.f64x2ExtractLane(1),
  op.f64Div,
  ...keepRatio,
];

const sums: Bytes[] = [
  get(N_TOP),
  op.f64ConvertI32U,
  op.f64x2Splat,
  get(N_BOTTOM),
  op.f64ConvertI32U,
  op.f64x2ReplaceLane(1),
  set(DIVISORS),
  ...pair(RATE_TOP, RATE_BOTTOM),
  tee(RATES),
  op.f64Const(0),
  op.f64x2Splat,
  op.f64x2Eq,
  set(RATE_IS_ZERO),
  get(N_TOP),
  op.i32Const(2),
  op.i32Shl,
  tee(SKIP),
  get(SKIP),
  op.i32Add,
  tee(SKIP2),
  get(SKIP),
  op.i32Add,
  set(SKIP3),
  op.block,
  op.loop,
  get(I),
  get(REPLICATES),
  op.i32GeU,
  op.brIf(1),
  // Two replicates at once while both sides draw as many rounds and two are left.
  get(N_TOP),
  get(N_BOTTOM),
  op.i32Eq,
  get(I),
  op.i32Const(1),
  op.i32Add,
  get(REPLICATES),
  op.i32LtU,
  op.i32And,
  op.if,
  ...sumPair,
  get(I),
  op.i32Const(2),
  op.i32Add,
  set(I),
  op.else,
  ...sumOne,
  get(I),
  op.i32Const(1),
  op.i32Add,
  set(I),
  op.end,
  op.br(0),
  op.end,
  op.end,
  ...storeCount(SUMS_RESULTS, 0, AT_MOST),
  ...storeCount(SUMS_RESULTS, 1, AT_LEAST),
  get(COUNT),
];

// `tails(ratios, count, lowA, highA, lowB, highB, windowA, windowB, results)`: one pass over the
// ratios for both ends of the interval. Stores at results four i32 counts: below lowA, in
// [lowA, highA] (copied to windowA), in [lowB, highB] (copied to windowB), above highB. Without
// branches: each value is stored at the end of both windows, which only grow when it belongs there.
const [RATIO_AT, RATIO_COUNT, LOW_A, HIGH_A, LOW_B, HIGH_B, WINDOW_A, WINDOW_B, RESULTS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const [AT, END, VALUE, BELOW_A, INSIDE_A, INSIDE_B, ABOVE_B] = [9, 10, 11, 12, 13, 14, 15];

/** Stores the value at window + 8 * inside, and counts it in when it lies in [low, high]. */
const gather = (window: number, inside: number, low: number, high: number): Bytes[] => [
  get(window),
  get(inside),
  op.i32Const(3),
  op.i32Shl,
  op.i32Add,
  get(VALUE),
  op.f64Store,
  ...addTo(inside, [get(VALUE), get(low), op.f64Ge, get(VALUE), get(high), op.f64Le, op.i32And]),
];

const tails: Bytes[] = [
  get(RATIO_AT),
  set(AT),
  get(RATIO_AT),
  get(RATIO_COUNT),
  op.i32Const(3),
  op.i32Shl,
  op.i32Add,
  set(END),
  op.block,
  op.loop,
  get(AT),
  get(END),
  op.i32GeU,
  op.brIf(1),
  get(AT),
  op.f64Load,
  set(VALUE),
  ...addTo(BELOW_A, [get(VALUE), get(LOW_A), op.f64Lt]),
  ...gather(WINDOW_A, INSIDE_A, LOW_A, HIGH_A),
  ...gather(WINDOW_B, INSIDE_B, LOW_B, HIGH_B),
  ...addTo(ABOVE_B, [get(VALUE), get(HIGH_B), op.f64Gt]),
  get(AT),
  op.i32Const(8),
  op.i32Add,
  set(AT),
  op.br(0),
  op.end,
  op.end,
  ...storeCount(RESULTS, 0, BELOW_A),
  ...storeCount(RESULTS, 1, INSIDE_A),
  ...storeCount(RESULTS, 2, INSIDE_B),
  ...storeCount(RESULTS, 3, ABOVE_B),
];

/** The kernel's module: functions `indices`, `sums` and `tails`, and its memory (starting at 4 pages, grown by the caller). */
export function bootstrapKernelModule(): Uint8Array<ArrayBuffer> {
  const { i32, f64, v128 } = type;
  return wasmModule(
    [
      { name: "indices", params: [i32, i32, i32, i32, i32, i32], results: [], locals: [i32, i32, v128, v128, v128, v128, v128, v128], body: indices },
      {
        name: "sums",
        params: [i32, i32, i32, i32, f64, f64, i32, i32],
        results: [i32],
        locals: [i32, i32, i32, i32, i32, i32, f64, f64, f64, v128, v128, v128, v128, v128, v128, i32, i32],
        body: sums,
      },
      { name: "tails", params: [i32, i32, f64, f64, f64, f64, i32, i32, i32], results: [], locals: [i32, i32, f64, i32, i32, i32, i32], body: tails },
    ],
    4,
  );
}
