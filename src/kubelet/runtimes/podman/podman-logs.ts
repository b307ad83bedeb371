// Container logs from GET /containers/{id}/logs: one frame per line (or partial line), stdout and
// stderr interleaved as written. Podman stamps lines with whole seconds; they are printed in
// Kubernetes' RFC 3339 nanosecond shape.
import type { LogOptions } from '../../container-runtime.js';
import type { LibpodClient } from './libpod-client.js';
import { FrameDecoder } from './stream-frames.js';

export async function* containerLogs(client: LibpodClient, containerId: string, options: LogOptions = {}): AsyncIterable<string> {
  const response = await client.stream('GET', `/containers/${containerId}/logs`, {
    query: {
      stdout: true,
      stderr: true,
      follow: options.follow ?? false,
      timestamps: options.timestamps ?? false,
      tail: options.tailLines ?? undefined,
      since: options.since === undefined ? undefined : new Date(options.since).toISOString(),
    },
    signal: options.signal,
  });
  const decoder = new FrameDecoder();
  let budget = options.limitBytes ?? Infinity;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      for (const frame of decoder.push(chunk)) {
        let text = frame.data.toString('utf8');
        if (options.timestamps) text = text.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z /, (_all, seconds: string, fraction = '') => `${seconds}.${fraction.padEnd(9, '0').slice(0, 9)}Z `);
        if (Buffer.byteLength(text) > budget) text = Buffer.from(text).subarray(0, budget).toString('utf8');
        budget -= Buffer.byteLength(text);
        if (text !== '') yield text;
        if (budget <= 0) return;
      }
    }
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  } finally {
    response.destroy();
  }
}
