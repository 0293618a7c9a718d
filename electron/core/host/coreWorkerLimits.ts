// The V8 limits of the core's worker thread, which startCore applies (a module of its own so that the sync
// benchmark can start its core-like thread with them without loading the host).

/**
 * V8's default young generation is 48 MB on 64-bit and stays committed once grown. Measured with the sync
 * benchmark at 100,000 messages, the core run in a worker thread as here (two benches each; the wall times
 * moved by a third between runs on this VM, the GC share did not):
 * - peak RSS of the full offline sync: 48 MB → 363–364 MB, 24 MB → 344–351 MB, 12 MB → 330–344 MB;
 * - the core thread's GC time during a header sync: 1.36 s, 1.77 s, 2.60 s of its ~17 s.
 * 24 MB keeps most of the memory and costs ~0.4 s of GC in a 100k header sync; 12 MB cost more than the
 * 1.5× budget of the header sync can spare. Only the young generation is limited: the old one keeps V8's
 * default, so a large mailbox never meets a hard heap ceiling here.
 */
export const CORE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 24 } as const;
