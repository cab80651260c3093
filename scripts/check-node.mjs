// npm test starts TypeScript sources as processes, which Node runs by stripping their types:
// that needs Node 24 (`npm start` runs the bundled dist/ and works on older Node too).
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(`perf-gate: the tests need Node 24 or newer (this is ${process.version}); bash .ci/run provisions it`);
  process.exit(1);
}
