// Reconnect delays after a dropped connection, a server restart or a laptop waking up: 1 s, 2 s, 5 s, 10 s,
// 30 s, then every 60 s, each with ±20% jitter so that many clients cut off by the same outage do not all
// come back in the same second. A success resets the sequence.

export const BACKOFF_STEPS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
const JITTER = 0.2;

export class Backoff {
  private failures = 0;

  constructor(
    private readonly random: () => number = Math.random,
    private readonly steps: readonly number[] = BACKOFF_STEPS_MS,
  ) {}

  /** The delay before the next attempt, after one more failure. */
  next(): number {
    const base = this.steps[Math.min(this.failures, this.steps.length - 1)] ?? 60_000;
    this.failures++;
    return Math.round(base * (1 - JITTER + 2 * JITTER * this.random()));
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
