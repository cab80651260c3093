/** Bumped with each release; written into every Report. */
export const VERSION = "0.1.0";
