import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCodegen } from './run-codegen.js';
import { SpecInputError } from './spec-documents.js';
import { autoscalingDocument, coreDocument } from './testing/fixture-documents.js';

const run = promisify(execFile);

describe('runCodegen on a small spec', () => {
  let root: string;
  let spec: string;
  let output: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'engenho-codegen-'));
    spec = join(root, 'k8s-openapi', 'v3');
    output = join(root, 'generated');
    mkdirSync(spec, { recursive: true });
    writeFileSync(join(spec, 'api__v1_openapi.json'), JSON.stringify(coreDocument()));
    writeFileSync(join(spec, 'apis__autoscaling__v2_openapi.json'), JSON.stringify(autoscalingDocument('v2')));
    writeFileSync(join(root, 'k8s-openapi', 'SOURCE.md'), '# x\n\n- **Kubernetes version:** v1.32 (v1.32.0; see below)\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the three files, byte-identical on a second run, and --check then passes', () => {
    const first = runCodegen({ specDirectory: spec, outputDirectory: output });
    expect(first.files).toEqual(['catalog.json', 'resources.ts', 'types.ts']);
    const bytes = first.files.map((file) => readFileSync(join(output, file), 'utf8'));
    runCodegen({ specDirectory: spec, outputDirectory: output });
    expect(first.files.map((file) => readFileSync(join(output, file), 'utf8'))).toEqual(bytes);
    expect(runCodegen({ specDirectory: spec, outputDirectory: output, check: true }).differences).toEqual([]);
    expect(bytes[1]).toContain('export const kubernetesVersion = { major: "1", minor: "32", gitVersion: "v1.32.0" } as const;');
    const catalog = JSON.parse(bytes[0]) as { inputs: Record<string, string>; definitions: Record<string, unknown> };
    expect(Object.keys(catalog.inputs)).toEqual(['api__v1_openapi.json', 'apis__autoscaling__v2_openapi.json']);
    expect(catalog.inputs['api__v1_openapi.json']).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(catalog.definitions)).toContain('io.k8s.api.core.v1.Pod');
  });

  it('does not depend on the key order of the input documents', () => {
    runCodegen({ specDirectory: spec, outputDirectory: output });
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, reversed(child)]))
          : value;
    writeFileSync(join(spec, 'api__v1_openapi.json'), JSON.stringify(reversed(coreDocument()), null, 2));
    // Same content, different bytes: only the recorded sha256 in the headers may change.
    const result = runCodegen({ specDirectory: spec, outputDirectory: output, check: true });
    expect(result.differences.map(({ file }) => file)).toEqual(['catalog.json', 'resources.ts', 'types.ts']);
    const before = readFileSync(join(output, 'types.ts'), 'utf8').replace(/^\/\/.*\n/gm, '');
    runCodegen({ specDirectory: spec, outputDirectory: output });
    expect(readFileSync(join(output, 'types.ts'), 'utf8').replace(/^\/\/.*\n/gm, '')).toBe(before);
  });

  it('--check names files that differ, are missing or do not belong', () => {
    runCodegen({ specDirectory: spec, outputDirectory: output });
    writeFileSync(join(output, 'types.ts'), `${readFileSync(join(output, 'types.ts'), 'utf8')} `);
    rmSync(join(output, 'resources.ts'));
    writeFileSync(join(output, 'stale.ts'), '');
    expect(runCodegen({ specDirectory: spec, outputDirectory: output, check: true }).differences).toEqual([
      { file: 'resources.ts', problem: 'missing' },
      { file: 'types.ts', problem: 'differs' },
      { file: 'stale.ts', problem: 'unexpected' },
    ]);
  });

  it('the command exits 1 and names the stale file under --check, 0 when up to date', async () => {
    runCodegen({ specDirectory: spec, outputDirectory: output });
    const args = ['--import', 'tsx', join(REPO_ROOT, 'src/codegen/main.ts'), '--check', '--input', spec, '--output', output];
    const ok = await run(process.execPath, args, { cwd: REPO_ROOT });
    expect(ok.stdout).toContain('is up to date');
    writeFileSync(join(output, 'catalog.json'), '{}');
    const failure = await run(process.execPath, args, { cwd: REPO_ROOT }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('/catalog.json differs');
  });

  it('points at the line and column of broken JSON', () => {
    writeFileSync(join(spec, 'api__v1_openapi.json'), '{\n  "openapi": "3.0.0",\n  "info": }\n');
    expect(() => runCodegen({ specDirectory: spec, outputDirectory: output })).toThrow(/^api__v1_openapi\.json:3:11: not valid JSON: /);
    writeFileSync(join(spec, 'api__v1_openapi.json'), '{\n  "openapi": ');
    expect(() => runCodegen({ specDirectory: spec, outputDirectory: output })).toThrow(/^api__v1_openapi\.json:2:14: not valid JSON: /);
    writeFileSync(join(spec, 'api__v1_openapi.json'), '{"swagger": "2.0"}');
    expect(() => runCodegen({ specDirectory: spec, outputDirectory: output })).toThrow('api__v1_openapi.json: not an OpenAPI 3 document (openapi: undefined)');
  });

  it('explains a missing input directory and an unknown version', () => {
    expect(() => runCodegen({ specDirectory: join(root, 'nowhere'), outputDirectory: output })).toThrow(SpecInputError);
    expect(() => runCodegen({ specDirectory: join(root, 'nowhere'), outputDirectory: output })).toThrow(/OpenAPI v3 directory not found: .*nowhere/);
    rmSync(join(root, 'k8s-openapi', 'SOURCE.md'));
    expect(() => runCodegen({ specDirectory: spec, outputDirectory: output })).toThrow(/cannot tell the Kubernetes version/);
    expect(runCodegen({ specDirectory: spec, outputDirectory: output, kubernetesVersion: 'v1.32.0' }).files).toHaveLength(3);
    expect(() => runCodegen({ specDirectory: spec, outputDirectory: output, kubernetesVersion: '1.32' })).toThrow('not a Kubernetes release version: "1.32"');
  });
});
