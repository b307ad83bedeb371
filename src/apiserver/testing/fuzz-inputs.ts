// Deterministic random request material for the fuzz test: paths, queries, headers and bodies
// derived from valid requests by mutation, plus plain garbage.
export type Rng = () => number;

/** mulberry32: small, fast, seedable. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

const NAMES = ['fz', 'fz-1', 'a', 'x'.repeat(300), 'UPPER', 'dot.ted', '..', '.', '%2F', 'ünï', '', 'default', 'kube-system'];
const NAMESPACES = ['default', 'fuzz', 'nope', 'kube-system', '..', '%zz', ''];
const RESOURCES = [
  ['/api/v1', 'configmaps'], ['/api/v1', 'pods'], ['/api/v1', 'namespaces'], ['/api/v1', 'nodes'], ['/api/v1', 'secrets'],
  ['/api/v1', 'services'], ['/api/v1', 'events'], ['/apis/apps/v1', 'deployments'], ['/apis/apps/v1', 'replicasets'],
  ['/apis/batch/v1', 'jobs'], ['/apis/coordination.k8s.io/v1', 'leases'], ['/apis/rbac.authorization.k8s.io/v1', 'clusterroles'],
  ['/apis/apiextensions.k8s.io/v1', 'customresourcedefinitions'], ['/apis/nope/v1', 'things'], ['/api/v2', 'pods'],
] as const;
const SUBRESOURCES = ['status', 'scale', 'binding', 'eviction', 'finalize', 'log', 'exec', 'nope'];
const STATIC_PATHS = ['/', '/api', '/apis', '/version', '/healthz', '/livez?verbose', '/readyz/etcd', '/openapi/v2', '/openapi/v3', '/apis/apps', '/apis/apps/v1', '/metrics', '//api//v1', '/api/v1/watch', '/api/v1/watch/pods'];

const PLAIN_NAMESPACES = ['default', 'fuzz'];
const PLAIN_NAMES = ['fz', 'fz-1', 'fz-2'];

export function randomPath(rng: Rng): string {
  if (rng() < 0.08) return pick(rng, STATIC_PATHS);
  if (rng() < 0.6) {
    const [prefix, plural] = pick(rng, RESOURCES.slice(0, 12));
    const scoped = plural === 'namespaces' || plural === 'nodes' || plural === 'clusterroles' ? prefix : `${prefix}/namespaces/${pick(rng, PLAIN_NAMESPACES)}`;
    const named = rng() < 0.6 ? `/${pick(rng, PLAIN_NAMES)}${rng() < 0.15 ? `/${pick(rng, SUBRESOURCES.slice(0, 5))}` : ''}` : '';
    return `${scoped}/${plural}${named}`;
  }
  const [prefix, plural] = pick(rng, RESOURCES);
  const parts: string[] = [prefix];
  if (rng() < 0.15) parts.push('watch');
  if (rng() < 0.6 && plural !== 'namespaces' && plural !== 'nodes') parts.push('namespaces', pick(rng, NAMESPACES));
  parts.push(plural);
  if (rng() < 0.6) parts.push(encodeURIComponent(pick(rng, NAMES)));
  if (rng() < 0.2) parts.push(pick(rng, SUBRESOURCES));
  if (rng() < 0.05) parts.push('extra', 'segments');
  let path = parts.join('/').replace('/namespaces//', '/namespaces/%20/');
  if (rng() < 0.05) path = path.replace(/[a-z]/, '%');
  return path;
}

const QUERY_VALUES: Record<string, string[]> = {
  watch: ['1', 'true', 'false', 'maybe'],
  labelSelector: ['a=b', 'a in (b,c)', '!a', '===', 'a=(', 'x'.repeat(400), 'a notin ()', 'a>1', 'a,b,'],
  fieldSelector: ['metadata.name=fz', 'spec.nodeName=n', 'status.phase!=Running', 'nope=1', '=', 'a\\', 'metadata.name=a,'],
  limit: ['1', '0', '-1', 'abc', '99999999999999999999', '2'],
  continue: ['garbage', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJhIn0=', 'eyJ2IjoxfQ==', '%%%', ''],
  resourceVersion: ['0', '1', 'abc', '-5', '99999999', ''],
  resourceVersionMatch: ['Exact', 'NotOlderThan', 'Whatever', ''],
  timeoutSeconds: ['1', '0', '-1', 'x'],
  allowWatchBookmarks: ['true', 'false', 'x'],
  sendInitialEvents: ['true', 'false', 'x'],
  dryRun: ['All', 'None', ''],
  fieldManager: ['fuzz', '', 'x'.repeat(200), '\u0001'],
  fieldValidation: ['Strict', 'Warn', 'Ignore', 'strict', ''],
  force: ['true', 'false', 'maybe'],
  gracePeriodSeconds: ['0', '30', '-1', 'x'],
  propagationPolicy: ['Orphan', 'Foreground', 'Background', 'Sideways'],
  orphanDependents: ['true', 'false', 'x'],
  includeObject: ['None', 'Metadata', 'Object', 'All'],
  pretty: ['true'],
};

export function randomQuery(rng: Rng, watching: boolean): string {
  const params = new URLSearchParams();
  const count = Math.floor(rng() * 4);
  for (let i = 0; i < count; i++) {
    const key = pick(rng, Object.keys(QUERY_VALUES));
    params.append(key, pick(rng, QUERY_VALUES[key]));
  }
  // Watches stay open until their timeout: keep them short so the fuzz run stays fast.
  if (watching || params.get('watch') === '1' || params.get('watch') === 'true') params.set('timeoutSeconds', '1');
  const text = params.toString();
  if (rng() < 0.03) return '?%zz=%&&=&a=%E0%A4%A&timeoutSeconds=1';
  return text === '' ? '' : `?${text}`;
}

export const CONTENT_TYPES = [
  'application/vnd.kubernetes.protobuf',
  'application/json', 'application/yaml', 'application/json-patch+json', 'application/merge-patch+json',
  'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf',
  'text/plain', 'application/json; charset=utf-8', '', 'garbage/;;;=',
];
export const ACCEPTS = [
  'application/json', '*/*', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', 'application/json;as=Table;v=v9;g=x', 'text/html', ';;;', '',
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
];

