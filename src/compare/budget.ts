import { InputError } from "../errors.ts";
import { convert, isKnownUnit, KNOWN_UNITS } from "../report/units.ts";

export type BudgetOp = "<" | "<=" | ">" | ">=";

/** An absolute target for the metrics whose id matches `pattern`, e.g. `p95 < 200 ms`. */
export interface Budget {
  pattern: string;
  op: BudgetOp;
  limit: number;
  /** Unit the limit is written in; undefined means "the metric's own unit". */
  unit: string | undefined;
  text: string;
  /** The config file it came from, named when it cannot apply. */
  source: string;
}

const BUDGET = /^\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([^\s\d].*)?$/i;

export function parseBudget(pattern: string, text: string, source: string): Budget {
  const match = BUDGET.exec(text);
  if (!match) {
    throw new InputError(source, `budgets.${pattern}: cannot read "${text}" (expected e.g. "< 200 ms" or ">= 5000 ops/s")`);
  }
  const unit = match[3]?.trim() || undefined;
  if (unit !== undefined && !isKnownUnit(unit)) {
    throw new InputError(source, `budgets.${pattern}: unknown unit "${unit}" in "${text}" (known: ${KNOWN_UNITS.join(", ")})`);
  }
  return { pattern, op: match[1] as BudgetOp, limit: Number(match[2]), unit, text: text.trim(), source };
}

export function parseBudgets(budgets: Record<string, string>, source: string): Budget[] {
  return Object.entries(budgets).map(([pattern, text]) => parseBudget(pattern, text, source));
}

/** Whether `value` (in `unit`) meets the budget; undefined when the units cannot be compared. */
export function meetsBudget(budget: Budget, value: number, unit: string): boolean | undefined {
  const limit = budget.unit === undefined ? budget.limit : convert(budget.limit, budget.unit, unit);
  if (limit === undefined) return undefined;
  switch (budget.op) {
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
    case ">":
      return value > limit;
    case ">=":
      return value >= limit;
  }
}
