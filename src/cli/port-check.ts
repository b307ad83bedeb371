// Checks that host:port can be listened on before anything else starts, so a busy port is reported
// plainly and no half-started component is left behind.
import { createServer } from 'node:net';
import { CliError } from './io.js';

export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (error) {
    throw listenError(error, host, port);
  } finally {
    await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  }
}

/** A listen failure as a message that names the port and the flag to change it. */
export function listenError(error: unknown, host: string, port: number): Error {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new CliError(
        `port ${port} on ${host} is already in use; stop the process using it or choose another port with --port (or ENGENHO_SERVER_PORT, server.port)`,
        1,
      );
    case 'EACCES':
      return new CliError(`no permission to listen on port ${port} on ${host}; choose a port above 1023 with --port`, 1);
    case 'EADDRNOTAVAIL':
      return new CliError(`cannot listen on ${host}: no such address on this host; change it with --bind-address`, 1);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
