import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './decode.js';

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
});
