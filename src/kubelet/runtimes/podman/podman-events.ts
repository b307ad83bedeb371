// Follows libpod's event stream (container events only) and reconnects when it ends, so the
// runtime learns of exits without polling. After a reconnect `onResync` runs: events may have been missed.
import type { LibpodClient } from './libpod-client.js';

export interface ContainerEvent {
  id: string;
  action: string;
}

export class PodmanEvents {
  private readonly abort = new AbortController();
  /** Resolves once the first connection is established. */
  readonly connected: Promise<void>;

  constructor(
    private readonly client: LibpodClient,
    private readonly onEvent: (event: ContainerEvent) => void,
    private readonly onResync: () => void,
  ) {
    let markConnected!: () => void;
    this.connected = new Promise((resolve) => (markConnected = resolve));
    void this.run(markConnected);
  }

  close(): void {
    this.abort.abort();
  }

  private async run(markConnected: () => void): Promise<void> {
    let first = true;
    while (!this.abort.signal.aborted) {
      try {
        const response = await this.client.stream('GET', '/events', {
          query: { stream: true, filters: JSON.stringify({ type: ['container'] }) },
          signal: this.abort.signal,
        });
        markConnected();
        if (!first) this.onResync();
        first = false;
        let pending = '';
        for await (const chunk of response as AsyncIterable<Buffer>) {
          pending += chunk.toString('utf8');
          let newline: number;
          while ((newline = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line !== '') this.dispatch(line);
          }
        }
      } catch {
        // the service went away or the stream broke: retry below
      }
      if (!this.abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private dispatch(line: string): void {
    try {
      const event = JSON.parse(line) as { Type?: string; Action?: string; Actor?: { ID?: string }; id?: string };
      const id = event.Actor?.ID ?? event.id;
      if (event.Type === 'container' && id && event.Action) this.onEvent({ id, action: event.Action });
    } catch {
      // not JSON: ignore the line
    }
  }
}
