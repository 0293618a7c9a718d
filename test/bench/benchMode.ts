// How a benchmark runs (no imports of the core: syncBench.ts's own thread loads none of it).

/** True when this code runs from scripts/bench.mjs's bundle (the core's code included), not through tsx. */
export const benchRunsBundled: boolean = import.meta.url.endsWith('.mjs');

/** Said in a benchmark's output: where the core's code and its parser and writer threads run from. */
export function benchThreadsLabel(): string {
  const core = benchRunsBundled ? 'the core bundled' : 'the core from the sources through tsx';
  return process.env.RAKSA_BENCH_BUNDLES ? `${core}, threads from the bundles the app ships` : `${core}, threads from the sources through tsx`;
}
