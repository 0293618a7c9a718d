// Cleanup that must run however the test process ends: normal exit, an uncaught error, or
// SIGINT/SIGTERM from the test runner (a timed-out file is killed, which skips 'exit').
const callbacks: (() => void)[] = [];
let installed = false;

function runAll(): void {
  // last registered first, so a server is stopped before the certificates it uses are removed
  for (const fn of callbacks.splice(0).reverse()) {
    try {
      fn();
    } catch {
      // best effort: one failing cleanup must not keep the others from running
    }
  }
}

/** Registers a synchronous cleanup; it runs once, when the process ends. */
export function onProcessEnd(fn: () => void): void {
  callbacks.push(fn);
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      runAll();
      // die of the same signal, as if we had not been listening
      process.kill(process.pid, sig);
    });
  }
}
