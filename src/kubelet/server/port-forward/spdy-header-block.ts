// SPDY/3 name/value header blocks (section 2.6.10): a 32-bit pair count, then length-prefixed names
// and values (several values of one name joined by NUL), compressed by one zlib stream per direction
// that lives as long as the session, primed with the SPDY/3 dictionary and sync-flushed per block.
import zlib from 'node:zlib';
import { SpdyProtocolError } from './spdy-frames.js';
import { SPDY3_HEADER_DICTIONARY } from './spdy-dictionary.js';

/** Header names (lower-case, as SPDY/3 requires on the wire) to their values. */
export type SpdyHeaders = Record<string, string[]>;

/** Inflated header blocks larger than this are refused (a peer cannot make us buffer without bound). */
const MAX_HEADER_BLOCK_BYTES = 256 * 1024;

export function encodeHeaderPairs(headers: SpdyHeaders): Buffer {
  const names = Object.keys(headers);
  const parts: Buffer[] = [uint32(names.length)];
  for (const name of names) {
    const nameBytes = Buffer.from(name.toLowerCase(), 'utf8');
    const valueBytes = Buffer.from(headers[name]!.join('\0'), 'utf8');
    parts.push(uint32(nameBytes.length), nameBytes, uint32(valueBytes.length), valueBytes);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderPairs(block: Buffer): SpdyHeaders {
  let offset = 0;
  const read = (what: string): Buffer => {
    if (offset + 4 > block.length) throw new SpdyProtocolError(`header block ends inside the length of ${what}`);
    const length = block.readUInt32BE(offset);
    offset += 4;
    if (offset + length > block.length) throw new SpdyProtocolError(`header block ends inside ${what} (${length} bytes announced)`);
    const bytes = block.subarray(offset, offset + length);
    offset += length;
    return bytes;
  };
  if (block.length < 4) throw new SpdyProtocolError('header block is shorter than its pair count');
  const count = block.readUInt32BE(0);
  offset = 4;
  const headers: SpdyHeaders = {};
  for (let index = 0; index < count; index += 1) {
    const name = read(`header name ${index}`).toString('utf8');
    if (name.length === 0) throw new SpdyProtocolError('header block has an empty header name');
    if (name !== name.toLowerCase()) throw new SpdyProtocolError(`header name ${JSON.stringify(name)} is not lower-case`);
    if (Object.hasOwn(headers, name)) throw new SpdyProtocolError(`header ${JSON.stringify(name)} appears twice`);
    headers[name] = read(`the value of ${name}`).toString('utf8').split('\0');
  }
  if (offset !== block.length) throw new SpdyProtocolError(`header block has ${block.length - offset} bytes after its last pair`);
  return headers;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** Runs one chunk through a long-lived zlib stream and resolves with what the sync flush produced. */
function throughSyncFlush(stream: zlib.Deflate | zlib.Inflate, input: Buffer, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      chunks.push(chunk);
    };
    const onError = (error: Error): void => {
      stream.off('data', onData);
      reject(new SpdyProtocolError(`header block compression failed: ${error.message}`));
    };
    stream.on('data', onData);
    stream.once('error', onError);
    stream.write(input);
    stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      stream.off('data', onData);
      stream.off('error', onError);
      if (size > limit) reject(new SpdyProtocolError(`header block inflates to more than ${limit} bytes`));
      else resolve(Buffer.concat(chunks));
    });
  });
}

/** Compresses the header blocks one side of a session sends; calls must be made in send order. */
export class HeaderBlockCompressor {
  private readonly deflate = zlib.createDeflate({ level: zlib.constants.Z_BEST_COMPRESSION, dictionary: SPDY3_HEADER_DICTIONARY });
  private queue: Promise<unknown> = Promise.resolve();

  compress(headers: SpdyHeaders): Promise<Buffer> {
    const result = this.queue.then(() => throughSyncFlush(this.deflate, encodeHeaderPairs(headers), Number.POSITIVE_INFINITY));
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.deflate.close();
  }
}

/** Inflates the header blocks one side of a session receives; calls must be made in receive order. */
export class HeaderBlockDecompressor {
  private readonly inflate = zlib.createInflate({ dictionary: SPDY3_HEADER_DICTIONARY });
  private queue: Promise<unknown> = Promise.resolve();

  decompress(block: Buffer): Promise<SpdyHeaders> {
    if (block.length === 0) return Promise.resolve({});
    const result = this.queue.then(async () => decodeHeaderPairs(await throughSyncFlush(this.inflate, block, MAX_HEADER_BLOCK_BYTES)));
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.inflate.close();
  }
}
