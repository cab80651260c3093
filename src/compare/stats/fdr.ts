/**
 * Benjamini-Hochberg: which of the p-values are discoveries at false discovery
 * rate `q`. With hundreds of metrics, per-metric 5% tests would raise false
 * alarms on every run; this keeps the expected share of false ones at `q`.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number): boolean[] {
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const m = pValues.length;
  let cutoff = -1;
  order.forEach(([p], rank) => {
    if (p <= ((rank + 1) / m) * q) cutoff = rank;
  });
  const result = new Array<boolean>(m).fill(false);
  for (let rank = 0; rank <= cutoff; rank++) result[order[rank]![1]] = true;
  return result;
}
