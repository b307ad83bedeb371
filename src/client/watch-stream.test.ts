import { describe, expect, it } from 'vitest';
import { decodeWatchEvents, WatchDecodeError } from './watch-stream.js';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* parts;
}

async function decodeAll(...parts: (string | Uint8Array)[]): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of decodeWatchEvents(chunks(...parts))) events.push(event);
  return events;
}

const line = (type: string, name: string) => `${JSON.stringify({ type, object: { metadata: { name } } })}\n`;
const event = (type: string, name: string) => ({ type, object: { metadata: { name } } });

describe('decodeWatchEvents', () => {
  it('decodes one line per chunk, several lines per chunk, and lines split across chunks', async () => {
    const joined = line('ADDED', 'a') + line('MODIFIED', 'b') + line('DELETED', 'c');
    expect(await decodeAll(line('ADDED', 'a'), line('MODIFIED', 'b'))).toEqual([event('ADDED', 'a'), event('MODIFIED', 'b')]);
    expect(await decodeAll(joined)).toEqual([event('ADDED', 'a'), event('MODIFIED', 'b'), event('DELETED', 'c')]);
    expect(await decodeAll(joined.slice(0, 10), joined.slice(10, 50), joined.slice(50))).toEqual([event('ADDED', 'a'), event('MODIFIED', 'b'), event('DELETED', 'c')]);
    expect(await decodeAll(line('ADDED', 'a').slice(0, 5), line('ADDED', 'a').slice(5) + line('BOOKMARK', 'b'))).toEqual([event('ADDED', 'a'), event('BOOKMARK', 'b')]);
  });

  it('skips blank lines, accepts CRLF and a last line without a newline', async () => {
    expect(await decodeAll('\n', '  \r\n', line('ADDED', 'a').replace('\n', '\r\n'), '\n\n', line('ADDED', 'b').trim())).toEqual([event('ADDED', 'a'), event('ADDED', 'b')]);
  });

  it('decodes UTF-8 bytes whose characters are split across chunks', async () => {
    const bytes = new TextEncoder().encode(line('ADDED', 'ção-名前'));
    const at = bytes.indexOf(0xa7); // inside the two bytes of "ç"
    expect(await decodeAll(bytes.slice(0, at), bytes.slice(at))).toEqual([event('ADDED', 'ção-名前')]);
  });

  it('rejects lines that are not JSON or not a known event', async () => {
    await expect(decodeAll('{"type":\n')).rejects.toThrow(WatchDecodeError);
    await expect(decodeAll('{"type":\n')).rejects.toThrow(/^watch event is not JSON: .*: \{"type":$/);
    await expect(decodeAll('{"type":"SOMETHING","object":{}}\n')).rejects.toThrow('watch event lacks a known type and an object: {"type":"SOMETHING","object":{}}');
    await expect(decodeAll('{"type":"ADDED"}\n')).rejects.toThrow('watch event lacks a known type and an object: {"type":"ADDED"}');
    await expect(decodeAll('null\n')).rejects.toThrow('watch event lacks a known type and an object: null');
    await expect(decodeAll('[1]')).rejects.toThrow('watch event lacks a known type and an object: [1]');
  });

  it('decodes the same whole-line chunk once for every stream that gets it', async () => {
    const shared = line('MODIFIED', `shared-${Math.random()}`);
    const [first] = await decodeAll(shared);
    const [second] = await decodeAll(shared);
    expect(second).toBe(first);
    // Lines cut from bigger chunks are parsed on their own.
    const [, third] = await decodeAll(line('ADDED', 'x') + shared);
    expect(third).toEqual(first);
    expect(third).not.toBe(first);
  });

  it('tells apart lines that differ only after a long common start, and forgets the oldest of many', async () => {
    const padding = 'p'.repeat(400);
    const versions = Array.from({ length: 1100 }, (_, i) => `${JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: padding, resourceVersion: String(i) } } })}\n`);
    const first: unknown[] = [];
    for (const version of versions) {
      const [once] = await decodeAll(version);
      const [twice] = await decodeAll(version);
      expect(twice).toBe(once);
      first.push(once);
    }
    expect(first.map((decoded) => (decoded as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion)).toEqual(versions.map((_, i) => String(i)));
    const [again] = await decodeAll(versions[0]);
    expect(again).toEqual(first[0]);
    expect(again).not.toBe(first[0]);
    const [recent] = await decodeAll(versions[1099]);
    expect(recent).toBe(first[1099]);
  });
});