const SEEDS: unknown[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fz', labels: { a: 'b' }, annotations: { x: 'y' }, finalizers: ['example.com/f'] }, data: { k: 'v' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fz' }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } } }], nodeName: 'n' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fz' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fuzz' } },
  { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'fz' }, target: { kind: 'Node', name: 'n' } },
  { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground', preconditions: { uid: 'x' } },
  [{ op: 'add', path: '/metadata/labels/x', value: 'y' }, { op: 'test', path: '/a', value: 1 }, { op: 'move', from: '/spec', path: '/spec/x' }],
  { metadata: { labels: { a: null } }, spec: { $patch: 'replace', containers: [{ name: 'c', $patch: 'delete' }] }, $setElementOrder: { containers: [{ name: 'c' }] } },
  { apiVersion: 'v1', kind: 'Scale', metadata: { name: 'fz' }, spec: { replicas: 3 } },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.fuzz.io' }, spec: { group: 'fuzz.io', names: { plural: 'things', kind: 'Thing' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] } },
];

const WEIRD_VALUES: unknown[] = [null, 0, -1, 1e308, 'x', '', true, [], {}, [null], { $ref: '#' }, 'x'.repeat(5000), { '': 1 }, [[[]]], '\u0000', -0.5, '2026-13-45T99:99:99Z'];

function mutate(rng: Rng, value: unknown, depth: number): unknown {
  if (depth > 6) return value;
  if (rng() < 0.08) return pick(rng, WEIRD_VALUES);
  if (Array.isArray(value)) {
    const copy = value.map((v) => mutate(rng, v, depth + 1));
    if (rng() < 0.1) copy.push(pick(rng, WEIRD_VALUES));
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (rng() < 0.06) continue;
      copy[rng() < 0.03 ? `${k}X` : k] = mutate(rng, v, depth + 1);
    }
    if (rng() < 0.05) copy[pick(rng, ['status', 'spec', 'metadata', 'apiVersion', 'kind', 'managedFields', 'items'])] = pick(rng, WEIRD_VALUES);
    return copy;
  }
  return value;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

const SEED_FOR_PATH: [RegExp, number][] = [[/configmaps/, 0], [/pods\/[^/]+\/binding/, 4], [/pods/, 1], [/scale$/, 8], [/deployments/, 2], [/namespaces(\/[^/]+)?$/, 3], [/customresourcedefinitions/, 9]];

/** A body for `path`: often a (mutated) object of the path's own kind, so it gets past the first checks. */
export function randomBody(rng: Rng, path = ''): string | Buffer | undefined {
  const matching = SEED_FOR_PATH.find(([pattern]) => pattern.test(path.split('?')[0]));
  if (matching !== undefined && rng() < 0.5) {
    const seed = structuredClone(SEEDS[matching[1]]) as { metadata?: { name?: string } };
    const name = /\/(fz(-\d)?)(\/|$)/.exec(path)?.[1];
    if (name !== undefined && seed.metadata !== undefined) seed.metadata.name = name;
    return JSON.stringify(rng() < 0.5 ? seed : mutate(rng, seed, 0));
  }
  const roll = rng();
  if (roll < 0.12) return undefined;
  if (roll < 0.17) return pick(rng, ['', '{', 'null', '[]', '"str"', '42', '{"a":1,"a":2}', '{"metadata":', '\u0000\u0001', 'a: b: c', '- x\n- y', ': :', '&a [*a, *a]', nested(20000)]);
  if (roll < 0.2) return Buffer.from(Array.from({ length: 64 }, () => Math.floor(rng() * 256)));
  if (roll < 0.23) {
    // The protobuf envelope's magic followed by noise, and by a plausible envelope around noise.
    const noise = Array.from({ length: Math.floor(rng() * 80) }, () => Math.floor(rng() * 256));
    const typeMeta = [0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09, ...Buffer.from('ConfigMap')];
    return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...(rng() < 0.5 ? noise : [...typeMeta, 0x12, noise.length, ...noise])]);
  }
  if (roll < 0.22) {
    // A YAML alias bomb: must be refused, not expanded.
    return 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
  }
  const seed = pick(rng, SEEDS);
  const doc = rng() < 0.3 ? seed : mutate(rng, seed, 0);
  let text = JSON.stringify(doc) ?? 'null';
  if (rng() < 0.05) text = text.slice(0, Math.floor(rng() * text.length));
  return text;
}
