import { describe, expect, it } from 'vitest';
import { encodeFrame, RstStatus, SpdyFrameReader, SpdyProtocolError, type SpdyFrame } from './spdy-frames.js';
import { CAPTURED_HTTP_REQUEST, KUBECTL_SPDY_CAPTURE_HEX } from './testing/kubectl-spdy-capture.js';

const capture = Buffer.from(KUBECTL_SPDY_CAPTURE_HEX, 'hex');

function readAll(bytes: Buffer, chunkSize = bytes.length): SpdyFrame[] {
  const reader = new SpdyFrameReader();
  const frames: SpdyFrame[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) frames.push(...reader.push(bytes.subarray(offset, offset + chunkSize)));
  expect(reader.bufferedBytes).toBe(0);
  return frames;
}

describe('SPDY/3.1 frames', () => {
  it('decodes the frames kubectl sent, in order, with their fields', () => {
    const frames = readAll(capture);
    expect(frames.map((frame) => frame.type)).toEqual(['synStream', 'data', 'synStream', 'data', 'rstStream']);
    expect(frames[0]).toMatchObject({ type: 'synStream', flags: 0, streamId: 1, associatedStreamId: 0, priority: 0, slot: 0 });
    expect(frames[1]).toEqual({ type: 'data', streamId: 1, flags: 1, data: Buffer.alloc(0) });
    expect(frames[2]).toMatchObject({ type: 'synStream', flags: 0, streamId: 3 });
    expect(frames[3]).toEqual({ type: 'data', streamId: 3, flags: 0, data: Buffer.from(CAPTURED_HTTP_REQUEST, 'latin1') });
    expect(frames[4]).toEqual({ type: 'rstStream', flags: 0, streamId: 3, status: RstStatus.CANCEL });
  });

  it('re-encodes the captured frames byte for byte', () => {
    expect(Buffer.concat(readAll(capture).map(encodeFrame)).toString('hex')).toBe(KUBECTL_SPDY_CAPTURE_HEX);
  });

  it('finds the same frames when the bytes arrive one at a time', () => {
    expect(readAll(capture, 1)).toEqual(readAll(capture));
  });

  it('round-trips every frame type byte-exactly', () => {
    const frames: SpdyFrame[] = [
      { type: 'data', streamId: 0x7fffffff, flags: 1, data: Buffer.from('payload') },
      { type: 'synStream', flags: 3, streamId: 5, associatedStreamId: 1, priority: 7, slot: 9, headerBlock: Buffer.from([1, 2, 3]) },
      { type: 'synReply', flags: 1, streamId: 5, headerBlock: Buffer.from([4, 5]) },
      { type: 'headers', flags: 0, streamId: 5, headerBlock: Buffer.alloc(0) },
      { type: 'rstStream', flags: 0, streamId: 5, status: RstStatus.REFUSED_STREAM },
      { type: 'settings', flags: 1, entries: [{ flags: 1, id: 7, value: 65536 }, { flags: 0, id: 4, value: 100 }] },
      { type: 'ping', flags: 0, id: 0xfffffffe },
      { type: 'goAway', flags: 0, lastGoodStreamId: 9, status: 1 },
      { type: 'windowUpdate', flags: 0, streamId: 5, delta: 0x7fffffff },
      { type: 'unknownControl', controlType: 0x0a, flags: 0, payload: Buffer.from('credential') },
    ];
    const bytes = Buffer.concat(frames.map(encodeFrame));
    expect(readAll(bytes)).toEqual(frames);
    expect(Buffer.concat(readAll(bytes).map(encodeFrame)).equals(bytes)).toBe(true);
  });

  it('lays out control and data frame headers as the spec says', () => {
    expect(encodeFrame({ type: 'ping', flags: 0, id: 1 }).toString('hex')).toBe('800300060000000400000001');
    expect(encodeFrame({ type: 'rstStream', flags: 0, streamId: 3, status: 5 }).toString('hex')).toBe('80030003000000080000000300000005');
    expect(encodeFrame({ type: 'data', streamId: 3, flags: 1, data: Buffer.from('hi') }).toString('hex')).toBe('00000003010000026869');
    expect(encodeFrame({ type: 'windowUpdate', flags: 0, streamId: 1, delta: 4096 }).toString('hex')).toBe('80030009000000080000000100001000');
    expect(encodeFrame({ type: 'goAway', flags: 0, lastGoodStreamId: 3, status: 0 }).toString('hex')).toBe('80030007000000080000000300000000');
  });

  it('refuses another SPDY version and malformed control frames', () => {
    expect(() => new SpdyFrameReader().push(Buffer.from('800200060000000400000001', 'hex'))).toThrow(
      new SpdyProtocolError('unsupported SPDY version 2 (this server speaks SPDY/3.1)'),
    );
    expect(() => new SpdyFrameReader().push(Buffer.from('80030006000000020001', 'hex'))).toThrow(
      new SpdyProtocolError('PING frame must carry 4 bytes, got 2'),
    );
    expect(() => new SpdyFrameReader().push(Buffer.from('8003000400000008000000020000000000000000', 'hex'))).toThrow(
      new SpdyProtocolError('SETTINGS frame must carry 20 bytes, got 8'),
    );
    expect(() => new SpdyFrameReader().push(Buffer.from('800300010000000400000001', 'hex'))).toThrow(
      new SpdyProtocolError('SYN_STREAM frame must carry at least 10 bytes, got 4'),
    );
  });
});
