// Against the real v1.32 documents: the committed output is exactly what the generator makes, and the
// catalog rebuilds every published schema byte for byte (v3 documents and the v2 swagger.json).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaCatalog, toOpenApiV2Schema, toOpenApiV3Schema } from '../api/index.js';
import { DEFAULT_SPEC_DIRECTORY, runCodegen } from './run-codegen.js';
import { stableStringify } from './stable-json.js';

const specPresent = existsSync(DEFAULT_SPEC_DIRECTORY);

describe.skipIf(!specPresent)('generated catalog against ../shared/k8s-openapi', () => {
  it('npm run codegen -- --check finds src/api/generated up to date', () => {
    expect(runCodegen({ check: true }).differences).toEqual([]);
  });

  it('rebuilds every schema of the v3 documents exactly', () => {
    const { definitions } = schemaCatalog();
    const mismatches: string[] = [];
    let compared = 0;
    for (const fileName of readdirSync(DEFAULT_SPEC_DIRECTORY).filter((name) => name.endsWith('.json'))) {
      const document = JSON.parse(readFileSync(join(DEFAULT_SPEC_DIRECTORY, fileName), 'utf8')) as { components: { schemas: Record<string, unknown> } };
      for (const [name, schema] of Object.entries(document.components.schemas)) {
        compared++;
        if (stableStringify(toOpenApiV3Schema(definitions[name])) !== stableStringify(schema)) mismatches.push(`${fileName} ${name}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBe(1407);
  });

  it('rebuilds the swagger.json (v2) definitions exactly', () => {
    const swagger = JSON.parse(readFileSync(join(DEFAULT_SPEC_DIRECTORY, '..', 'swagger.json'), 'utf8')) as { definitions: Record<string, unknown> };
    const { definitions } = schemaCatalog();
    const shared = Object.keys(definitions).filter((name) => swagger.definitions[name] !== undefined);
    expect(shared).toHaveLength(632);
    const mismatches = shared.filter((name) => stableStringify(toOpenApiV2Schema(definitions[name])) !== stableStringify(swagger.definitions[name]));
    expect(mismatches).toEqual([]);
  });
});
