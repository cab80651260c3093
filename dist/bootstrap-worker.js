import { createRequire as __perfGateCreateRequire } from "node:module";
const require = __perfGateCreateRequire(import.meta.url);

// src/parallel/bootstrap-worker.ts
import { parentPort } from "node:worker_threads";

// node_modules/simple-statistics/dist/simple-statistics.mjs
var BayesianClassifier = function BayesianClassifier2() {
  this.totalCount = 0;
  this.data = {};
};
BayesianClassifier.prototype.train = function train(item, category) {
  if (!this.data[category]) {
    this.data[category] = {};
  }
  for (var k in item) {
    var v = item[k];
    if (this.data[category][k] === void 0) {
      this.data[category][k] = {};
    }
    if (this.data[category][k][v] === void 0) {
      this.data[category][k][v] = 0;
    }
    this.data[category][k][v]++;
  }
  this.totalCount++;
};
BayesianClassifier.prototype.score = function score(item) {
  var odds = {};
  var category;
  for (var k in item) {
    var v = item[k];
    for (category in this.data) {
      if (odds[category] === void 0) {
        odds[category] = {};
      }
      if (this.data[category][k]) {
        odds[category][k + "_" + v] = (this.data[category][k][v] || 0) / this.totalCount;
      } else {
        odds[category][k + "_" + v] = 0;
      }
    }
  }
  var oddsSums = {};
  for (category in odds) {
    oddsSums[category] = 0;
    for (var combination in odds[category]) {
      oddsSums[category] += odds[category][combination];
    }
  }
  return oddsSums;
};
var g = 607 / 128;
var LOGSQRT2PI = Math.log(Math.sqrt(2 * Math.PI));
var SQRT_2PI$1 = Math.sqrt(2 * Math.PI);
function cumulativeDistribution(z2) {
  var sum = z2;
  var tmp = z2;
  for (var i = 1; i < 30; i++) {
    tmp *= z2 * z2 / (2 * i + 1);
    sum += tmp;
  }
  return Math.round((0.5 + sum / SQRT_2PI$1 * Math.exp(-z2 * z2 / 2)) * 1e4) / 1e4;
}
var standardNormalTable = [];
for (z = 0; z <= 3.09; z += 0.01) {
  standardNormalTable.push(cumulativeDistribution(z));
}
var z;
var SQRT_2PI = Math.sqrt(2 * Math.PI);
var PerceptronModel = function PerceptronModel2() {
  this.weights = [];
  this.bias = 0;
};
PerceptronModel.prototype.predict = function predict(features) {
  if (features.length !== this.weights.length) {
    return null;
  }
  var score2 = 0;
  for (var i = 0; i < this.weights.length; i++) {
    score2 += this.weights[i] * features[i];
  }
  score2 += this.bias;
  if (score2 > 0) {
    return 1;
  } else {
    return 0;
  }
};
PerceptronModel.prototype.train = function train2(features, label) {
  if (label !== 0 && label !== 1) {
    return null;
  }
  if (features.length !== this.weights.length) {
    this.weights = features.slice();
    this.bias = 1;
  }
  var prediction = this.predict(features);
  if (typeof prediction === "number" && prediction !== label) {
    var gradient = label - prediction;
    for (var i = 0; i < this.weights.length; i++) {
      this.weights[i] += gradient * features[i];
    }
    this.bias += gradient;
  }
  return this;
};

