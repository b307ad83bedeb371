// /healthz, /livez, /readyz (plain "ok", ?verbose lists each check, /<endpoint>/<check> runs one)
// and /version, as upstream's genericapiserver serves them.
import { kubernetesVersion } from '../api/index.js';
import type { ApiContext } from './context.js';
import type { ApiRequest, ApiResponse } from './http/types.js';
import { sendJson } from './http/respond.js';

type Check = { name: string; run: (ctx: ApiContext) => Promise<void> };

const CHECKS: Check[] = [
  { name: 'ping', run: async () => {} },
  { name: 'log', run: async () => {} },
  { name: 'etcd', run: async (ctx) => { await ctx.store.currentRevision(); } },
];

const ENDPOINTS = ['/healthz', '/livez', '/readyz'];

function sendText(res: ApiResponse, code: number, text: string): void {
  res.writeHead(code, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache, private',
  });
  res.end(text);
}

export function isHealthPath(path: string): boolean {
  return ENDPOINTS.some((endpoint) => path === endpoint || path.startsWith(`${endpoint}/`));
}

export async function handleHealth(ctx: ApiContext, res: ApiResponse, path: string, query: URLSearchParams): Promise<void> {
  const endpoint = ENDPOINTS.find((e) => path === e || path.startsWith(`${e}/`)) ?? '/healthz';
  const label = endpoint.slice(1);
  const single = path.slice(endpoint.length + 1);
  if (single !== '') {
    const check = CHECKS.find((c) => c.name === single);
    if (check === undefined) return sendText(res, 404, '404 page not found\n');
    try {
      await check.run(ctx);
      return sendText(res, 200, 'ok');
    } catch {
      return sendText(res, 500, `internal server error: ${single} check failed\n`);
    }
  }
  const excluded = new Set(query.getAll('exclude'));
  const lines: string[] = [];
  let failed = false;
  for (const check of CHECKS) {
    if (excluded.has(check.name)) {
      lines.push(`[+]${check.name} excluded: ok`);
      continue;
    }
    try {
      await check.run(ctx);
      lines.push(`[+]${check.name} ok`);
    } catch {
      failed = true;
      lines.push(`[-]${check.name} failed: reason withheld`);
    }
  }
  if (failed) return sendText(res, 500, `${lines.join('\n')}\n${label} check failed\n`);
  if (query.has('verbose')) return sendText(res, 200, `${lines.join('\n')}\n${label} check passed\n`);
  sendText(res, 200, 'ok');
}

const PLATFORM_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

export function versionInfo(): Record<string, string> {
  return {
    major: kubernetesVersion.major,
    minor: kubernetesVersion.minor,
    gitVersion: kubernetesVersion.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'gc',
    platform: `${process.platform}/${PLATFORM_ARCH[process.arch] ?? process.arch}`,
  };
}

export function handleVersion(_req: ApiRequest, res: ApiResponse): void {
  sendJson(res, 200, versionInfo());
}
