// Absolute budgets on top of the relative verdicts: a row over its budget, and the share of budgets met.
import { InputError } from "../errors.ts";
import type { Row } from "../report/comparison.ts";
import type { Metric } from "../report/schema.ts";
import { meetsBudget } from "./budget.ts";
import { budgetsFor, type Policy } from "./policy.ts";

/** The row with its budgets applied: the first budget the metric breaks makes it over budget. */
export function applyBudgets(row: Row, policy: Policy, metric: Metric): Row {
  for (const budget of budgetsFor(policy, metric.id)) {
    const met = meetsBudget(budget, metric.value, metric.unit);
    if (met === undefined) {
      throw new InputError(budget.source, `budgets.${budget.pattern}: "${budget.text}" is in ${budget.unit}, which does not convert to ${metric.unit}, the unit of metric "${metric.id}"`);
    }
    if (!met) return { ...row, verdict: "over-budget", budget: { text: budget.text, met } };
    row = { ...row, budget: { text: budget.text, met } };
  }
  return row;
}

/** Percent of budgets met (0-100), or undefined when no row has a budget. */
export function budgetScore(rows: readonly Row[]): number | undefined {
  const budgeted = rows.filter((r) => r.budget);
  return budgeted.length ? Math.round((100 * budgeted.filter((r) => r.budget!.met).length) / budgeted.length) : undefined;
}
