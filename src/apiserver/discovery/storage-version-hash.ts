// Upstream's storageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>")
// of the version objects are stored in. Clients only compare it for equality.
import { createHash } from 'node:crypto';

export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}
