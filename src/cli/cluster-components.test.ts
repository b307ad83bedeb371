import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApiContext } from '../apiserver/index.js';
import { loadConfig } from '../config/index.js';
import { startComponents } from './cluster-components.js';

describe('startComponents', () => {
  it('starts nothing when the scheduler is switched off', () => {
    const { config } = loadConfig({ flags: { scheduler: 'false' }, env: { XDG_CONFIG_HOME: '/nonexistent' } });
    expect(startComponents(config, {} as ApiContext, pino({ level: 'silent' }))).toEqual([]);
  });
});
