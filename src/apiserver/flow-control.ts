// Max-in-flight split into priority levels, a reduction of upstream's API Priority and Fairness
// suggested configuration: `exempt` (group system:masters) is never limited; `system` (nodes, the
// scheduler, the controller manager, kube-system service accounts) has its own seats and waits in a
// FIFO queue for one, so user traffic can never starve the components that keep the cluster running;
// `global-default` (everyone else) gets 429 with Retry-After once its seats are taken, as upstream's
// max-in-flight filter. Watches never take a seat (the caller skips them).
import type { UserInfo } from './context.js';

export type PriorityLevel = 'exempt' | 'system' | 'global-default';

export const PRIORITY_LEVELS: readonly PriorityLevel[] = ['exempt', 'system', 'global-default'];

const SYSTEM_USERS = new Set(['system:kube-scheduler', 'system:kube-controller-manager', 'system:kube-proxy']);

export function priorityLevelOf(user: UserInfo): PriorityLevel {
  if (user.groups.includes('system:masters')) return 'exempt';
  if (user.groups.includes('system:nodes') || SYSTEM_USERS.has(user.name) || user.name.startsWith('system:serviceaccount:kube-system:')) {
    return 'system';
  }
  return 'global-default';
}

export interface FlowControlOptions {
  /** Seats of global-default; past them requests are rejected. */
  maxRequestsInFlight: number;
  /** Seats of the system level; past them requests queue. */
  systemRequestsInFlight: number;
  /** Requests the system level holds waiting; past that they are rejected too. */
  systemQueueLength: number;
}

export interface LevelState {
  executing: number;
  waiting: number;
  rejected: number;
}

/** Returned by admit(): resolves once the request may run; `release` must be called when it ends. */
export type Admission = { release(): void; waited?: Promise<void> } | 'rejected';

export class FlowControl {
  private readonly state = new Map<PriorityLevel, LevelState>(PRIORITY_LEVELS.map((level) => [level, { executing: 0, waiting: 0, rejected: 0 }]));
  private readonly queue: (() => void)[] = [];

  constructor(readonly options: FlowControlOptions) {}

  /** Takes a seat at `level` now, queues for one (system), or says the request is rejected. */
  admit(level: PriorityLevel): Admission {
    const state = this.state.get(level)!;
    const release = () => this.release(level);
    if (level === 'exempt') {
      state.executing++;
      return { release };
    }
    const seats = level === 'system' ? this.options.systemRequestsInFlight : this.options.maxRequestsInFlight;
    if (state.executing < seats && (level !== 'system' || this.queue.length === 0)) {
      state.executing++;
      return { release };
    }
    if (level === 'system' && this.queue.length < this.options.systemQueueLength) {
      state.waiting++;
      const waited = new Promise<void>((resolve) => this.queue.push(resolve));
      return { release, waited };
    }
    state.rejected++;
    return 'rejected';
  }

  /** A snapshot per level (for /metrics and tests). */
  snapshot(): Record<PriorityLevel, LevelState> {
    return Object.fromEntries([...this.state].map(([level, state]) => [level, { ...state }])) as Record<PriorityLevel, LevelState>;
  }

  private release(level: PriorityLevel): void {
    const state = this.state.get(level)!;
    state.executing--;
    if (level !== 'system') return;
    const next = this.queue.shift();
    if (next === undefined) return;
    state.waiting--;
    state.executing++;
    next();
  }
}
