// Exponential back-off with an upper bound, reset after success. Jitter is opt-in so tests stay exact.
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of each delay added at random (0 = none, the default). */
  jitter?: number;
  random?: () => number;
}

export class ExponentialBackoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call doubles (by `factor`) up to the bound. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt += 1;
    return Math.round(base + base * this.jitter * this.random());
  }

  reset(): void {
    this.attempt = 0;
  }
}
