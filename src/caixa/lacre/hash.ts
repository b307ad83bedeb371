// lacre's hashing: BLAKE3 over framed fields. Each field is its label, a 0x00 byte, the value's
// length as a u64 little-endian and the value's bytes, so no two different field lists can hash the
// same by shifting bytes from one field into the next.
import { blake3 } from '@noble/hashes/blake3.js';

export type Field = readonly [label: string, value: string | Uint8Array];

const encoder = new TextEncoder();

export function frame(label: string, value: string | Uint8Array): Uint8Array {
  const labelBytes = encoder.encode(label);
  const valueBytes = typeof value === 'string' ? encoder.encode(value) : value;
  const out = new Uint8Array(labelBytes.length + 1 + 8 + valueBytes.length);
  out.set(labelBytes, 0);
  out[labelBytes.length] = 0;
  new DataView(out.buffer).setBigUint64(labelBytes.length + 1, BigInt(valueBytes.length), true);
  out.set(valueBytes, labelBytes.length + 9);
  return out;
}

/** BLAKE3 of the framed fields in order, printed as `blake3:<hex>`. */
export function hashFields(fields: readonly Field[]): string {
  const hasher = blake3.create();
  for (const [label, value] of fields) hasher.update(frame(label, value));
  return `blake3:${Buffer.from(hasher.digest()).toString('hex')}`;
}