// src/compare/stats/select.ts
function selectInPlace(a, k, from, to) {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = lo + hi >> 1;
    const x = a[lo], y = a[mid], z2 = a[hi];
    const pivot = x < y ? y < z2 ? y : x < z2 ? z2 : x : x < z2 ? x : y < z2 ? z2 : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
var NEAR_END = 16;
var beyond = new Float64Array(NEAR_END + 1);
function nearEnd(a, k) {
  const n = a.length;
  const top = n - k <= NEAR_END;
  if (!top && k + 2 > NEAR_END) return void 0;
  const count = top ? n - k : Math.min(k + 2, n);
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v !== v) return void 0;
    if (filled < count) {
      let j = filled++;
      while (j > 0 && beyond[j - 1] > v) {
        beyond[j] = beyond[j - 1];
        j--;
      }
      beyond[j] = v;
    } else if (top ? v > beyond[0] : v < beyond[count - 1]) {
      if (top) {
        let j = 0;
        while (j + 1 < count && beyond[j + 1] < v) {
          beyond[j] = beyond[j + 1];
          j++;
        }
        beyond[j] = v;
      } else {
        let j = count - 1;
        while (j > 0 && beyond[j - 1] > v) {
          beyond[j] = beyond[j - 1];
          j--;
        }
        beyond[j] = v;
      }
    }
  }
  const at = top ? 0 : k;
  const low = beyond[at];
  const high = k === n - 1 ? low : beyond[at + 1];
  return low === 0 || high === 0 ? void 0 : [low, high];
}
function bySelection(a, k) {
  const near = nearEnd(a, k);
  if (near) return near;
  const last = a.length - 1;
  selectInPlace(a, k, 0, last);
  if (k === last) return [a[k], a[k]];
  let next = a[k + 1];
  for (let i = k + 2; i <= last; i++) if (a[i] < next) next = a[i];
  return [a[k], next];
}
var SAMPLE = 64;
var MARGIN = 3;
var window = new Float64Array(256);
var upperWindow = new Float64Array(256);
var sample = new Float64Array(SAMPLE);
function takeSample(a) {
  const n = a.length;
  for (let i = 0; i < SAMPLE; i++) sample[i] = a[Math.floor(i * n / SAMPLE)];
  sample.sort();
}
var BRACKETED = 8 * SAMPLE;
var SAMPLE_END = 8;
var lowest = new Float64Array(SAMPLE_END);
var highest = new Float64Array(SAMPLE_END);
function takeSampleEnds(a) {
  const n = a.length;
  for (let i = 0; i < SAMPLE; i++) {
    const v = a[Math.floor(i * n / SAMPLE)];
    if (v !== v) return false;
    if (i < SAMPLE_END || v < lowest[SAMPLE_END - 1]) {
      let j = Math.min(i, SAMPLE_END - 1);
      while (j > 0 && lowest[j - 1] > v) {
        lowest[j] = lowest[j - 1];
        j--;
      }
      lowest[j] = v;
    }
    if (i < SAMPLE_END || v > highest[0]) {
      let j = Math.max(SAMPLE_END - 1 - i, 0);
      while (j + 1 < SAMPLE_END && highest[j + 1] < v) {
        highest[j] = highest[j + 1];
        j++;
      }
      highest[j] = v;
    }
  }
  sample.set(lowest, 0);
  sample.set(highest, SAMPLE - SAMPLE_END);
  return true;
}
function bracketRanks(k, n) {
  const rank = (k + 0.5) * SAMPLE / n;
  return [Math.floor(rank) - MARGIN, Math.ceil(rank) + MARGIN];
}
var nearSampleEnd = (rank) => rank < SAMPLE_END || rank >= SAMPLE - SAMPLE_END;
function sampleBrackets(a, k, m) {
  const n = a.length;
  const [loK, hiK] = bracketRanks(k, n);
  const [loM, hiM] = bracketRanks(m, n);
  if (!(nearSampleEnd(loK) && nearSampleEnd(hiK) && nearSampleEnd(loM) && nearSampleEnd(hiM) && takeSampleEnds(a))) takeSample(a);
  return [sampleAt(loK, -Infinity), sampleAt(hiK, Infinity), sampleAt(loM, -Infinity), sampleAt(hiM, Infinity)];
}
function sampleAt(rank, beyond2) {
  return rank < 0 || rank >= SAMPLE ? beyond2 : sample[rank];
}
function bracket(k, n) {
  const [lo, hi] = bracketRanks(k, n);
  return [sampleAt(lo, -Infinity), sampleAt(hi, Infinity)];
}
function neighbouringOrderStatistics(a, k) {
  const n = a.length;
  if (n < BRACKETED) return bySelection(a, k);
  takeSample(a);
  const [low, high] = bracket(k, n);
  let below = 0;
  let inside = 0;
  if (window.length < n) window = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v < low) below++;
    else if (v <= high) window[inside++] = v;
  }
  const need = k === n - 1 ? 1 : 2;
  if (below > k || below + inside < k + need) return bySelection(a, k);
  return bySelection(window.subarray(0, inside), k - below);
}
function twoNeighbouringOrderStatistics(a, k, m) {
  const n = a.length;
  if (n >= BRACKETED) {
    const [lowA, highA, lowB, highB] = sampleBrackets(a, k, m);
    if (highA < lowB) {
      if (window.length < n) window = new Float64Array(n);
      if (upperWindow.length < n) upperWindow = new Float64Array(n);
      let belowA = 0;
      let insideA = 0;
      let insideB = 0;
      let aboveB = 0;
      for (let i = 0; i < n; i++) {
        const v = a[i];
        if (v < lowA) belowA++;
        else if (v <= highA) window[insideA++] = v;
        else if (v < lowB) continue;
        else if (v <= highB) upperWindow[insideB++] = v;
        else aboveB++;
      }
      const belowB = n - insideB - aboveB;
      const needA = k === n - 1 ? 1 : 2;
      const needB = m === n - 1 ? 1 : 2;
      if (belowA <= k && belowA + insideA >= k + needA && belowB <= m && belowB + insideB >= m + needB) {
        const [a02, a12] = bySelection(window.subarray(0, insideA), k - belowA);
        const [b02, b12] = bySelection(upperWindow.subarray(0, insideB), m - belowB);
        return [a02, a12, b02, b12];
      }
    }
  }
  const [a0, a1] = neighbouringOrderStatistics(a, k);
  const [b0, b1] = neighbouringOrderStatistics(a, m);
  return [a0, a1, b0, b1];
}

