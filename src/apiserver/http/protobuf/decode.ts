// Decoding `application/vnd.kubernetes.protobuf` request bodies (kubectl's typed clients send them):
// the "k8s\0" envelope around runtime.Unknown, then the object's message turned into the JSON the
// server works with. Messages outside the table in messages.ts are refused with a clear 415.
import { badRequest, unsupportedMediaType } from '../../../machinery/index.js';
import { messageFields, ROOT_MESSAGES } from './messages.js';
import { readFields, toInt64, WireError, type WireField } from './wire.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const utf8 = new TextDecoder('utf-8');

class Unsupported extends Error {}

function text(field: WireField): string {
  return utf8.decode(field.bytes ?? new Uint8Array());
}

function time(bytes: Uint8Array): string | undefined {
  let seconds = 0;
  for (const f of readFields(bytes)) if (f.number === 1 && f.value !== undefined) seconds = toInt64(f.value);
  if (bytes.length === 0) return undefined;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}

function intOrString(bytes: Uint8Array): number | string {
  let kind = 0;
  let intVal = 0;
  let strVal = '';
  for (const f of readFields(bytes)) {
    if (f.number === 1 && f.value !== undefined) kind = toInt64(f.value);
    if (f.number === 2 && f.value !== undefined) intVal = Number(BigInt.asIntN(32, f.value));
    if (f.number === 3) strVal = text(f);
  }
  return kind === 1 ? strVal : intVal;
}

function scalar(type: string, field: WireField, path: string): unknown {
  switch (type) {
    case 'string':
      return text(field);
    case 'int':
      if (field.value === undefined) throw new Unsupported(`${path}: expected a number`);
      return toInt64(field.value);
    case 'bool':
      return field.value !== undefined && field.value !== 0n;
    case 'bytes':
      return Buffer.from(field.bytes ?? []).toString('base64');
    case 'Time':
      return time(field.bytes ?? new Uint8Array());
    case 'Quantity': {
      const inner = readFields(field.bytes ?? new Uint8Array()).find((f) => f.number === 1);
      return inner === undefined ? '0' : text(inner);
    }
    case 'IntOrString':
      return intOrString(field.bytes ?? new Uint8Array());
    case 'FieldsV1': {
      const raw = readFields(field.bytes ?? new Uint8Array()).find((f) => f.number === 1);
      return raw === undefined ? {} : JSON.parse(text(raw));
    }
    default:
      return decodeMessage(type, field.bytes ?? new Uint8Array(), path);
  }
}

const isZero = (value: unknown) =>
  value === undefined || value === '' || value === 0 || value === false || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);

function decodeMessage(message: string, bytes: Uint8Array, path: string): Record<string, unknown> {
  const fields = messageFields(message);
  if (fields === undefined) throw new Unsupported(`${path} (${message})`);
  const result: Record<string, unknown> = {};
  for (const field of readFields(bytes)) {
    const spec = fields.get(field.number);
    if (spec === undefined) {
      // Go always encodes non-pointer fields, even at their zero value: those carry nothing and are skipped.
      if ((field.bytes !== undefined && field.bytes.length === 0) || field.value === 0n) continue;
      throw new Unsupported(`field ${field.number} of ${message}${path === '' ? '' : ` at ${path}`}`);
    }
    if (spec.type === 'Ignored') continue;
    const fieldPath = path === '' ? spec.name : `${path}.${spec.name}`;
    if (spec.map) {
      const entry = readFields(field.bytes ?? new Uint8Array());
      const key = entry.find((f) => f.number === 1);
      const value = entry.find((f) => f.number === 2);
      const map = (result[spec.name] ??= {}) as Record<string, unknown>;
      map[key === undefined ? '' : text(key)] = value === undefined ? (spec.type === 'string' || spec.type === 'bytes' ? '' : {}) : scalar(spec.type, value, `${fieldPath}[${key === undefined ? '' : text(key)}]`);
      continue;
    }
    if (spec.repeated) {
      const list = (result[spec.name] ??= []) as unknown[];
      list.push(scalar(spec.type, field, `${fieldPath}[${list.length}]`));
      continue;
    }
    if (spec.inline) {
      Object.assign(result, decodeMessage(spec.type, field.bytes ?? new Uint8Array(), path));
      continue;
    }
    const value = scalar(spec.type, field, fieldPath);
    if (!spec.keepZero && isZero(value)) continue;
    if (value !== undefined) result[spec.name] = value;
  }
  return result;
}

/** The JSON object a protobuf request body encodes. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((byte, i) => body[i] !== byte)) {
    throw badRequest('the protobuf body does not start with the Kubernetes envelope (k8s\\0)');
  }
  try {
    const unknown = readFields(body.subarray(4));
    const typeMeta = readFields(unknown.find((f) => f.number === 1)?.bytes ?? new Uint8Array());
    const apiVersion = text(typeMeta.find((f) => f.number === 1) ?? { number: 1, wireType: 2 });
    const kind = text(typeMeta.find((f) => f.number === 2) ?? { number: 2, wireType: 2 });
    const raw = unknown.find((f) => f.number === 2)?.bytes ?? new Uint8Array();
    const root = ROOT_MESSAGES[`${apiVersion}/${kind}`];
    if (root === undefined) throw new Unsupported(`kind ${kind} of ${apiVersion}`);
    return { apiVersion, kind, ...decodeMessage(root, raw, '') };
  } catch (error) {
    if (error instanceof Unsupported) {
      throw unsupportedMediaType(['application/json', 'application/yaml', `application/vnd.kubernetes.protobuf (not for ${error.message})`]);
    }
    if (error instanceof WireError || error instanceof SyntaxError) throw badRequest(`malformed protobuf body: ${error.message}`);
    throw error;
  }
}
