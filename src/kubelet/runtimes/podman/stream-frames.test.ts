import { describe, expect, it } from 'vitest';
import { FrameDecoder } from './stream-frames.js';

function frame(stream: number, text: string): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
}

describe('FrameDecoder', () => {
  it('returns whole frames, holding back a frame split across chunks', () => {
    const bytes = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]);
    const decoder = new FrameDecoder();
    const first = decoder.push(bytes.subarray(0, 15));
    const second = decoder.push(bytes.subarray(15));
    expect(first.map((f) => [f.stream, f.data.toString()])).toEqual([['stdout', 'out\n']]);
    expect(second.map((f) => [f.stream, f.data.toString()])).toEqual([
      ['stderr', 'err\n'],
      ['stdout', 'more'],
    ]);
  });
});
