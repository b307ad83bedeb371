// docs/configuration.md must document every key, its environment variable and every config flag.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_FLAGS, configLeaves, envNameFor } from './index.js';

const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

describe('docs/configuration.md', () => {
  it('has a row per key with its environment variable', () => {
    const missing = configLeaves()
      .map((leaf) => ({ key: leaf.path.join('.'), env: envNameFor(leaf.path) }))
      .filter(({ key, env }) => !docs.includes(`| \`${key}\` |`) || !docs.includes(`\`${env}\``));
    expect(missing).toEqual([]);
  });

  it('lists every config flag', () => {
    expect(CONFIG_FLAGS.filter((flag) => !docs.includes(`--${flag.name} <${flag.valueName}>`)).map((flag) => flag.name)).toEqual([]);
  });
});
