// Serialized OpenAPI documents with their hashes, rebuilt only when what they describe changes:
// each group/version is fingerprinted by its served resources, so a new CRD rebuilds one document.
import { createHash } from 'node:crypto';
import { kubernetesVersion } from '../../api/index.js';
import type { ServedResources } from '../served-resources.js';
import { openApiV2Document, openApiV3Document, resourcesOfGroupVersion } from './documents.js';

export interface CachedDocument {
  body: string;
  /** Uppercase hex SHA-512 (upstream's format); the ETag is it quoted. */
  hash: string;
}

/** Bump when the document builders change, so cached documents of an older build are not reused by clients. */
const BUILDER_REVISION = '1';

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

  /**
   * Every served group/version path ("api/v1", "apis/apps/v1") with the hash of its document. The
   * hash is taken over what the document is built from (not its text), so listing the index does
   * not build every document: kubectl fetches only the ones it needs.
   */
  index(): Map<string, string> {
    const result = new Map<string, string>();
    for (const { group, version } of this.served.groupVersions()) result.set(groupVersionPath(group, version), this.hashFor(group, version));
    return result;
  }

  private hashFor(group: string, version: string): string {
    return hashOf(`${BUILDER_REVISION}\n${kubernetesVersion.gitVersion}\n${groupVersionPath(group, version)}\n${this.fingerprint(group, version)}`);
  }

  groupVersion(group: string, version: string): CachedDocument | undefined {
    const resources = resourcesOfGroupVersion(this.served, group, version);
    if (resources.length === 0) return undefined;
    const key = groupVersionPath(group, version);
    const fingerprint = this.fingerprint(group, version);
    const cached = this.v3.get(key);
    if (cached !== undefined && cached.fingerprint === fingerprint) return cached.document;
    const document = { body: JSON.stringify(openApiV3Document(resources)), hash: this.hashFor(group, version) };
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