// src/compare/stats/estimate.ts
var scratch = new Float64Array(1024);

// src/compare/stats/random.ts
var MULBERRY32_STEP = 1831565813;
var STEP = MULBERRY32_STEP;
function mulberry32Next(state) {
  return state + STEP | 0;
}
function mulberry32Skip(state, draws) {
  return state + Math.imul(draws, STEP) | 0;
}
function mulberry32Bits(state) {
  let t = state;
  t = Math.imul(t ^ t >>> 15, t | 1);
  t ^= t + Math.imul(t ^ t >>> 7, t | 61);
  return (t ^ t >>> 14) >>> 0;
}
var MULBERRY32_UNIT = 1 / 4294967296;

// src/compare/stats/wasm-writer.ts
function uleb(value) {
  const out = [];
  let n = value >>> 0;
  do {
    let byte = n & 127;
    n >>>= 7;
    if (n !== 0) byte |= 128;
    out.push(byte);
  } while (n !== 0);
  return out;
}
function sleb(value) {
  const out = [];
  let n = value | 0;
  for (; ; ) {
    const byte = n & 127;
    n >>= 7;
    if (n === 0 && (byte & 64) === 0 || n === -1 && (byte & 64) !== 0) {
      out.push(byte);
      return out;
    }
    out.push(byte | 128);
  }
}
function vector(items) {
  return [...uleb(items.length), ...items.flat()];
}
function section(id, body) {
  return [id, ...uleb(body.length), ...body];
}
function name(text) {
  return vector(Array.from(text, (c) => [c.charCodeAt(0)]));
}
var type = { i32: 127, f64: 124, v128: 123 };
var memarg = (align) => [...uleb(align), 0];
var simd = (opcode, ...rest) => [253, ...uleb(opcode), ...rest];
var op = {
  block: [2, 64],
  loop: [3, 64],
  if: [4, 64],
  else: [5],
  end: [11],
  br: (depth) => [12, ...uleb(depth)],
  brIf: (depth) => [13, ...uleb(depth)],
  select: [27],
  localGet: (index) => [32, ...uleb(index)],
  localSet: (index) => [33, ...uleb(index)],
  localTee: (index) => [34, ...uleb(index)],
  i32Load: [40, ...memarg(2)],
  f64Load: [43, ...memarg(3)],
  i32Store: [54, ...memarg(2)],
  f64Store: [57, ...memarg(3)],
  i32Const: (value) => [65, ...sleb(value)],
  f64Const: (value) => [68, ...new Uint8Array(Float64Array.of(value).buffer)],
  i32Eq: [70],
  i32LtU: [73],
  i32GeU: [79],
  f64Eq: [97],
  f64Ne: [98],
  f64Lt: [99],
  f64Gt: [100],
  f64Le: [101],
  f64Ge: [102],
  i32Add: [106],
  i32Sub: [107],
  i32And: [113],
  i32Or: [114],
  i32Shl: [116],
  f64Add: [160],
  f64Sub: [161],
  f64Div: [163],
  f64ConvertI32U: [184],
  v128Load: simd(0, ...memarg(4)),
  v128Store: simd(11, ...memarg(4)),
  /** Loads a double into lane `lane` of the vector on the stack (operands: address, vector). */
  v128Load64Lane: (lane) => simd(87, ...memarg(3), lane),
  /** Loads a double into lane 0, and zero into lane 1. */
  v128Load64Zero: simd(93, ...memarg(3)),
  v128Const: (lanes) => simd(12, ...new Uint8Array(lanes.buffer, lanes.byteOffset, 16)),
  i8x16Shuffle: (lanes) => simd(13, ...lanes),
  i32x4Splat: simd(17),
  f64x2Splat: simd(20),
  f64x2ExtractLane: (lane) => simd(33, lane),
  f64x2ReplaceLane: (lane) => simd(34, lane),
  f64x2Eq: simd(71),
  v128Or: simd(80),
  v128Xor: simd(81),
  v128Bitselect: simd(82),
  i32x4Shl: simd(171),
  i32x4ShrU: simd(173),
  i32x4Add: simd(174),
  i32x4Mul: simd(181),
  i64x2ExtmulLowI32x4U: simd(222),
  i64x2ExtmulHighI32x4U: simd(223),
  f64x2Add: simd(240),
  f64x2Div: simd(243)
};
function wasmModule(functions, pages) {
  const types = section(1, vector(functions.map((f) => [96, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))])));
  const declared = section(3, vector(functions.map((_, i) => uleb(i))));
  const memory = section(5, vector([[0, ...uleb(pages)]]));
  const exported = section(7, vector([...functions.map((f, i) => [...name(f.name), 0, ...uleb(i)]), [...name("memory"), 2, 0]]));
  const code = section(
    10,
    vector(
      functions.map((f) => {
        const locals = vector(f.locals.map((t) => [1, t]));
        const body = [...locals, ...f.body.flat(), ...op.end];
        return [...uleb(body.length), ...body];
      })
    )
  );
  return Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, ...types, ...declared, ...memory, ...exported, ...code]);
}

