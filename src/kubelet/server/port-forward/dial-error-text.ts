// Dial failures in the words kubectl users know from upstream (Go's net package), e.g.
// `dial tcp 127.0.0.1:80: connect: connection refused`; other errors keep their own message.
const CONNECT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ETIMEDOUT: 'i/o timeout',
  ECONNRESET: 'read: connection reset by peer',
};

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
}

export function describeDialError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, syscall, address, port } = error as SystemError;
  const reason = code === undefined ? undefined : CONNECT_REASONS[code];
  if (reason === undefined || syscall !== 'connect' || address === undefined) return error.message;
  const host = address.includes(':') ? `[${address}]` : address;
  return `dial tcp ${port === undefined ? host : `${host}:${port}`}: ${reason}`;
}
