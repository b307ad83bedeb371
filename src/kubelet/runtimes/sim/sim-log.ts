// A simulated container's log, computed rather than stored: a start line (and the command) when it
// ran, a heartbeat line every `interval` ms while it runs, an exit line when it exits. Every line
// follows from the container's record, so a container costs no strings and no timer for its log
// however long it runs; the newest `capacity` lines are readable, as a bounded log keeps them.
import type { Clock } from '../../../client/index.js';
import type { ContainerRecord } from '../../container-runtime.js';
import type { LogLine } from '../../log-ring.js';

export interface SimLogSource {
  readonly record: ContainerRecord;
  /** `command args...` when the container has any. */
  readonly commandLine?: string;
  /** The container ran (it has the start lines); one stopped while `created` has only its exit line. */
  ran: boolean;
  /** Followers waiting for the exit line. */
  waiters?: Set<() => void>;
}

export interface SimLogSettings {
  clock: Clock;
  /** Heartbeat period (0 = none). */
  intervalMs: number;
  capacity: number;
}

export interface SimLogReadOptions {
  follow?: boolean;
  tailLines?: number;
  since?: number;
  signal?: AbortSignal;
}

function heartbeats(source: SimLogSource, settings: SimLogSettings): number {
  const { record } = source;
  if (!source.ran || settings.intervalMs <= 0 || record.startedAt === undefined) return 0;
  const elapsed = (record.state === 'exited' ? (record.finishedAt ?? record.startedAt) : settings.clock.now()) - record.startedAt;
  // A heartbeat due at the exit itself is not written (the exit stops the container first).
  const count = record.state === 'exited' ? Math.ceil(elapsed / settings.intervalMs) - 1 : Math.floor(elapsed / settings.intervalMs);
  return Math.max(0, count);
}

function headLines(source: SimLogSource): number {
  return source.ran ? (source.commandLine !== undefined ? 2 : 1) : 0;
}

/** Lines written so far (also those past the capacity). */
function total(source: SimLogSource, settings: SimLogSettings): number {
  return headLines(source) + heartbeats(source, settings) + (source.record.state === 'exited' ? 1 : 0);
}

function lineAt(source: SimLogSource, settings: SimLogSettings, index: number): LogLine {
  const { record } = source;
  const head = headLines(source);
  const startedAt = record.startedAt ?? record.createdAt;
  if (index === 0 && head > 0) return { at: startedAt, text: `sim: container ${record.name} started (image ${record.image})` };
  if (index === 1 && head > 1) return { at: startedAt, text: `sim: running ${source.commandLine}` };
  const beat = index - head + 1;
  if (beat <= heartbeats(source, settings)) return { at: startedAt + beat * settings.intervalMs, text: `sim: ${record.name} running for ${Math.round((beat * settings.intervalMs) / 1000)}s` };
  return { at: record.finishedAt ?? startedAt, text: `sim: container ${record.name} exited with code ${record.exitCode ?? 0}` };
}

/** New lines are there (the container ran or exited): followers read them. */
export function wakeSimLog(source: SimLogSource): void {
  if (!source.waiters) return;
  for (const waiter of [...source.waiters]) waiter();
}

/** Lines already there (after `since`, last `tailLines`), then, when following, each new one until the exit line or abort. */
export async function* readSimLog(source: SimLogSource, settings: SimLogSettings, options: SimLogReadOptions = {}): AsyncGenerator<LogLine> {
  const end = total(source, settings);
  let first = Math.max(0, end - settings.capacity);
  if (options.since !== undefined) while (first < end && lineAt(source, settings, first).at < options.since) first++;
  if (options.tailLines !== undefined) first = Math.max(first, end - options.tailLines);
  for (let index = first; index < end; index++) yield lineAt(source, settings, index);
  if (!options.follow) return;
  let next = end;
  while (!options.signal?.aborted) {
    const now = total(source, settings);
    if (now > next) {
      for (let index = Math.max(next, now - settings.capacity); index < now; index++) yield lineAt(source, settings, index);
      next = now;
      continue;
    }
    if (source.record.state === 'exited') return;
    await nextLine(source, settings, options.signal);
  }
}

/** Waits for the next heartbeat, the start or exit, or the abort, whichever comes first. */
function nextLine(source: SimLogSource, settings: SimLogSettings, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: unknown;
    const done = (): void => {
      source.waiters?.delete(done);
      if (timer !== undefined) settings.clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    (source.waiters ??= new Set()).add(done);
    signal?.addEventListener('abort', done, { once: true });
    const { startedAt } = source.record;
    if (source.ran && settings.intervalMs > 0 && startedAt !== undefined) {
      const due = startedAt + (heartbeats(source, settings) + 1) * settings.intervalMs;
      timer = settings.clock.setTimeout(done, Math.max(0, due - settings.clock.now()));
    }
  });
}
