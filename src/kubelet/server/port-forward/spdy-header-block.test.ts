import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_HEADER_DICTIONARY } from './spdy-dictionary.js';
import { SpdyFrameReader, SpdyProtocolError } from './spdy-frames.js';
import { decodeHeaderPairs, encodeHeaderPairs, HeaderBlockCompressor, HeaderBlockDecompressor } from './spdy-header-block.js';
import { KUBECTL_SPDY_CAPTURE_HEX } from './testing/kubectl-spdy-capture.js';

function adler32(bytes: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const capturedHeaderBlocks = (): Buffer[] =>
  new SpdyFrameReader()
    .push(Buffer.from(KUBECTL_SPDY_CAPTURE_HEX, 'hex'))
    .flatMap((frame) => ('headerBlock' in frame ? [frame.headerBlock] : []));

describe('SPDY/3 header blocks', () => {
  it('uses the dictionary whose id kubectl announces in its first zlib header', () => {
    const [first] = capturedHeaderBlocks();
    expect(first!.subarray(0, 2).toString('hex')).toBe('78f9'); // zlib header with FDICT set
    expect(first!.readUInt32BE(2)).toBe(0xe3c6a7c2);
    expect(adler32(SPDY3_HEADER_DICTIONARY)).toBe(0xe3c6a7c2);
    expect(SPDY3_HEADER_DICTIONARY.length).toBe(1423);
  });

  it('inflates kubectl\'s error and data stream headers through one shared zlib stream', async () => {
    const decompressor = new HeaderBlockDecompressor();
    const [errorBlock, dataBlock] = capturedHeaderBlocks();
    expect(await decompressor.decompress(errorBlock!)).toEqual({ streamtype: ['error'], port: ['80'], requestid: ['0'] });
    expect(await decompressor.decompress(dataBlock!)).toEqual({ streamtype: ['data'], port: ['80'], requestid: ['0'] });
    decompressor.close();
  });

  it('lays out the uncompressed name/value block as the spec says', () => {
    expect(encodeHeaderPairs({ port: ['80'], 'x-multi': ['a', 'b'] }).toString('hex')).toBe(
      '00000002' + '00000004' + Buffer.from('port').toString('hex') + '00000002' + Buffer.from('80').toString('hex') +
        '00000007' + Buffer.from('x-multi').toString('hex') + '00000003' + Buffer.from('a\0b').toString('hex'),
    );
    expect(decodeHeaderPairs(encodeHeaderPairs({ port: ['80'], 'x-multi': ['a', 'b'] }))).toEqual({ port: ['80'], 'x-multi': ['a', 'b'] });
  });

  it('compresses blocks a plain zlib inflater with the dictionary reads back, block after block', async () => {
    const compressor = new HeaderBlockCompressor();
    const blocks = [
      await compressor.compress({}),
      await compressor.compress({ streamtype: ['data'], port: ['8080'], requestid: ['7'] }),
      await compressor.compress({ streamtype: ['error'], port: ['8080'], requestid: ['7'] }),
    ];
    compressor.close();
    expect(blocks[0]!.readUInt32BE(2)).toBe(0xe3c6a7c2);
    const inflated = zlib.inflateSync(Buffer.concat(blocks), { dictionary: SPDY3_HEADER_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(inflated.equals(Buffer.concat([
      encodeHeaderPairs({}),
      encodeHeaderPairs({ streamtype: ['data'], port: ['8080'], requestid: ['7'] }),
      encodeHeaderPairs({ streamtype: ['error'], port: ['8080'], requestid: ['7'] }),
    ]))).toBe(true);

    const decompressor = new HeaderBlockDecompressor();
    expect(await Promise.all(blocks.map((block) => decompressor.decompress(block)))).toEqual([
      {},
      { streamtype: ['data'], port: ['8080'], requestid: ['7'] },
      { streamtype: ['error'], port: ['8080'], requestid: ['7'] },
    ]);
    decompressor.close();
  });

  it('refuses malformed blocks with the reason', async () => {
    const pair = (name: string, value: string): Buffer => encodeHeaderPairs({ [name]: [value] });
    expect(() => decodeHeaderPairs(Buffer.from('0000', 'hex'))).toThrow(new SpdyProtocolError('header block is shorter than its pair count'));
    expect(() => decodeHeaderPairs(Buffer.concat([Buffer.from('00000001', 'hex'), pair('port', '80').subarray(4, 10)]))).toThrow(
      new SpdyProtocolError('header block ends inside header name 0 (4 bytes announced)'),
    );
    const upper = pair('port', '80');
    upper.write('P', 8, 'latin1');
    expect(() => decodeHeaderPairs(upper)).toThrow(new SpdyProtocolError('header name "Port" is not lower-case'));
    const twice = Buffer.concat([Buffer.from('00000002', 'hex'), pair('port', '1').subarray(4), pair('port', '2').subarray(4)]);
    expect(() => decodeHeaderPairs(twice)).toThrow(new SpdyProtocolError('header "port" appears twice'));
    const decompressor = new HeaderBlockDecompressor();
    await expect(decompressor.decompress(Buffer.from('not zlib at all'))).rejects.toThrow(SpdyProtocolError);
    decompressor.close();
  });
});
