// CronJob schedules: five-field cron (ranges, steps, lists, month/day names) and the @yearly,
// @monthly, @weekly, @daily, @hourly macros, in spec.timeZone (else the process's zone, as
// upstream uses the controller manager's), parsed by cron-parser. And upstream's
// mostRecentScheduleTime: which run is due now, counting the ones missed since the last.
import { CronExpressionParser } from 'cron-parser';

/** Upstream gives up listing missed runs past this many (and warns "too many missed start times"). */
export const MAX_MISSED_SCHEDULES = 100;

export class ScheduleError extends Error {
  constructor(
    message: string,
    readonly reason: 'UnparseableSchedule' | 'UnknownTimeZone',
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export interface Schedule {
  /** The first run strictly after `afterMs`. */
  next(afterMs: number): number;
}

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  const text = schedule.trim();
  if (timeZone !== undefined && timeZone !== '') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      throw new ScheduleError(`unknown time zone ${JSON.stringify(timeZone)}`, 'UnknownTimeZone');
    }
  }
  const fields = text.split(/\s+/);
  if (!(fields.length === 1 && MACROS.has(text.toLowerCase())) && fields.length !== 5) {
    throw new ScheduleError(`unparseable schedule ${JSON.stringify(schedule)}: expected exactly 5 fields, found ${fields.length}`, 'UnparseableSchedule');
  }
  const expression = text.toLowerCase() === '@midnight' ? '@daily' : text.toLowerCase() === '@annually' ? '@yearly' : text;
  const options = (afterMs: number) => ({ currentDate: new Date(afterMs), ...(timeZone ? { tz: timeZone } : {}) });
  try {
    CronExpressionParser.parse(expression, options(0));
  } catch (error) {
    throw new ScheduleError(`unparseable schedule ${JSON.stringify(schedule)}: ${error instanceof Error ? error.message : String(error)}`, 'UnparseableSchedule');
  }
  return {
    next: (afterMs) => CronExpressionParser.parse(expression, options(afterMs)).next().getTime(),
  };
}

export interface DueRun {
  /** The latest scheduled time in (earliest, now], if any. */
  scheduledAt?: number;
  /** Runs between earliest and now (capped at MAX_MISSED_SCHEDULES + 1). */
  count: number;
  /** The next run after now. */
  nextAt: number;
}

/**
 * `earliest` is the last schedule time (else the CronJob's creation), moved up to
 * now - startingDeadlineSeconds when that is later.
 */
export function dueRun(schedule: Schedule, earliest: number, now: number): DueRun {
  let scheduledAt: number | undefined;
  let count = 0;
  for (let at = schedule.next(earliest); at <= now; at = schedule.next(at)) {
    scheduledAt = at;
    count++;
    if (count > MAX_MISSED_SCHEDULES) {
      // Too many to walk one by one: jump to the last run before now.
      scheduledAt = lastRunAtOrBefore(schedule, at, now);
      break;
    }
  }
  return { scheduledAt, count, nextAt: schedule.next(now) };
}

function lastRunAtOrBefore(schedule: Schedule, from: number, now: number): number {
  // Binary search on the start point: the last run <= now is the one whose successor is > now.
  let low = from;
  let high = now;
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2);
    if (schedule.next(middle) <= now) low = schedule.next(middle);
    else high = middle;
  }
  let last = low;
  for (let at = schedule.next(last); at <= now; at = schedule.next(at)) last = at;
  return last;
}

/** Upstream's job name: <cronjob>-<scheduled time in minutes since the epoch>. */
export function scheduledJobName(cronJobName: string, scheduledAt: number): string {
  return `${cronJobName}-${Math.floor(scheduledAt / 60_000)}`;
}
