import { describe, expect, it } from 'vitest';
import { Client } from '../client/index.js';
import { startRealApiServer } from '../client/testing/real-api-server.js';
import { CONTROLLER_FACTORIES, runControllers, type ControllerFactory } from './index.js';

describe('runControllers', () => {
  it('adds the switched-on controllers to one manager, each with a client of its own identity', async () => {
    const api = await startRealApiServer();
    const identities: string[] = [];
    const built: string[] = [];
    const factory =
      (name: string): ControllerFactory =>
      ({ manager }) => {
        built.push(name);
        return { name, watches: [{ informer: manager.informer('v1', 'namespaces') }], reconcile: async () => {} };
      };
    try {
      const running = runControllers({
        client: (identity) => {
          identities.push(identity);
          return new Client(api.inProcess(), { fieldManager: identity });
        },
        config: { alpha: true, beta: false },
        factories: { alpha: factory('alpha'), beta: factory('beta'), gamma: factory('gamma') },
      });
      await running.ready;
      expect(running.names).toEqual(['alpha', 'gamma']);
      expect(built).toEqual(['alpha', 'gamma']);
      expect(identities).toEqual(['controller-manager', 'alpha', 'gamma']);
      expect(running.manager.hasSynced()).toBe(true);
      await running.stop();
    } finally {
      await api.stop();
    }
  });

  it('lists the controllers of issue 5 by their config names', () => {
    expect(Object.keys(CONTROLLER_FACTORIES)).toEqual(expect.arrayContaining(['namespace', 'garbagecollector', 'replicaset', 'deployment']));
  });
});
