/**
 * A minimal WebAssembly binary writer: just what the bootstrap's kernel needs
 * (one memory, a few functions of i32, f64 and v128 values). The kernel is
 * written as code in `bootstrap-kernel.ts`, not shipped as an opaque binary,
 * so it can be read and reviewed like the rest of the source.
 */

export type Bytes = readonly number[];

/** Unsigned LEB128. */
export function uleb(value: number): Bytes {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): Bytes {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vector(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: Bytes): Bytes {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): Bytes {
  return vector(Array.from(text, (c) => [c.charCodeAt(0)]));
}

export const type = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;
export type ValueType = (typeof type)[keyof typeof type];

/** A memory operand: log2 of the alignment, and a constant offset. */
const memarg = (align: number): Bytes => [...uleb(align), 0];
const simd = (opcode: number, ...rest: Bytes): Bytes => [0xfd, ...uleb(opcode), ...rest];

/** The instructions the kernel uses, by their names in the WebAssembly text format. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  select: [0x1b],
  localGet: (index: number): Bytes => [0x20, ...uleb(index)],
  localSet: (index: number): Bytes => [0x21, ...uleb(index)],
  localTee: (index: number): Bytes => [0x22, ...uleb(index)],
  i32Load: [0x28, ...memarg(2)],
  f64Load: [0x2b, ...memarg(3)],
  i32Store: [0x36, ...memarg(2)],
  f64Store: [0x39, ...memarg(3)],
  i32Const: (value: number): Bytes => [0x41, ...sleb(value)],
  f64Const: (value: number): Bytes => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)],
  i32Eq: [0x46],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  f64Eq: [0x61],
  f64Ne: [0x62],
  f64Lt: [0x63],
  f64Gt: [0x64],
  f64Le: [0x65],
  f64Ge: [0x66],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32And: [0x71],
  i32Or: [0x72],
  i32Shl: [0x74],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Div: [0xa3],
  f64ConvertI32U: [0xb8],
  v128Load: simd(0x00, ...memarg(4)),
  v128Store: simd(0x0b, ...memarg(4)),
  /** Loads a double into lane `lane` of the vector on the stack (operands: address, vector). */
  v128Load64Lane: (lane: number): Bytes => simd(0x57, ...memarg(3), lane),
  /** Loads a double into lane 0, and zero into lane 1. */
  v128Load64Zero: simd(0x5d, ...memarg(3)),
  v128Const: (lanes: Int32Array): Bytes => simd(0x0c, ...new Uint8Array(lanes.buffer, lanes.byteOffset, 16)),
  i8x16Shuffle: (lanes: Bytes): Bytes => simd(0x0d, ...lanes),
  i32x4Splat: simd(0x11),
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number): Bytes => simd(0x21, lane),
  f64x2ReplaceLane: (lane: number): Bytes => simd(0x22, lane),
  f64x2Eq: simd(0x47),
  v128Or: simd(0x50),
  v128Xor: simd(0x51),
  v128Bitselect: simd(0x52),
  i32x4Shl: simd(0xab),
  i32x4ShrU: simd(0xad),
  i32x4Add: simd(0xae),
  i32x4Mul: simd(0xb5),
  i64x2ExtmulLowI32x4U: simd(0xde),
  i64x2ExtmulHighI32x4U: simd(0xdf),
  f64x2Add: simd(0xf0),
  f64x2Div: simd(0xf3),
} as const;

export interface WasmFunction {
  name: string;
  params: ValueType[];
  results: ValueType[];
  /** Locals after the parameters, in order (indices continue from the parameters'). */
  locals: ValueType[];
  body: Bytes[];
}

/** A module of `functions`, all exported by name, with one exported memory ("memory") of `pages` 64 KiB pages. */
export function wasmModule(functions: WasmFunction[], pages: number): Uint8Array<ArrayBuffer> {
  const types = section(1, vector(functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))])));
  const declared = section(3, vector(functions.map((_, i) => uleb(i))));
  const memory = section(5, vector([[0x00, ...uleb(pages)]]));
  const exported = section(7, vector([...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]), [...name("memory"), 0x02, 0]]));
  const code = section(
    10,
    vector(
      functions.map((f) => {
        const locals = vector(f.locals.map((t) => [1, t]));
        const body = [...locals, ...f.body.flat(), ...op.end];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...declared, ...memory, ...exported, ...code]);
}
