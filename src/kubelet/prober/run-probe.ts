// One probe attempt as upstream's exec, HTTP, TCP and gRPC probers: exec succeeds on exit code 0, HTTP on
// a status in [200, 400), TCP when the connection opens; all within timeoutSeconds. The output is
// what upstream puts after "Liveness probe failed: ".
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Container, Probe } from '../../api/index.js';
import type { ContainerRuntime } from '../container-runtime.js';
import { grpcProbe } from './grpc-probe.js';

export interface ProbeTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Container;
  podIP: string;
}

export interface ProbeOutcome {
  success: boolean;
  output: string;
}

const USER_AGENT = 'kube-probe/1.32';

function resolvePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  if (!named) throw new Error(`couldn't find port: ${port} in container ${container.name}`);
  return named.containerPort;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

async function execProbe(target: ProbeTarget, command: string[], timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const result = await target.runtime.exec(target.containerId, command, { timeoutMs });
    return { success: result.exitCode === 0, output: `${result.stdout}${result.stderr}` };
  } catch (error) {
    return { success: false, output: error instanceof Error ? error.message : String(error) };
  }
}

function httpProbe(target: ProbeTarget, action: NonNullable<Probe['httpGet']>, timeoutMs: number): Promise<ProbeOutcome> {
  const host = action.host || target.podIP;
  const port = resolvePort(action.port, target.container);
  const scheme = (action.scheme ?? 'HTTP').toLowerCase();
  let path = action.path || '/';
  if (!path.startsWith('/')) path = `/${path}`;
  const url = `${scheme}://${hostPort(host, port)}${path}`;
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: '*/*' };
  for (const header of action.httpHeaders ?? []) headers[header.name] = header.value;
  return new Promise((resolve) => {
    const send = scheme === 'https' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 400) resolve({ success: true, output: '' });
      else resolve({ success: false, output: `HTTP probe failed with statuscode: ${code}` });
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ success: false, output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ success: false, output: `Get "${url}": ${dialError(host, port, error)}` }));
    req.end();
  });
}

function dialError(host: string, port: number, error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return `dial tcp ${hostPort(host, port)}: connect: connection refused`;
  if (error.code === 'EHOSTUNREACH') return `dial tcp ${hostPort(host, port)}: connect: no route to host`;
  return error.message;
}

function tcpProbe(target: ProbeTarget, action: NonNullable<Probe['tcpSocket']>, timeoutMs: number): Promise<ProbeOutcome> {
  const host = action.host || target.podIP;
  const port = resolvePort(action.port, target.container);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ success: true, output: '' });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ success: false, output: `dial tcp ${hostPort(host, port)}: i/o timeout` });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ success: false, output: dialError(host, port, error) }));
  });
}

/** Whether the probe has an action this kubelet runs. */
export function runnable(probe: Probe): boolean {
  return Boolean(probe.exec?.command || probe.httpGet || probe.tcpSocket || probe.grpc);
}

export async function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  try {
    if (probe.exec?.command) return await execProbe(target, probe.exec.command, timeoutMs);
    if (probe.httpGet) return await httpProbe(target, probe.httpGet, timeoutMs);
    if (probe.tcpSocket) return await tcpProbe(target, probe.tcpSocket, timeoutMs);
    if (probe.grpc) return await grpcProbe(target.podIP, probe.grpc.port, probe.grpc.service ?? '', timeoutMs);
  } catch (error) {
    return { success: false, output: error instanceof Error ? error.message : String(error) };
  }
  return { success: false, output: 'no probe action' };
}