// src/compare/stats/bootstrap-kernel.ts
var [STATE, DRAWS, PATTERN_N, PATTERN_BASE, PERIOD, OUT] = [0, 1, 2, 3, 4, 5];
var [K, M, S, T, N, STEP4, ONES, SIXTY_ONES] = [6, 7, 8, 9, 10, 11, 12, 13];
var { localGet: get, localSet: set, localTee: tee } = op;
var mixLanes = (t, shift, or) => [get(t), get(t), op.i32Const(shift), op.i32x4ShrU, op.v128Xor, get(t), get(or), op.v128Or, op.i32x4Mul];
var indices = [
  // s holds the states of four successive draws.
  get(STATE),
  op.i32x4Splat,
  op.v128Const(Int32Array.of(MULBERRY32_STEP, Math.imul(2, MULBERRY32_STEP), Math.imul(3, MULBERRY32_STEP), Math.imul(4, MULBERRY32_STEP))),
  op.i32x4Add,
  set(S),
  op.i32Const(Math.imul(4, MULBERRY32_STEP)),
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
  op.end
];
var [ADDRESS, N_TOP, N_BOTTOM, REPLICATES, RATE_TOP, RATE_BOTTOM, RATIOS, SUMS_RESULTS] = [0, 1, 2, 3, 4, 5, 6, 7];
var [I, J, COUNT, AT_MOST, AT_LEAST, SKIP, SUM_TOP, SUM_BOTTOM, RATIO, DIVISORS, RATES, RATE_IS_ZERO, QUOTIENT] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
var [PAIR_TOP, PAIR_BOTTOM, SKIP2, SKIP3] = [21, 22, 23, 24];
var nextDraw = [get(ADDRESS), op.i32Const(4), op.i32Add, set(ADDRESS), get(J), op.i32Const(1), op.i32Sub, tee(J), op.brIf(0), op.end];
var skipAddresses = (bytes) => [get(ADDRESS), get(bytes), op.i32Add, set(ADDRESS)];
var drawn = (offset) => [get(ADDRESS), ...offset === void 0 ? [] : [get(offset), op.i32Add], op.i32Load];
var drawnPair = (first, second) => [...drawn(second), ...drawn(first), op.v128Load64Zero, op.v128Load64Lane(1)];
var sumDraws = (sum, n) => [op.f64Const(0), set(sum), get(n), set(J), op.loop, get(sum), ...drawn(), op.f64Load, op.f64Add, set(sum), ...nextDraw];
var sumBoth = [
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
  ...skipAddresses(SKIP)
];
var pair = (first, second) => [get(first), op.f64x2Splat, get(second), op.f64x2ReplaceLane(1)];
var addTo = (local, condition) => [get(local), ...condition, op.i32Add, set(local)];
var storeCount = (results, slot, local) => [get(results), op.i32Const(4 * slot), op.i32Add, get(local), op.i32Store];
var keepRatio = [
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
  op.end
];
var sumPair = [
  op.f64Const(0),
  op.f64x2Splat,
  tee(PAIR_TOP),
  set(PAIR_BOTTOM),
  get(N_TOP),
  set(J),
  op.loop,
  get(PAIR_TOP),
  ...drawnPair(void 0, SKIP2),
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
  ...keepRatio
];
function meanOf(lanes, n) {
  return [get(lanes), get(n), op.f64ConvertI32U, op.f64x2Splat, op.f64x2Div, set(lanes)];
}
function rateOf(lanes, rate) {
  return [get(rate), op.f64Const(0), op.f64Ne, op.if, get(rate), op.f64x2Splat, get(lanes), op.f64x2Div, set(lanes), op.end];
}
var sumOne = [
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
  ...keepRatio
];
var sums = [
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
  get(COUNT)
];
var [RATIO_AT, RATIO_COUNT, LOW_A, HIGH_A, LOW_B, HIGH_B, WINDOW_A, WINDOW_B, RESULTS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
var [AT, END, VALUE, BELOW_A, INSIDE_A, INSIDE_B, ABOVE_B] = [9, 10, 11, 12, 13, 14, 15];
var gather = (window2, inside, low, high) => [
  get(window2),
  get(inside),
  op.i32Const(3),
  op.i32Shl,
  op.i32Add,
  get(VALUE),
  op.f64Store,
  ...addTo(inside, [get(VALUE), get(low), op.f64Ge, get(VALUE), get(high), op.f64Le, op.i32And])
];
var tails = [
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
  ...storeCount(RESULTS, 3, ABOVE_B)
];
function bootstrapKernelModule() {
  const { i32, f64, v128 } = type;
  return wasmModule(
    [
      { name: "indices", params: [i32, i32, i32, i32, i32, i32], results: [], locals: [i32, i32, v128, v128, v128, v128, v128, v128], body: indices },
      {
        name: "sums",
        params: [i32, i32, i32, i32, f64, f64, i32, i32],
        results: [i32],
        locals: [i32, i32, i32, i32, i32, i32, f64, f64, f64, v128, v128, v128, v128, v128, v128, i32, i32],
        body: sums
      },
      { name: "tails", params: [i32, i32, f64, f64, f64, f64, i32, i32, i32], results: [], locals: [i32, i32, f64, i32, i32, i32, i32], body: tails }
    ],
    4
  );
}

// src/compare/stats/kernel.ts
var PAGE = 65536;
var isFunction = (value) => typeof value === "function";
var kernel;
function bootstrapKernel() {
  if (kernel !== void 0) return kernel;
  kernel = null;
  const bytes = bootstrapKernelModule();
  if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return kernel;
  const { memory, indices: indices2, sums: sums2, tails: tails2 } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  if (!(memory instanceof WebAssembly.Memory) || !isFunction(indices2) || !isFunction(sums2) || !isFunction(tails2)) return kernel;
  const viewsOf = (buffer) => ({ buffer, floats: new Float64Array(buffer), words: new Uint32Array(buffer) });
  let views = viewsOf(memory.buffer);
  kernel = {
    indices: indices2,
    sums: sums2,
    tails: tails2,
    room(bytes2) {
      if (bytes2 > views.buffer.byteLength) {
        memory.grow(Math.ceil((bytes2 - views.buffer.byteLength) / PAGE));
        views = viewsOf(memory.buffer);
      }
      return views;
    }
  };
  return kernel;
}
var align16 = (n) => n + 15 & ~15;

// src/compare/stats/bootstrap-rounds.ts
function replicatesOf(ratios) {
  let atMostOne = 0;
  let atLeastOne = 0;
  for (let i = 0; i < ratios.length; i++) {
    if (ratios[i] <= 1) atMostOne++;
    if (ratios[i] >= 1) atLeastOne++;
  }
  return { ratios, atMostOne, atLeastOne };
}
function resampleRoundsScalar(current, base, seed, out) {
  const top = current.perRound;
  const bottom = base.perRound;
  const nTop = top.length;
  const nBottom = bottom.length;
  const rateTop = current.rate;
  const rateBottom = base.rate;
  const scaleTop = nTop * MULBERRY32_UNIT;
  const scaleBottom = nBottom * MULBERRY32_UNIT;
  let state = seed | 0;
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    let totalTop = 0;
    for (let j = 0; j < nTop; j++) {
      state = mulberry32Next(state);
      totalTop += top[mulberry32Bits(state) * scaleTop | 0];
    }
    let totalBottom = 0;
    for (let j = 0; j < nBottom; j++) {
      state = mulberry32Next(state);
      totalBottom += bottom[mulberry32Bits(state) * scaleBottom | 0];
    }
    const t = rateTop === 0 ? totalTop / nTop : rateTop / (totalTop / nTop);
    const ratio = t / (rateBottom === 0 ? totalBottom / nBottom : rateBottom / (totalBottom / nBottom));
    if (Number.isFinite(ratio)) out[count++] = ratio;
  }
  return count;
}
var DRAWS_PER_STRETCH = 1 << 16;
var KERNEL_RESULTS = 64;
function resampleRoundsKernel(current, base, seed, replicates) {
  const k = bootstrapKernel();
  if (!k) return void 0;
  const nTop = current.perRound.length;
  const nBottom = base.perRound.length;
  const period = nTop + nBottom;
  const perStretch = Math.max(1, Math.floor(DRAWS_PER_STRETCH / period));
  const top = KERNEL_RESULTS;
  const bottom = top + 8 * nTop;
  const patternN = align16(bottom + 8 * nBottom);
  const patternBase = align16(patternN + 4 * (period + 3));
  const addresses = align16(patternBase + 4 * (period + 3));
  const ratios = align16(addresses + 4 * (Math.min(perStretch, replicates) * period + 4));
  const { floats, words } = k.room(ratios + 8 * replicates);
  floats.set(current.perRound, top / 8);
  floats.set(base.perRound, bottom / 8);
  for (let i = 0; i < period + 3; i++) {
    const j = i % period;
    words[patternN / 4 + i] = j < nTop ? nTop : nBottom;
    words[patternBase / 4 + i] = j < nTop ? top : bottom;
  }
  let state = seed | 0;
  let count = 0;
  let atMostOne = 0;
  let atLeastOne = 0;
  for (let done = 0; done < replicates; done += perStretch) {
    const now = Math.min(perStretch, replicates - done);
    const draws = now * period;
    k.indices(state, draws + 3 & ~3, patternN, patternBase, period, addresses);
    count += k.sums(addresses, nTop, nBottom, now, current.rate, base.rate, ratios + 8 * count, 0);
    atMostOne += words[0];
    atLeastOne += words[1];
    state = mulberry32Skip(state, draws);
  }
  return { ratios: floats.subarray(ratios / 8, ratios / 8 + count), atMostOne, atLeastOne };
}
var room = new Float64Array(2e3);
function resampleRounds(current, base, seed, replicates) {
  const fast = resampleRoundsKernel(current, base, seed, replicates);
  if (fast) return fast;
  if (room.length < replicates) room = new Float64Array(replicates);
  return replicatesOf(room.subarray(0, resampleRoundsScalar(current, base, seed, room.subarray(0, replicates))));
}

