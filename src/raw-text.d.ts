/** `?raw` imports are a file's text: Vite reads them so in tests, and scripts/build.ts bundles them so. */
declare module "*?raw" {
  const text: string;
  export default text;
}
