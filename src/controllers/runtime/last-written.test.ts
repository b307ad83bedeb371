import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../client/index.js';
import { LastWritten } from './last-written.js';

const version = (uid: string, resourceVersion: string, note: string): KubeObject => ({ metadata: { name: 'rs', namespace: 'ns', uid, resourceVersion, labels: { note } } });

describe('LastWritten', () => {
  it('prefers the written object while the cache lags, then drops it once the cache caught up', () => {
    const written = new LastWritten<KubeObject>();
    const cached = version('u1', '10', 'cached');
    expect(written.freshest('ns/rs', cached)).toBe(cached);

    const write = version('u1', '12', 'written');
    written.remember('ns/rs', write);
    expect(written.freshest('ns/rs', cached)).toBe(write);
    expect(written.size).toBe(1);

    const caughtUp = version('u1', '12', 'cached again');
    expect(written.freshest('ns/rs', caughtUp)).toBe(caughtUp);
    expect(written.size).toBe(0);
  });

  it('keeps the newest of several writes and ignores an older one', () => {
    const written = new LastWritten<KubeObject>();
    const newer = version('u1', '20', 'newer');
    written.remember('ns/rs', newer);
    written.remember('ns/rs', version('u1', '15', 'older'));
    expect(written.freshest('ns/rs', version('u1', '11', 'cached'))).toBe(newer);
  });

  it('never uses a write to another object of the same name or with an opaque resourceVersion', () => {
    const written = new LastWritten<KubeObject>();
    written.remember('ns/rs', version('u1', '30', 'old object'));
    const replacement = version('u2', '25', 'replacement');
    expect(written.freshest('ns/rs', replacement)).toBe(replacement);
    expect(written.size).toBe(0);

    written.remember('ns/rs', version('u2', 'abc', 'opaque'));
    expect(written.freshest('ns/rs', replacement)).toBe(replacement);
    written.remember('ns/rs', version('u2', '40', 'written'));
    written.forget('ns/rs');
    expect(written.freshest('ns/rs', replacement)).toBe(replacement);
  });
});
