import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createStore } from '../index.js';
import { runStoreConformance } from '../testing/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'engenho-store-'));
let count = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreConformance('sqlite', {
  create: () => createStore({ sqlite: { path: join(dir, `store-${count++}.db`) } }),
});

// The watch window is small here so watchers also replay from the database.
runStoreConformance('sqlite with a 100-event watch window', {
  create: () => createStore({ sqlite: { path: join(dir, `store-${count++}.db`), watchWindow: { maxEvents: 100 } } }),
});
