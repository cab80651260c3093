import { z } from "zod";

/** Index of the first element that is not a finite number (whole and 0 or more, with `whole`), or -1. */
export function firstBad(values: readonly unknown[], whole: boolean): number {
  // Two plain loops rather than a predicate: a Report carries millions of values.
  if (whole) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return i;
    }
    return -1;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) return i;
  }
  return -1;
}

/**
 * An array of numbers checked in one loop. A Report carries millions of raw
 * samples; z.array(z.number()...) parses each one as its own schema and copies
 * the array, which costs more than reading the file. This returns the array
 * itself and reports the first bad element by its index, as z.array would.
 */
function numberArray(whole: boolean, problem: string) {
  return z
    .custom<number[]>((value) => Array.isArray(value), { message: "expected an array of numbers" })
    .superRefine((values, ctx) => {
      const bad = firstBad(values, whole);
      if (bad >= 0) ctx.addIssue({ code: "custom", path: [bad], message: problem, input: values[bad] });
    });
}

/** Finite numbers (JSON can spell an infinite one: 1e999). */
export const finiteNumbers = () => numberArray(false, "must be a finite number");

/** Whole numbers from 0 up. */
export const indexNumbers = () => numberArray(true, "must be a whole number, 0 or more");
