// Reading the upstream OpenAPI v3 documents (one per group/version) and what identifies them.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonErrorLocation } from './json-error-location.js';
import { compareStrings } from './stable-json.js';

export interface OpenApiOperation {
  operationId?: string;
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind;
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  [key: string]: unknown;
}

export type OpenApiPathItem = Record<string, OpenApiOperation | unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string };
  paths: Record<string, OpenApiPathItem>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** An OpenAPI v3 schema object as Kubernetes publishes it (plain JSON, x- extensions included). */
export type OpenApiSchema = Record<string, unknown>;

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface SpecDocument {
  /** Upstream file name, e.g. "apis__apps__v1_openapi.json". */
  fileName: string;
  sha256: string;
  document: OpenApiDocument;
}

export interface KubernetesVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

export class SpecInputError extends Error {}

export function readSpecDocuments(v3Directory: string): SpecDocument[] {
  if (!existsSync(v3Directory)) {
    throw new SpecInputError(`OpenAPI v3 directory not found: ${v3Directory} (expected the upstream api/openapi-spec/v3 documents)`);
  }
  const fileNames = readdirSync(v3Directory).filter((name) => name.endsWith('_openapi.json')).sort(compareStrings);
  if (fileNames.length === 0) throw new SpecInputError(`no *_openapi.json documents in ${v3Directory}`);
  return fileNames.map((fileName) => {
    const bytes = readFileSync(join(v3Directory, fileName));
    const text = bytes.toString('utf8');
    let document: OpenApiDocument;
    try {
      document = JSON.parse(text) as OpenApiDocument;
    } catch (error) {
      throw new SpecInputError(`${fileName}:${jsonErrorLocation(text)}: not valid JSON: ${(error as Error).message}`);
    }
    if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
      throw new SpecInputError(`${fileName}: not an OpenAPI 3 document (openapi: ${JSON.stringify(document.openapi)})`);
    }
    return { fileName, sha256: createHash('sha256').update(bytes).digest('hex'), document };
  });
}

const GIT_VERSION = /^v(\d+)\.(\d+)\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

export function parseGitVersion(gitVersion: string): KubernetesVersion {
  const match = GIT_VERSION.exec(gitVersion);
  if (match === null) throw new SpecInputError(`not a Kubernetes release version: ${JSON.stringify(gitVersion)} (expected e.g. v1.32.0)`);
  return { major: match[1], minor: match[2], gitVersion };
}

/**
 * The release the documents come from. Upstream v3 documents say `info.version: "unversioned"`, so
 * unless a document carries a real version, it is read from the SOURCE.md that travels with them
 * ("**Kubernetes version:** v1.32 (v1.32.0 ...").
 */
export function detectKubernetesVersion(documents: SpecDocument[], sourceNotesPath: string): KubernetesVersion {
  for (const { document } of documents) {
    const version = document.info?.version;
    if (version !== undefined && GIT_VERSION.test(version)) return parseGitVersion(version);
  }
  if (existsSync(sourceNotesPath)) {
    const notes = readFileSync(sourceNotesPath, 'utf8');
    const match = /\*\*Kubernetes version:\*\*[^\n(]*\((v\d+\.\d+\.\d+)/.exec(notes);
    if (match !== null) return parseGitVersion(match[1]);
  }
  throw new SpecInputError(
    `cannot tell the Kubernetes version: documents say info.version "unversioned" and ${sourceNotesPath} has no "**Kubernetes version:** vX.Y (vX.Y.Z)" line; pass --kubernetes-version vX.Y.Z`,
  );
}
