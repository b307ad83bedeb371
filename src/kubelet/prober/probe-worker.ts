// One probe of one container instance, as upstream's prober worker: first run initialDelaySeconds
// after the container started, then every periodSeconds; a result is published only after
// successThreshold / failureThreshold equal results in a row; liveness and readiness wait until the
// startup probe (if any) has succeeded, and startup stops once it has. A published liveness or
// startup failure puts the worker on hold (the kubelet kills the container; its successor gets new
// workers). Every failed attempt is a Warning `Unhealthy` Event.
import type { Clock } from '../../client/index.js';
import type { Probe } from '../../api/index.js';
import { runProbe, type ProbeTarget } from './run-probe.js';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'success' | 'failure' | 'unknown';

const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };
const INITIAL: Record<ProbeType, ProbeResult> = { liveness: 'success', readiness: 'failure', startup: 'unknown' };

export interface ProbeWorkerHooks {
  clock: Clock;
  /** Whether the container has started (startup probe passed or none); gates liveness and readiness. */
  started(): boolean;
  unhealthy(message: string): void;
  /** The published result changed. */
  changed(): void;
}

export class ProbeWorker {
  result: ProbeResult;
  onHold = false;
  private lastResult: ProbeResult = 'unknown';
  private resultRun = 0;
  private timer: unknown;
  private stopped = false;

  constructor(
    readonly type: ProbeType,
    readonly probe: Probe,
    private readonly target: ProbeTarget,
    private readonly hooks: ProbeWorkerHooks,
  ) {
    this.result = INITIAL[type];
  }

  /** Schedules the first attempt initialDelaySeconds after `startedAt`. */
  start(startedAt: number): void {
    const first = startedAt + (this.probe.initialDelaySeconds ?? 0) * 1000;
    this.schedule(Math.max(0, first - this.hooks.clock.now()));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.hooks.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.hooks.clock.setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const period = (this.probe.periodSeconds ?? 10) * 1000;
    const gated = this.type === 'startup' ? this.hooks.started() : !this.hooks.started();
    if (this.onHold || gated) return this.schedule(period);
    const outcome = await runProbe(this.probe, this.target);
    if (this.stopped) return;
    const result: ProbeResult = outcome.success ? 'success' : 'failure';
    if (!outcome.success) this.hooks.unhealthy(`${TITLE[this.type]} probe failed: ${outcome.output}`);
    if (result === this.lastResult) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold = result === 'failure' ? (this.probe.failureThreshold ?? 3) : (this.probe.successThreshold ?? 1);
    if (this.resultRun >= threshold && result !== this.result) {
      this.result = result;
      if (this.type !== 'readiness' && result === 'failure') {
        this.onHold = true;
        this.resultRun = 0;
      }
      this.hooks.changed();
    }
    this.schedule(period);
  }
}
