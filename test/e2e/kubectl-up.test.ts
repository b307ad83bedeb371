// The API surface through the whole program: `engenho up` (built dist/, own process) serving a CRD
// to the real kubectl — discovery, establishment, printer columns, explain and cleanup.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type EngenhoProcess, startEngenhoUp } from '../helpers/engenho-up.js';

let engenho: EngenhoProcess;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: backups.ops.example.com}
spec:
  group: ops.example.com
  scope: Namespaced
  names: {plural: backups, singular: backup, kind: Backup, shortNames: [bk]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Target, type: string, jsonPath: .spec.target}
    - {name: Keep, type: integer, jsonPath: .spec.keep}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [target]
            properties:
              target: {type: string, description: What to back up.}
              keep: {type: integer, minimum: 1}
`;

beforeAll(async () => {
  engenho = await startEngenhoUp();
});
afterAll(async () => {
  await engenho?.stop('SIGKILL');
  engenho?.removeDataDir();
});

const ok = async (args: string[], input?: string) => {
  const result = await engenho.kubectl(args, { input });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

describe('engenho up serving a CRD to kubectl', () => {
  it('establishes the CRD, serves its objects with printer columns, explains it and cleans up', async () => {
    await ok(['apply', '-f', '-'], CRD);
    await ok(['wait', '--for=condition=Established', '--timeout=30s', 'crd/backups.ops.example.com']);
    await vi.waitFor(async () => expect(await ok(['api-resources', '--api-group=ops.example.com', '--no-headers'])).toMatch(/^backups\s+bk\s+ops\.example\.com\/v1\s+true\s+Backup\n$/), {
      timeout: 15_000,
      interval: 200,
    });
    await ok(['apply', '-f', '-'], 'apiVersion: ops.example.com/v1\nkind: Backup\nmetadata: {name: nightly}\nspec: {target: db, keep: 7}\n');
    expect(await ok(['get', 'bk'])).toMatch(/^NAME\s+TARGET\s+KEEP\nnightly\s+db\s+7\n$/);
    expect(await ok(['explain', 'backup.spec.target'])).toContain('What to back up.');
    const invalid = await engenho.kubectl(['apply', '-f', '-'], { input: 'apiVersion: ops.example.com/v1\nkind: Backup\nmetadata: {name: bad}\nspec: {keep: 0}\n' });
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('The Backup "bad" is invalid');
    await ok(['delete', 'crd', 'backups.ops.example.com', '--timeout=30s']);
    expect(await ok(['get', 'crd', '-o', 'name'])).toBe('');
  });
});
