import { describe, expect, it } from 'vitest';
import { dueRun, parseSchedule, scheduledJobName, ScheduleError } from './cronjob-schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('parseSchedule', () => {
  it('reads ranges, steps, lists, names and macros', () => {
    const from = at('2026-01-01T00:02:00Z'); // a Thursday
    expect(iso(parseSchedule('*/5 * * * *', 'UTC').next(from))).toBe('2026-01-01T00:05:00.000Z');
    expect(iso(parseSchedule('0 9 * * mon-fri', 'UTC').next(from))).toBe('2026-01-01T09:00:00.000Z');
    expect(iso(parseSchedule('0 9 * * sat,sun', 'UTC').next(from))).toBe('2026-01-03T09:00:00.000Z');
    expect(iso(parseSchedule('30 1-3/2 * feb *', 'UTC').next(from))).toBe('2026-02-01T01:30:00.000Z');
    expect(iso(parseSchedule('@hourly', 'UTC').next(from))).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(parseSchedule('@daily', 'UTC').next(from))).toBe('2026-01-02T00:00:00.000Z');
    expect(iso(parseSchedule('@midnight', 'UTC').next(from))).toBe('2026-01-02T00:00:00.000Z');
  });

  it('runs in spec.timeZone', () => {
    // 09:00 in New York (EST, UTC-5) is 14:00 UTC.
    expect(iso(parseSchedule('0 9 * * *', 'America/New_York').next(at('2026-01-01T00:00:00Z')))).toBe('2026-01-01T14:00:00.000Z');
  });

  it('refuses six fields, bad values and unknown zones with a reason', () => {
    expect(() => parseSchedule('* * * * * *')).toThrow(new ScheduleError('unparseable schedule "* * * * * *": expected exactly 5 fields, found 6', 'UnparseableSchedule'));
    expect(() => parseSchedule('*/x * * * *')).toThrow(/unparseable schedule "\*\/x \* \* \* \*"/);
    expect(() => parseSchedule('61 * * * *')).toThrow(ScheduleError);
    try {
      parseSchedule('* * * * *', 'Mars/Olympus');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ reason: 'UnknownTimeZone', message: 'unknown time zone "Mars/Olympus"' });
    }
  });
});

describe('dueRun', () => {
  const everyMinute = parseSchedule('* * * * *', 'UTC');
  it('finds the latest run since the last one and counts the missed', () => {
    const due = dueRun(everyMinute, at('2026-01-01T00:00:00Z'), at('2026-01-01T00:03:30Z'));
    expect({ ...due, scheduledAt: iso(due.scheduledAt), nextAt: iso(due.nextAt) }).toEqual({ scheduledAt: '2026-01-01T00:03:00.000Z', count: 3, nextAt: '2026-01-01T00:04:00.000Z' });
  });

  it('has nothing due before the first run', () => {
    expect(dueRun(everyMinute, at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:59Z')).scheduledAt).toBeUndefined();
  });

  it('stops counting past 100 missed runs yet still finds the latest', () => {
    const due = dueRun(everyMinute, at('2026-01-01T00:00:00Z'), at('2026-01-03T00:00:30Z'));
    expect(due.count).toBe(101);
    expect(iso(due.scheduledAt)).toBe('2026-01-03T00:00:00.000Z');
  });
});

it('names jobs by scheduled minutes since the epoch', () => {
  expect(scheduledJobName('backup', at('2026-01-01T00:05:00Z'))).toBe('backup-29453765');
});
