// Top functions by self time from a V8 .cpuprofile (as written by node --cpu-prof).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileRow {
  function: string;
  location: string;
  selfMs: number;
  selfPercent: number;
}

export function summarizeCpuProfile(path: string, limit: number): ProfileRow[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / totalHits;
  const byFunction = new Map<string, { location: string; hits: number; name: string }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const location = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { location, hits: 0, name };
    entry.hits += node.hitCount ?? 0;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, limit)
    .map((entry) => ({
      function: entry.name,
      location: entry.location,
      selfMs: Math.round(entry.hits * msPerHit),
      selfPercent: Math.round((entry.hits / totalHits) * 1000) / 10,
    }));
}

/** Self time summed per source folder (src/<folder>, node_modules/<package>, node internals, GC, idle). */
export function cpuProfileByFolder(path: string): { folder: string; selfMs: number; selfPercent: number }[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / totalHits;
  const hits = new Map<string, number>();
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    const folder =
      /\/src\/([^/]+)\/(?:([^/]+)\/)?/.exec(url)?.slice(1, 3).filter((part) => part && !part.endsWith('.ts')).join('/').replace(/^/, 'src/') ??
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.startsWith('node:') ? 'node internals' : functionName.startsWith('(') ? functionName : 'native');
    hits.set(folder, (hits.get(folder) ?? 0) + (node.hitCount ?? 0));
  }
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([folder, count]) => ({ folder, selfMs: Math.round(count * msPerHit), selfPercent: Math.round((count / totalHits) * 1000) / 10 }));
}
