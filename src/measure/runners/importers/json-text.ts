import { InputError } from "../../../errors.ts";

interface SyntaxProblem {
  offset: number;
  problem: string;
}

class Stop extends Error {
  readonly at: SyntaxProblem;
  constructor(at: SyntaxProblem) {
    super(at.problem);
    this.at = at;
  }
}

/**
 * Finds where JSON text stops being valid. JSON.parse says what went wrong but
 * not where (V8 quotes the text instead), and a line number is what someone
 * fixing a truncated or hand-edited file needs.
 */
export function findJsonSyntaxError(text: string): SyntaxProblem | undefined {
  let i = 0;
  const fail = (problem: string): never => {
    throw new Stop({ offset: i, problem });
  };
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const found = () => (i >= text.length ? "the end of the file (truncated?)" : JSON.stringify(text[i]));
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`expected a value, found ${found()}`);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail("expected a closing quote before the end of the line");
      i++;
    }
    if (i >= text.length) fail("expected a closing quote, found the end of the file (truncated?)");
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail(`expected a value, found ${found()}`);
    i += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 500) fail("nesting too deep");
    space();
    const ch = text[i];
    if (ch === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        string();
        space();
        if (text[i] !== ":") fail(`expected ":" after the property name, found ${found()}`);
        i++;
        value(depth + 1);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail(`expected "," or "}" after a property value, found ${found()}`);
      }
    }
    if (ch === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (;;) {
        value(depth + 1);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail(`expected "," or "]" after an array element, found ${found()}`);
      }
    }
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    return number();
  };
  try {
    value(0);
    space();
    if (i < text.length) fail(`expected the end of the file after the JSON value, found ${found()}`);
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    throw error;
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Parses another tool's JSON output; empty or malformed text is an InputError naming the line. */
export function parseJsonText(text: string, source: string, what: string): unknown {
  if (text.trim() === "") throw new InputError(source, `file is empty, expected ${what} (JSON)`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    if (!problem) throw new InputError(source, `invalid JSON (${String((error as Error).message).split("\n")[0]})`);
    const { line, column } = lineAndColumn(text, problem.offset);
    throw new InputError(source, `invalid JSON at line ${line}, column ${column}: ${problem.problem}`);
  }
}
