// Hostile input: random JSON thrown at every entry point must give a result or a StatusError,
// never a TypeError (which would surface as a 500). Seeded, so failures reproduce.
import { describe, expect, it } from 'vitest';
import { definition, definitionNameForKind, resolveRef } from '../api/index.js';
import type { SchemaNode } from '../api/schema-types.js';
import { applyBuiltinDefaults } from './builtin-defaults.js';
import { canonicalizeQuantities } from './canonical-quantities.js';
import { applySchemaDefaults } from './defaults.js';
import { StatusError } from './errors.js';
import { applyJsonPatch } from './json-patch.js';
import { parseFieldSelector } from './field-selector.js';
import { labelSelectorFromObject, parseLabelSelector, selectorToString, type LabelSelectorObject } from './label-selector.js';
import { parseQuantity } from './quantity.js';
import { applyMergePatch } from './merge-patch.js';
import { specChanged, type ObjectLike } from './meta.js';
import { podQOSClass } from './pod-qos.js';
import { pruneUnknownFields } from './prune.js';
import { createSchemaWalker } from './schema-walk.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { validateAgainstSchema } from './validate.js';
import { validateBuiltin, validateBuiltinUpdate } from './validate-builtins.js';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const keys = ['metadata', 'spec', 'name', 'containers', 'image', 'ports', 'selector', 'template', 'labels', '$patch', '$retainKeys',
  '$setElementOrder/containers', '$deleteFromPrimitiveList/finalizers', 'finalizers', 'replicas', 'resources', 'limits', 'cpu',
  '__proto__', 'constructor', 'matchLabels', 'matchExpressions', 'operator', 'values', 'key', 'type', 'rules', 'data', 'strategy'];

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 4 || pick < 0.3) {
    const scalars = [null, true, false, 0, -1, 1.5, 2147483648, '', 'x', 'delete', 'replace', 'merge', '1Gi', 'Always', 'In', '*', 'a=b'];
    return scalars[Math.floor(next() * scalars.length)];
  }
  if (pick < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  const count = Math.floor(next() * 5);
  for (let i = 0; i < count; i++) Object.defineProperty(object, keys[Math.floor(next() * keys.length)], { value: value(next, depth + 1), enumerable: true, writable: true, configurable: true });
  return object;
}

const bases: Record<string, unknown>[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'd', labels: { app: 'web' }, finalizers: ['a/b'], ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'x' } } }], resources: { limits: { cpu: '1' }, requests: { cpu: '1' } }, volumeMounts: [{ name: 'v', mountPath: '/v' }], livenessProbe: { httpGet: { port: 80 } } }],
          volumes: [{ name: 'v', configMap: { name: 'c' } }],
          tolerations: [{ key: 'k' }],
        },
      },
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'd' }, spec: { selector: { a: 'b' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], sessionAffinity: 'ClientIP' } },
];

/** A copy of a realistic object with one random subtree replaced by a random value. */
function mutated(next: () => number): unknown {
  const copy = structuredClone(bases[Math.floor(next() * bases.length)]);
  let cursor: unknown = copy;
  for (let depth = 0; depth < 8; depth++) {
    const container = cursor as Record<string, unknown> | unknown[];
    const entries = Object.keys(container);
    if (entries.length === 0) break;
    const key = entries[Math.floor(next() * entries.length)];
    const child = (container as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null || next() < 0.25) {
      (container as Record<string, unknown>)[key] = value(next, 2);
      break;
    }
    cursor = child;
  }
  return copy;
}

function survives(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof StatusError)) throw error;
  }
}

const walker = createSchemaWalker((ref) => definition(ref));
const kinds: [string, string, string][] = [['', 'v1', 'Pod'], ['apps', 'v1', 'Deployment'], ['', 'v1', 'Service'], ['batch', 'v1', 'CronJob'], ['rbac.authorization.k8s.io', 'v1', 'RoleBinding']];
const schemas = kinds.map(([group, version, kind]) => resolveRef({ $ref: definitionNameForKind(group, version, kind) ?? '' }) as SchemaNode);

describe('robustness against random input', () => {
  it('every entry point returns or throws a StatusError', () => {
    const next = random(Number(process.env.ROBUSTNESS_SEED ?? 42));
    for (let round = 0; round < 1500; round++) {
      const doc = round % 2 === 0 ? mutated(next) : value(next, 0);
      const patch = round % 3 === 0 ? mutated(next) : value(next, 0);
      const index = round % kinds.length;
      const [group, , kind] = kinds[index];
      const schema = schemas[index];
      survives(() => validateAgainstSchema(doc, schema, walker, { unknownFields: 'Strict' }));
      survives(() => pruneUnknownFields(doc, schema, walker));
      survives(() => applySchemaDefaults(doc, schema, walker));
      survives(() => canonicalizeQuantities(doc, schema, walker));
      survives(() => applyStrategicMergePatch(doc, patch, schema, walker));
      survives(() => applyMergePatch(doc, patch));
      survives(() => applyJsonPatch(doc, patch));
      survives(() => applyBuiltinDefaults({ group, kind }, doc));
      survives(() => validateBuiltin({ group, kind }, doc));
      survives(() => validateBuiltinUpdate({ group, kind }, doc, patch));
      survives(() => labelSelectorFromObject(doc as LabelSelectorObject));
      survives(() => podQOSClass(doc));
      survives(() => specChanged(doc as ObjectLike, patch as ObjectLike));
    }
    expect(true).toBe(true);
  });

  it('selector and quantity parsers: a result, a StatusError (selectors) or an Error with a message (quantities)', () => {
    const next = random(Number(process.env.ROBUSTNESS_SEED ?? 7));
    const alphabet = 'ab=!,() inotx\\/.-_1%>< ';
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      survives(() => {
        const selector = parseLabelSelector(text);
        expect(parseLabelSelector(selectorToString(selector))).toEqual(selector);
      });
      survives(() => parseFieldSelector(text));
      try {
        parseQuantity(text.replace(/[^0-9.eEkKiMGmun+-]/g, ''));
      } catch (error) {
        expect((error as Error).message).toMatch(/quantit/);
      }
    }
  });
});
