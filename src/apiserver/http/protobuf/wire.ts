// The protobuf wire format, read-only: varints, fixed 32/64-bit values and length-delimited fields.
export interface WireField {
  number: number;
  wireType: number;
  /** Varint and fixed values. */
  value?: bigint;
  /** Length-delimited payloads. */
  bytes?: Uint8Array;
}

export class WireError extends Error {}

export function readFields(buffer: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (offset >= buffer.length) throw new WireError('truncated varint');
      const byte = buffer[offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new WireError('varint too long');
    }
  };
  while (offset < buffer.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new WireError('field number 0');
    switch (wireType) {
      case 0:
        fields.push({ number, wireType, value: varint() });
        break;
      case 1:
      case 5: {
        const size = wireType === 1 ? 8 : 4;
        if (offset + size > buffer.length) throw new WireError('truncated fixed value');
        let value = 0n;
        for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(buffer[offset + i]);
        offset += size;
        fields.push({ number, wireType, value });
        break;
      }
      case 2: {
        const length = Number(varint());
        if (length < 0 || offset + length > buffer.length) throw new WireError('truncated length-delimited field');
        fields.push({ number, wireType, bytes: buffer.subarray(offset, offset + length) });
        offset += length;
        break;
      }
      default:
        throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

/** Two's complement int64 from a varint. */
export function toInt64(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}