// src/compare/stats/bootstrap-tails.ts
function bootstrapTailsScalar(ratios, kLow, kHigh) {
  const [a, b, c, d] = twoNeighbouringOrderStatistics(ratios, kLow, kHigh);
  return { low: [a, b], high: [c, d] };
}
function bootstrapTails(ratios, kLow, kHigh) {
  const k = bootstrapKernel();
  const n = ratios.length;
  if (!k || n < BRACKETED) return bootstrapTailsScalar(ratios, kLow, kHigh);
  const [lowA, highA, lowB, highB] = sampleBrackets(ratios, kLow, kHigh);
  const inKernel = ratios.buffer === k.room(0).buffer;
  const at = inKernel ? ratios.byteOffset : KERNEL_RESULTS;
  const windowA = align16(at + 8 * n);
  const windowB = align16(windowA + 8 * (n + 1));
  const { floats, words } = k.room(windowB + 8 * (n + 1));
  if (!inKernel) floats.set(ratios, at / 8);
  k.tails(at, n, lowA, highA, lowB, highB, windowA, windowB, 0);
  const belowA = words[0];
  const insideA = words[1];
  const insideB = words[2];
  const belowB = n - insideB - words[3];
  const enough = (below, inside, rank) => below <= rank && below + inside >= rank + (rank === n - 1 ? 1 : 2);
  if (!enough(belowA, insideA, kLow) || !enough(belowB, insideB, kHigh)) {
    return bootstrapTailsScalar(floats.subarray(at / 8, at / 8 + n), kLow, kHigh);
  }
  return {
    low: bySelection(floats.subarray(windowA / 8, windowA / 8 + insideA), kLow - belowA),
    high: bySelection(floats.subarray(windowB / 8, windowB / 8 + insideB), kHigh - belowB)
  };
}

