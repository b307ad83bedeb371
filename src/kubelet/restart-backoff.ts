// Crash-loop back-off as upstream's kubelet (flowcontrol.Backoff, 10 s doubling to 5 min, no jitter
// here): the first exit restarts at once and arms 10 s; an exit within the back-off of the previous
// one waits it out (CrashLoopBackOff) and doubles it; a container quiet for 2x the maximum starts over.

export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RESTART_BACKOFF: BackoffSettings = { initialMs: 10_000, maxMs: 300_000 };

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class RestartBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly settings: BackoffSettings = DEFAULT_RESTART_BACKOFF) {}

  private expired(entry: Entry, now: number): boolean {
    return now - entry.lastUpdate > 2 * this.settings.maxMs;
  }

  /** The current back-off of the key, in ms (0 when none is armed). */
  current(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Whether a restart of a container that finished at `finishedAt` must still wait. */
  inBackOffSince(key: string, finishedAt: number, now: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, now)) return false;
    return now - finishedAt < entry.backoffMs;
  }

  /** Records a restart: arms the initial back-off, or doubles it up to the maximum. */
  next(key: string, now: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, now)) this.entries.set(key, { backoffMs: this.settings.initialMs, lastUpdate: now });
    else this.entries.set(key, { backoffMs: Math.min(entry.backoffMs * 2, this.settings.maxMs), lastUpdate: now });
  }

  forgetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes}m0s` : `${minutes}m${rest}s`;
}
