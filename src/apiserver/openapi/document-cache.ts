// Serialized OpenAPI documents with their hashes, rebuilt only when what they describe changes:
// each group/version is fingerprinted by its served resources, so a new CRD rebuilds one document.
import { createHash } from 'node:crypto';
import type { ServedResources } from '../served-resources.js';
import { openApiV2Document, openApiV3Document, resourcesOfGroupVersion } from './documents.js';

export interface CachedDocument {
  body: string;
  /** Upstream's hash: uppercase hex SHA-512 of the body; the ETag is it quoted. */
  hash: string;
}

export const groupVersionPath = (group: string, version: string) => (group === '' ? `api/${version}` : `apis/${group}/${version}`);

const hashOf = (body: string) => createHash('sha512').update(body).digest('hex').toUpperCase();

export class OpenApiDocumentCache {
  private readonly v3 = new Map<string, { fingerprint: string; document: CachedDocument }>();
  private v2: { fingerprint: string; document: CachedDocument } | undefined;

  constructor(private readonly served: ServedResources) {}

  private fingerprint(group: string, version: string): string {
    return JSON.stringify(
      resourcesOfGroupVersion(this.served, group, version).map(({ info, custom, schema }) => (custom === undefined ? info : [info, custom, schema])),
    );
  }

  /** Every served group/version path ("api/v1", "apis/apps/v1") with its current document. */
  index(): Map<string, CachedDocument> {
    const result = new Map<string, CachedDocument>();
    for (const { group, version } of this.served.groupVersions()) {
      const document = this.groupVersion(group, version);
      if (document !== undefined) result.set(groupVersionPath(group, version), document);
    }
    return result;
  }

  groupVersion(group: string, version: string): CachedDocument | undefined {
    const resources = resourcesOfGroupVersion(this.served, group, version);
    if (resources.length === 0) return undefined;
    const key = groupVersionPath(group, version);
    const fingerprint = this.fingerprint(group, version);
    const cached = this.v3.get(key);
    if (cached !== undefined && cached.fingerprint === fingerprint) return cached.document;
    const body = JSON.stringify(openApiV3Document(resources));
    const document = { body, hash: hashOf(body) };
    this.v3.set(key, { fingerprint, document });
    return document;
  }

  swagger(): CachedDocument {
    const fingerprint = this.served.groupVersions().map(({ group, version }) => this.fingerprint(group, version)).join('\n');
    if (this.v2 !== undefined && this.v2.fingerprint === fingerprint) return this.v2.document;
    const body = JSON.stringify(openApiV2Document(this.served.all()));
    this.v2 = { fingerprint, document: { body, hash: hashOf(body) } };
    return this.v2.document;
  }
}
