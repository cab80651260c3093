import type { Reason, Settle } from "../report/reason.ts";

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
