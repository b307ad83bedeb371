// Follows every pod through a watch and notes, in this process's clock (ms), when each was first
// seen, first bound to a node and first Running. Also polls peak RSS / heap.

export interface PodTimes {
  seen: number;
  scheduled?: number;
  running?: number;
}

interface PodLike {
  metadata?: { uid?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

export class PodTracker {
  readonly pods = new Map<string, PodTimes>();
  scheduledCount = 0;
  runningCount = 0;

  observe(pod: PodLike, now = performance.now()): void {
    const uid = pod.metadata?.uid;
    if (!uid) return;
    let times = this.pods.get(uid);
    if (!times) {
      times = { seen: now };
      this.pods.set(uid, times);
    }
    if (times.scheduled === undefined && pod.spec?.nodeName) {
      times.scheduled = now;
      this.scheduledCount++;
    }
    if (times.running === undefined && pod.status?.phase === 'Running') {
      times.running = now;
      this.runningCount++;
    }
  }
}

export class PeakMemory {
  rssBytes = 0;
  heapUsedBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 250) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const usage = process.memoryUsage();
    this.rssBytes = Math.max(this.rssBytes, usage.rss);
    this.heapUsedBytes = Math.max(this.heapUsedBytes, usage.heapUsed);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

/** Nearest-rank percentile of unsorted values (0 when empty). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
