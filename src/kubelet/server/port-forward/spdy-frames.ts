// SPDY/3.1 frames (SPDY Protocol Draft 3, section 2.2) as plain objects, and their byte layout.
// Header blocks stay compressed here: spdy-header-block.ts owns the zlib state, so this layer
// round-trips every frame byte for byte.
export const SPDY_VERSION = 3;
/** The largest payload a frame's 24-bit length can describe. */
export const MAX_FRAME_PAYLOAD = 0xffffff;
const FRAME_HEADER_LENGTH = 8;
const STREAM_ID_MASK = 0x7fffffff;

export const ControlType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  UNSUPPORTED_VERSION: 4,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7,
  STREAM_IN_USE: 8,
  STREAM_ALREADY_CLOSED: 9,
  FRAME_TOO_LARGE: 11,
} as const;

export const GoAwayStatus = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;

export interface SettingEntry {
  flags: number;
  id: number;
  value: number;
}

export type SpdyFrame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | {
      type: 'synStream';
      flags: number;
      streamId: number;
      associatedStreamId: number;
      priority: number;
      slot: number;
      headerBlock: Buffer;
    }
  | { type: 'synReply'; flags: number; streamId: number; headerBlock: Buffer }
  | { type: 'headers'; flags: number; streamId: number; headerBlock: Buffer }
  | { type: 'rstStream'; flags: number; streamId: number; status: number }
  | { type: 'settings'; flags: number; entries: SettingEntry[] }
  | { type: 'ping'; flags: number; id: number }
  | { type: 'goAway'; flags: number; lastGoodStreamId: number; status: number }
  | { type: 'windowUpdate'; flags: number; streamId: number; delta: number }
  /** A control frame type SPDY/3 does not define: the spec says to ignore it. */
  | { type: 'unknownControl'; controlType: number; flags: number; payload: Buffer };

export class SpdyProtocolError extends Error {
  override name = 'SpdyProtocolError';
}

function controlFrame(controlType: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD) throw new SpdyProtocolError(`frame payload of ${payload.length} bytes exceeds ${MAX_FRAME_PAYLOAD}`);
  const header = Buffer.alloc(FRAME_HEADER_LENGTH);
  header.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  header.writeUInt16BE(controlType, 2);
  header.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([header, payload]);
}

function words(...values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => buffer.writeUInt32BE(value >>> 0, index * 4));
  return buffer;
}

export function encodeFrame(frame: SpdyFrame): Buffer {
  switch (frame.type) {
    case 'data': {
      if (frame.data.length > MAX_FRAME_PAYLOAD) throw new SpdyProtocolError(`data frame of ${frame.data.length} bytes exceeds ${MAX_FRAME_PAYLOAD}`);
      const header = words(frame.streamId & STREAM_ID_MASK, ((frame.flags & 0xff) << 24 | frame.data.length) >>> 0);
      return Buffer.concat([header, frame.data]);
    }
    case 'synStream': {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(frame.streamId & STREAM_ID_MASK, 0);
      fixed.writeUInt32BE(frame.associatedStreamId & STREAM_ID_MASK, 4);
      fixed.writeUInt8((frame.priority & 0x7) << 5, 8);
      fixed.writeUInt8(frame.slot & 0xff, 9);
      return controlFrame(ControlType.SYN_STREAM, frame.flags, Buffer.concat([fixed, frame.headerBlock]));
    }
    case 'synReply':
      return controlFrame(ControlType.SYN_REPLY, frame.flags, Buffer.concat([words(frame.streamId & STREAM_ID_MASK), frame.headerBlock]));
    case 'headers':
      return controlFrame(ControlType.HEADERS, frame.flags, Buffer.concat([words(frame.streamId & STREAM_ID_MASK), frame.headerBlock]));
    case 'rstStream':
      return controlFrame(ControlType.RST_STREAM, frame.flags, words(frame.streamId & STREAM_ID_MASK, frame.status));
    case 'settings': {
      const payload = Buffer.alloc(4 + frame.entries.length * 8);
      payload.writeUInt32BE(frame.entries.length, 0);
      frame.entries.forEach((entry, index) => {
        payload.writeUInt32BE(((entry.flags & 0xff) << 24 | (entry.id & 0xffffff)) >>> 0, 4 + index * 8);
        payload.writeUInt32BE(entry.value >>> 0, 8 + index * 8);
      });
      return controlFrame(ControlType.SETTINGS, frame.flags, payload);
    }
    case 'ping':
      return controlFrame(ControlType.PING, frame.flags, words(frame.id));
    case 'goAway':
      return controlFrame(ControlType.GOAWAY, frame.flags, words(frame.lastGoodStreamId & STREAM_ID_MASK, frame.status));
    case 'windowUpdate':
      return controlFrame(ControlType.WINDOW_UPDATE, frame.flags, words(frame.streamId & STREAM_ID_MASK, frame.delta & STREAM_ID_MASK));
    case 'unknownControl':
      return controlFrame(frame.controlType, frame.flags, frame.payload);
  }
}