// src/compare/stats/change.ts
var kept = new Float64Array(2e3);
function interval(count, confidence) {
  const alpha = 1 - confidence;
  return { posLow: (count - 1) * (alpha / 2), posHigh: (count - 1) * (1 - alpha / 2) };
}
function outcomeOf({ ratios, atMostOne, atLeastOne }, resamples, confidence) {
  const count = ratios.length;
  if (count < resamples / 2) return { count, atMostOne, atLeastOne };
  const { posLow, posHigh } = interval(count, confidence);
  return { count, atMostOne, atLeastOne, tails: bootstrapTails(ratios, Math.floor(posLow), Math.floor(posHigh)) };
}
function runRoundsJob(job) {
  return outcomeOf(resampleRounds(job.current, job.base, job.seed, job.resamples), job.resamples, job.confidence);
}

// src/parallel/bootstrap-batch.ts
var JOB = 8;
var OUTCOME = 8;
var NEXT = 0;
var DONE = 1;
var FLAGS = 2;
function chunksOf(batch) {
  return Math.ceil(batch.size / batch.chunk);
}
function runChunk(batch, c) {
  const header = new Float64Array(batch.jobs);
  const values = new Float64Array(batch.values);
  const out = new Float64Array(batch.outcomes);
  const control = new Int32Array(batch.control);
  for (let i = c * batch.chunk; i < Math.min(batch.size, (c + 1) * batch.chunk); i++) {
    const h = i * JOB;
    const at = header[h + 7];
    const nTop = header[h + 5];
    const nBottom = header[h + 6];
    const job = {
      seed: header[h],
      resamples: header[h + 1],
      confidence: header[h + 2],
      current: { perRound: values.slice(at, at + nTop), rate: header[h + 3] },
      base: { perRound: values.slice(at + nTop, at + nTop + nBottom), rate: header[h + 4] }
    };
    const o = runRoundsJob(job);
    const tails2 = o.tails;
    out.set(tails2 ? [o.count, o.atMostOne, o.atLeastOne, 1, ...tails2.low, ...tails2.high] : [o.count, o.atMostOne, o.atLeastOne, 0], i * OUTCOME);
  }
  Atomics.store(control, FLAGS + c, 1);
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}
function takeChunk(batch) {
  const c = Atomics.add(new Int32Array(batch.control), NEXT, 1);
  return c < chunksOf(batch) ? c : void 0;
}
function workThrough(batch) {
  for (let c = takeChunk(batch); c !== void 0; c = takeChunk(batch)) runChunk(batch, c);
}

// src/parallel/bootstrap-worker.ts
function warmUp() {
  for (let i = 0; i < 300; i++) {
    const side = { perRound: Float64Array.of(1, 1.1, 0.9, 1.05, 0.95), rate: i % 5 === 0 ? 1e3 : 0 };
    runRoundsJob({ current: side, base: side, seed: i, resamples: 2e3, confidence: 0.95 });
  }
}
warmUp();
parentPort?.on("message", (batch) => workThrough(batch));
parentPort?.postMessage("ready");
//# sourceMappingURL=bootstrap-worker.js.map
