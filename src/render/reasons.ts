import type { Comparison } from "../report/comparison.ts";
import type { Finding, Reason, Settle } from "../report/reason.ts";
import { formatPercent } from "../report/units.ts";

function settleText(settle: Settle): string {
  switch (settle.kind) {
    case "paired-rounds":
      return settle.need <= settle.have ? "a longer paired run would settle it" : `about ${settle.need} paired rounds (has ${settle.have}) would settle it; raise pair.budget or pair.rounds.max`;
    case "pair": {
      const noise = settle.noise ? `the baseline's last ${settle.noise.runs} runs leave ±${(settle.noise.halfWidth * 100).toFixed(1)}% of run-to-run noise; ` : "";
      return `${noise}measuring base and head paired on one runner (pair) would settle it`;
    }
    case "more":
      if (settle.need <= settle.have) return "a longer run would settle it";
      // Far more than a quick set can afford: only a same-runner comparison will settle it.
      if (settle.need > 4 * settle.have) return `more ${settle.unit} than a quick run affords (about ${settle.need} per side); measuring base and head paired on one runner (pair) would settle it`;
      return `about ${settle.need} ${settle.unit} per side (has ${settle.have}) would settle it`;
  }
}

/** One short sentence: why a row has its verdict, and what would settle an inconclusive one. */
export function reasonText(reason: Reason): string {
  switch (reason.kind) {
    case "zero-baseline":
      return "baseline is zero; relative change undefined";
    case "single-values":
      return "single values, no samples: judged by the threshold alone";
    case "not-credible":
      return `past the ${reason.threshold}% threshold but not credible (p=${reason.pValue.toFixed(3)}${reason.cutOff ? ", above the cut-off for this many metrics" : ""}); ${settleText(reason.settle)}`;
    case "reaches-threshold":
      return `interval reaches past the ${reason.threshold}% threshold; ${settleText(reason.settle)}`;
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const speedText = (slower: number) => `this runner was ${Math.abs(slower * 100).toFixed(1)}% ${slower > 0 ? "slower" : "faster"} on the calibration workload`;

/** One sentence for what a comparison found about the runs as a whole. */
export function findingText(finding: Finding): string {
  switch (finding.kind) {
    case "no-baseline":
      return "No baseline was found, so nothing was compared; every metric is new.";
    case "other-cpu": {
      const cpus = `Baseline ran on a different CPU model (${finding.baseline} vs ${finding.current} here)`;
      if (!finding.calibration) return `${cpus}; no calibration was recorded, so figures are not adjusted for machine speed.`;
      return `${cpus}; ${speedText(finding.calibration.slower)}, so function timings were adjusted by ${formatPercent(finding.calibration.factor - 1)}.`;
    }
    case "busier-machine":
      return `${capital(speedText(finding.slower))} than the baseline's machine (same CPU model: a busier machine, not a different one), so figures are not adjusted.`;
    case "false-discovery":
      return `${finding.tested} metrics were tested with bootstrap intervals; the false discovery rate across them is held at ${finding.rate * 100}% (Benjamini-Hochberg).`;
    case "run-history":
      return `The baseline carries its branch's last ${finding.runs} runs: for ${finding.metrics} metric${finding.metrics === 1 ? "" : "s"} the baseline value is their level (geometric mean since the last step change) and the interval includes the spread between runs, not only within this one.`;
  }
}

/** The comparison's notes as a reader sees them: the runners' notes, then what the comparison found. */
export function notesOf(c: Comparison): string[] {
  return [...c.notes, ...(c.findings ?? []).map(findingText)];
}