function requireLength(name: string, payload: Buffer, exact: number | undefined, minimum = 0): void {
  if (exact !== undefined && payload.length !== exact) {
    throw new SpdyProtocolError(`${name} frame must carry ${exact} bytes, got ${payload.length}`);
  }
  if (payload.length < minimum) throw new SpdyProtocolError(`${name} frame must carry at least ${minimum} bytes, got ${payload.length}`);
}

function decodeControl(controlType: number, flags: number, payload: Buffer): SpdyFrame {
  const streamId = (offset = 0): number => payload.readUInt32BE(offset) & STREAM_ID_MASK;
  switch (controlType) {
    case ControlType.SYN_STREAM:
      requireLength('SYN_STREAM', payload, undefined, 10);
      return {
        type: 'synStream',
        flags,
        streamId: streamId(),
        associatedStreamId: streamId(4),
        priority: payload.readUInt8(8) >> 5,
        slot: payload.readUInt8(9),
        headerBlock: payload.subarray(10),
      };
    case ControlType.SYN_REPLY:
      requireLength('SYN_REPLY', payload, undefined, 4);
      return { type: 'synReply', flags, streamId: streamId(), headerBlock: payload.subarray(4) };
    case ControlType.HEADERS:
      requireLength('HEADERS', payload, undefined, 4);
      return { type: 'headers', flags, streamId: streamId(), headerBlock: payload.subarray(4) };
    case ControlType.RST_STREAM:
      requireLength('RST_STREAM', payload, 8);
      return { type: 'rstStream', flags, streamId: streamId(), status: payload.readUInt32BE(4) };
    case ControlType.SETTINGS: {
      requireLength('SETTINGS', payload, undefined, 4);
      const count = payload.readUInt32BE(0);
      requireLength('SETTINGS', payload, 4 + count * 8);
      const entries: SettingEntry[] = [];
      for (let index = 0; index < count; index += 1) {
        const flagsAndId = payload.readUInt32BE(4 + index * 8);
        entries.push({ flags: flagsAndId >>> 24, id: flagsAndId & 0xffffff, value: payload.readUInt32BE(8 + index * 8) });
      }
      return { type: 'settings', flags, entries };
    }
    case ControlType.PING:
      requireLength('PING', payload, 4);
      return { type: 'ping', flags, id: payload.readUInt32BE(0) };
    case ControlType.GOAWAY:
      requireLength('GOAWAY', payload, 8);
      return { type: 'goAway', flags, lastGoodStreamId: streamId(), status: payload.readUInt32BE(4) };
    case ControlType.WINDOW_UPDATE:
      requireLength('WINDOW_UPDATE', payload, 8);
      return { type: 'windowUpdate', flags, streamId: streamId(), delta: payload.readUInt32BE(4) & STREAM_ID_MASK };
    default:
      return { type: 'unknownControl', controlType, flags, payload };
  }
}

/**
 * Cuts a byte stream into frames; bytes of an incomplete frame wait for the next push. Chunks are
 * only joined once a whole frame is there (kubectl's WebSocket tunnel sends each frame field as its
 * own message, so joining on every push would copy a large frame many times over).
 */
export class SpdyFrameReader {
  private chunks: Buffer[] = [];
  private length = 0;

  push(chunk: Buffer): SpdyFrame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.length += chunk.length;
    }
    const frames: SpdyFrame[] = [];
    while (this.length >= FRAME_HEADER_LENGTH) {
      if (this.chunks[0]!.length < FRAME_HEADER_LENGTH) this.chunks = [Buffer.concat(this.chunks)];
      const head = this.chunks[0]!;
      const payloadLength = head.readUInt32BE(4) & 0xffffff;
      const frameLength = FRAME_HEADER_LENGTH + payloadLength;
      if (this.length < frameLength) break;
      const first = head.readUInt32BE(0);
      const flags = head.readUInt8(4);
      const bytes = this.take(frameLength);
      const payload = bytes.subarray(FRAME_HEADER_LENGTH);
      if ((first & 0x80000000) === 0) {
        frames.push({ type: 'data', streamId: first & STREAM_ID_MASK, flags, data: payload });
        continue;
      }
      const version = (first >>> 16) & 0x7fff;
      if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version} (this server speaks SPDY/3.1)`);
      frames.push(decodeControl(first & 0xffff, flags, payload));
    }
    return frames;
  }

  /** Bytes received that do not yet form a whole frame. */
  get bufferedBytes(): number {
    return this.length;
  }

  /** Removes the next `count` bytes as one buffer. */
  private take(count: number): Buffer {
    const head = this.chunks[0]!;
    let taken: Buffer;
    if (head.length >= count) {
      taken = head.subarray(0, count);
      if (head.length === count) this.chunks.shift();
      else this.chunks[0] = head.subarray(count);
    } else {
      const joined = Buffer.concat(this.chunks);
      taken = joined.subarray(0, count);
      this.chunks = joined.length > count ? [joined.subarray(count)] : [];
    }
    this.length -= count;
    return taken;
  }
}
