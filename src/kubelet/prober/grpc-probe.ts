// gRPC probes as upstream's: one `grpc.health.v1.Health/Check` call over plaintext HTTP/2 to
// host:port with the probe's `service`, passing only when the answer is SERVING. The messages are
// upstream's. The request and response are tiny protobufs, so they are encoded by hand here.
import { connect, type ClientHttp2Session } from 'node:http2';

const STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

function requestFrame(service: string): Buffer {
  const name = Buffer.from(service);
  const message = name.length > 0 ? Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]) : Buffer.alloc(0);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

/** The `status` field (1, varint) of a HealthCheckResponse frame; 0 (UNKNOWN) when absent. */
function responseStatus(frame: Buffer): number {
  const message = frame.subarray(5, 5 + frame.readUInt32BE(1));
  for (let i = 0; i < message.length; ) {
    const tag = message[i++];
    let value = 0;
    let shift = 0;
    while (i < message.length) {
      const byte = message[i++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    if (tag === 0x08) return value;
  }
  return 0;
}

export function grpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<{ success: boolean; output: string }> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const seconds = `${timeoutMs / 1000}s`;
  return new Promise((resolve) => {
    let session: ClientHttp2Session | undefined;
    let connected = false;
    const finish = (success: boolean, output: string): void => {
      clearTimeout(timer);
      session?.destroy();
      resolve({ success, output });
    };
    const timer = setTimeout(
      () => finish(false, connected ? `timeout: health rpc did not complete within ${seconds}` : `timeout: failed to connect service "${address}" within ${seconds}: context deadline exceeded`),
      timeoutMs,
    );
    session = connect(`http://${address}`);
    session.once('connect', () => (connected = true));
    session.once('error', (error) => finish(false, `error: failed to connect service at "${address}": ${error.message}`));
    const call = session.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc', te: 'trailers' });
    const chunks: Buffer[] = [];
    let grpcStatus: string | undefined;
    let grpcMessage = '';
    const readStatus = (headers: Record<string, unknown>): void => {
      if (headers['grpc-status'] !== undefined) grpcStatus = String(headers['grpc-status']);
      if (headers['grpc-message'] !== undefined) grpcMessage = decodeURIComponent(String(headers['grpc-message']));
    };
    call.on('response', readStatus);
    call.on('trailers', readStatus);
    call.on('data', (chunk: Buffer) => chunks.push(chunk));
    call.on('error', (error: Error & { cause?: Error }) => {
      if (!connected) finish(false, `error: failed to connect service at "${address}": ${(error.cause ?? error).message}`);
      else finish(false, `error: health rpc probe failed: ${error.message}`);
    });
    call.on('end', () => {
      if (grpcStatus === '12') return finish(false, `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${grpcMessage}`);
      if (grpcStatus !== '0') return finish(false, `error: health rpc probe failed: rpc error: code = ${grpcStatus ?? 'Unknown'} desc = ${grpcMessage}`);
      const body = Buffer.concat(chunks);
      const status = body.length >= 5 ? responseStatus(body) : 0;
      if (status !== 1) return finish(false, `service unhealthy (responded with "${STATUS[status] ?? String(status)}")`);
      finish(true, 'service healthy');
    });
    call.end(requestFrame(service));
  });
}
