// Splits a watch response body (one JSON event per line) into events.
import type { WatchEvent } from './types.js';

export class WatchDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchDecodeError';
  }
}

export async function* decodeWatchEvents<T>(body: AsyncIterable<string | Uint8Array>): AsyncGenerator<WatchEvent<T>> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== '') yield parseEvent<T>(line);
      newline = buffered.indexOf('\n');
    }
  }
  const rest = (buffered + decoder.decode()).trim();
  if (rest !== '') yield parseEvent<T>(rest);
}

function parseEvent<T>(line: string): WatchEvent<T> {
  let parsed: { type?: unknown; object?: unknown };
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw new WatchDecodeError(`watch event is not JSON: ${(error as Error).message}: ${line.slice(0, 200)}`);
  }
  const known = ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'];
  if (typeof parsed.type !== 'string' || !known.includes(parsed.type) || typeof parsed.object !== 'object' || parsed.object === null) {
    throw new WatchDecodeError(`watch event lacks a known type and an object: ${line.slice(0, 200)}`);
  }
  return parsed as WatchEvent<T>;
}
