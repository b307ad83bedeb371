import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../client/testing/index.js';
import { Expectations } from './expectations.js';

describe('Expectations', () => {
  it('holds a key until every expected creation and deletion is observed', () => {
    const expectations = new Expectations({ clock: new FakeClock() });
    expect(expectations.satisfied('ns/rs')).toBe(true);
    expectations.expectCreations('ns/rs', 2);
    expect(expectations.satisfied('ns/rs')).toBe(false);
    expectations.creationObserved('ns/rs');
    expect(expectations.pending('ns/rs')).toEqual({ adds: 1, deletions: [] });
    expectations.creationObserved('ns/rs');
    expect(expectations.satisfied('ns/rs')).toBe(true);
    expectations.creationObserved('ns/rs');
    expect(expectations.pending('ns/rs')).toEqual({ adds: 0, deletions: [] });

    expectations.expectDeletions('ns/rs', ['ns/p2', 'ns/p1']);
    expect(expectations.pending('ns/rs')).toEqual({ adds: 0, deletions: ['ns/p1', 'ns/p2'] });
    expectations.deletionObserved('ns/rs', 'ns/p1');
    expectations.deletionObserved('ns/rs', 'ns/other');
    expect(expectations.satisfied('ns/rs')).toBe(false);
    expectations.deletionObserved('ns/rs', 'ns/p2');
    expect(expectations.satisfied('ns/rs')).toBe(true);
    expectations.delete('ns/rs');
    expect(expectations.pending('ns/rs')).toBeUndefined();
  });

  it('counts expectations as met once they are older than the TTL', async () => {
    const clock = new FakeClock();
    const expectations = new Expectations({ clock, ttlMs: 1000 });
    expectations.expectCreations('k', 1);
    await clock.advance(1000);
    expect(expectations.satisfied('k')).toBe(false);
    await clock.advance(1);
    expect(expectations.satisfied('k')).toBe(true);
  });
});
