import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './decode.js';
import { definitionNameForKind, resolveRef, type SchemaNode } from '../../../api/index.js';
import { MESSAGE_NAMES, messageFields, ROOT_MESSAGES } from './messages.js';

// A minimal encoder for building test bodies the way Go's generated marshallers lay them out.
const varint = (value: number): number[] => {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
};
const bytesField = (n: number, payload: number[]) => [...varint((n << 3) | 2), ...varint(payload.length), ...payload];
const str = (n: number, s: string) => bytesField(n, [...Buffer.from(s)]);
const int = (n: number, v: number) => [...varint(n << 3), ...varint(v)];
const entry = (n: number, k: string, v: string) => bytesField(n, [...str(1, k), ...str(2, v)]);
const envelope = (apiVersion: string, kind: string, raw: number[]) =>
  Buffer.from([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, [...str(1, apiVersion), ...str(2, kind)]), ...bytesField(2, raw), ...str(3, ''), ...str(4, '')]);

describe('protobuf request bodies', () => {
  it('decodes a ConfigMap as kubectl create configmap sends it', () => {
    const metadata = [...str(1, 'cfg'), ...str(2, ''), ...str(3, ''), ...int(7, 0), ...bytesField(8, []), ...entry(11, 'app', 'x')];
    const body = envelope('v1', 'ConfigMap', [...bytesField(1, metadata), ...entry(2, 'a', 'b'), ...entry(3, 'bin', '\u0001')]);
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', labels: { app: 'x' } },
      data: { a: 'b' },
      binaryData: { bin: 'AQ==' },
    });
  });

  it('keeps meaningful zeros of pointer fields and decodes int-or-string', () => {
    const container = [...str(1, 'c'), ...str(2, 'nginx'), ...bytesField(6, int(3, 80)), ...bytesField(8, [])];
    const podSpec = bytesField(2, container);
    const template = [...bytesField(1, []), ...bytesField(2, podSpec)];
    const strategy = [...str(1, 'RollingUpdate'), ...bytesField(2, [...bytesField(1, [...int(1, 1), ...str(3, '25%')]), ...bytesField(2, [...int(1, 0), ...int(2, 2)])])];
    const spec = [...int(1, 0), ...bytesField(2, bytesField(1, [...str(1, 'app'), ...str(2, 'web')])), ...bytesField(3, template), ...bytesField(4, strategy)];
    const body = envelope('apps/v1', 'Deployment', [...bytesField(1, str(1, 'web')), ...bytesField(2, spec), ...bytesField(3, int(1, 0))]);
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 2 } },
      },
    });
  });

  it('refuses kinds and fields it cannot map with 415, garbage with 400', () => {
    expect(() => decodeProtobufObject(envelope('v1', 'Node', []))).toThrow(expect.objectContaining({ code: 415 }));
    expect(() => decodeProtobufObject(envelope('v1', 'ConfigMap', str(9, 'x')))).toThrow(expect.objectContaining({ code: 415 }));
    expect(() => decodeProtobufObject(Buffer.from('{"json":true}'))).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => decodeProtobufObject(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f]))).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('merges Go-embedded structs into their parent (Ingress rules, volume sources, probe handlers)', () => {
    const backend = bytesField(4, [...str(1, 'web'), ...bytesField(2, int(2, 80))]);
    const path = [...str(1, '/'), ...bytesField(2, backend), ...str(3, 'Prefix')];
    const rule = [...str(1, 'example.com'), ...bytesField(2, bytesField(1, bytesField(1, path)))];
    const ingress = envelope('networking.k8s.io/v1', 'Ingress', [...bytesField(1, str(1, 'ing')), ...bytesField(2, [...bytesField(3, rule), ...str(4, 'nginx')])]);
    expect(decodeProtobufObject(ingress)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing' },
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
    });

    const probe = [...bytesField(1, bytesField(2, [...str(1, '/healthz'), ...bytesField(2, [...int(1, 0), ...int(2, 8080)])])), ...int(2, 0), ...int(3, 1)];
    const container = [...str(1, 'c'), ...str(2, 'nginx'), ...bytesField(10, probe)];
    const volumes = [
      ...bytesField(1, [...str(1, 'scratch'), ...bytesField(2, bytesField(2, []))]),
      ...bytesField(1, [...str(1, 'cfg'), ...bytesField(2, bytesField(19, [...bytesField(1, str(1, 'settings')), ...int(3, 0o644)]))]),
    ];
    const pod = envelope('v1', 'Pod', [...bytesField(1, str(1, 'p')), ...bytesField(2, [...volumes, ...bytesField(2, container)])]);
    expect(decodeProtobufObject(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'settings', defaultMode: 0o644 } }],
        containers: [{ name: 'c', image: 'nginx', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, timeoutSeconds: 1 } }],
      },
    });
  });

  it('decodes both HorizontalPodAutoscaler versions and a TokenRequest', () => {
    const target = [...str(1, 'Deployment'), ...str(2, 'web'), ...str(3, 'apps/v1')];
    const v1 = envelope('autoscaling/v1', 'HorizontalPodAutoscaler', [...bytesField(1, str(1, 'web')), ...bytesField(2, [...bytesField(1, target), ...int(2, 1), ...int(3, 5), ...int(4, 80)])]);
    expect(decodeProtobufObject(v1).spec).toEqual({ scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 80 });
    const metric = [...str(1, 'Resource'), ...bytesField(4, [...str(1, 'cpu'), ...bytesField(2, [...str(1, 'Utilization'), ...int(4, 0)])])];
    const v2 = envelope('autoscaling/v2', 'HorizontalPodAutoscaler', [...bytesField(1, str(1, 'web')), ...bytesField(2, [...bytesField(1, target), ...int(3, 0), ...bytesField(4, metric)])]);
    expect(decodeProtobufObject(v2).spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      maxReplicas: 0,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }],
    });
    const token = envelope('authentication.k8s.io/v1', 'TokenRequest', [...bytesField(1, []), ...bytesField(2, [...str(1, 'api'), ...bytesField(3, [...str(1, 'Pod'), ...str(3, 'p'), ...str(4, 'u-1')]), ...int(4, 600)]), ...bytesField(3, [...str(1, 'x')])]);
    expect(decodeProtobufObject(token)).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: ['api'], boundObjectRef: { kind: 'Pod', name: 'p', uid: 'u-1' }, expirationSeconds: 600 },
    });
  });

  it('names an unknown field number and where it is in the 415', () => {
    const container = [...str(1, 'c'), ...bytesField(10, bytesField(1, str(9, 'new')))];
    const body = envelope('batch/v1', 'Job', [...bytesField(2, bytesField(6, bytesField(2, bytesField(2, container))))]);
    let error: unknown;
    try {
      decodeProtobufObject(body);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 415 });
    expect((error as Error).message).toContain('(not for field 9 of ProbeHandler at spec.template.spec.containers[0].livenessProbe)');
  });

  it('has a table for every message a table or root names', () => {
    const scalars = new Set(['string', 'int', 'bool', 'bytes', 'Time', 'Quantity', 'IntOrString', 'FieldsV1', 'Ignored']);
    const missing = new Set<string>();
    for (const name of [...MESSAGE_NAMES, ...Object.values(ROOT_MESSAGES)]) {
      const fields = messageFields(name);
      if (fields === undefined) missing.add(name);
      for (const field of fields?.values() ?? []) if (!scalars.has(field.type) && messageFields(field.type) === undefined) missing.add(field.type);
    }
    expect([...missing]).toEqual([]);
  });

  it('names every field as the OpenAPI schema of its kind does, with matching shapes', () => {
    const problems: string[] = [];
    const checked = new Set<string>();
    let fieldsChecked = 0;
    const check = (message: string, schema: SchemaNode | undefined, path: string): void => {
      const key = `${message} ${Object.keys(schema?.properties ?? {}).join()}`;
      if (checked.has(key)) return;
      checked.add(key);
      for (const field of messageFields(message)?.values() ?? []) {
        if (field.type === 'Ignored') continue;
        if (field.inline) {
          check(field.type, schema, path);
          continue;
        }
        fieldsChecked++;
        const property = schema?.properties?.[field.name];
        if (property === undefined) {
          problems.push(`${path}.${field.name} (${message}) is not in the schema`);
          continue;
        }
        const resolved = resolveRef(property) ?? property;
        const listOrMap = field.repeated ? resolved.items : field.map ? resolved.additionalProperties : undefined;
        if ((field.repeated && resolved.type !== 'array') || (field.map && resolved.type !== 'object')) problems.push(`${path}.${field.name} is not a list/map in the schema`);
        const inner = listOrMap === undefined ? resolved : typeof listOrMap === 'object' ? (resolveRef(listOrMap) ?? listOrMap) : undefined;
        if (messageFields(field.type) !== undefined) check(field.type, inner, `${path}.${field.name}`);
      }
    };
    for (const [gvk, message] of Object.entries(ROOT_MESSAGES)) {
      const parts = gvk.split('/');
      const kind = parts.pop()!;
      const version = parts.pop()!;
      const group = parts.pop() ?? '';
      const name = definitionNameForKind(group, version, kind);
      if (name !== undefined) check(message, resolveRef({ $ref: name }), kind);
    }
    expect(problems).toEqual([]);
    expect(fieldsChecked).toBeGreaterThan(600);
  });
});
