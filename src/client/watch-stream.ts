// Splits a watch response body (one JSON event per line) into events.
//
// In one process every watcher of a resource gets the same line from the API server (it serializes
// each event once, and the in-process transport hands that string over as one chunk), so chunks
// that are one whole line are kept, decoded, by their text for a while: the scheduler's, the
// kubelets' and the controllers' informers then parse a pod once, not once each, and cache the same
// object. Decoded objects are shared: treat them as read-only (as every informer cache's). Lines cut
// out of bigger chunks (HTTPS) are parsed on their own: keeping one would keep its whole chunk.
import type { WatchEvent } from './types.js';

export class WatchDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchDecodeError';
  }
}

/** Lines decoded lately, oldest first; enough for watchers that lag a burst of events behind. */
const recentlyDecoded = new Map<string, WatchEvent<unknown>>();
const RECENT_LINES = 1024;

export async function* decodeWatchEvents<T>(body: AsyncIterable<string | Uint8Array>): AsyncGenerator<WatchEvent<T>> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (buffered === '' && text.indexOf('\n') === text.length - 1) {
      // One whole line, the in-process transport's chunk: decode it as it is, no copy.
      if (!isBlank(text)) yield decodeShared<T>(text);
      continue;
    }
    buffered += text;
    let start = 0;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(start, newline);
      start = newline + 1;
      if (!isBlank(line)) yield parseEvent<T>(line);
      newline = buffered.indexOf('\n', start);
    }
    buffered = buffered.slice(start);
  }
  const rest = buffered + decoder.decode();
  if (!isBlank(rest)) yield parseEvent<T>(rest);
}

function isBlank(line: string): boolean {
  return line.charCodeAt(0) !== 123 /* { */ && line.trim() === '';
}

function decodeShared<T>(line: string): WatchEvent<T> {
  const known = recentlyDecoded.get(line);
  if (known !== undefined) return known as WatchEvent<T>;
  const event = parseEvent<T>(line);
  recentlyDecoded.set(line, event);
  if (recentlyDecoded.size > RECENT_LINES) recentlyDecoded.delete(recentlyDecoded.keys().next().value!);
  return event;
}

const knownTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

function parseEvent<T>(line: string): WatchEvent<T> {
  let parsed: { type?: unknown; object?: unknown };
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw new WatchDecodeError(`watch event is not JSON: ${(error as Error).message}: ${line.trim().slice(0, 200)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.type !== 'string' || !knownTypes.has(parsed.type) || typeof parsed.object !== 'object' || parsed.object === null) {
    throw new WatchDecodeError(`watch event lacks a known type and an object: ${line.trim().slice(0, 200)}`);
  }
  return parsed as WatchEvent<T>;
}
