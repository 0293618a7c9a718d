// The V8 limits of the core's worker thread, which startCore applies (a module of its own so that the sync
// benchmark can start its core-like thread with them without loading the host).
/**
 * The core thread's V8 limits. V8's default young generation (48 MB on 64-bit) stays committed once grown, and
 * what a batch leaves behind is promoted and counted again in the old generation's growth before a full GC.
 * Measured with the offline sync benchmark at 100,000 messages (the core's code run bundled, two runs each):
 * 12 MB took the peak from 353–362 MB to 323–330 MB at the same speed (full sync 51 s either way); 6 MB went
 * to ~304 MB but slowed the header phase by a fifth. Only the young generation is limited: the old one keeps
 * V8's default, so a large mailbox never meets a hard heap ceiling here.
 */
export const CORE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 } as const;
