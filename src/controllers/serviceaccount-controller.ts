// Upstream's ServiceAccountsController: every active namespace has a "default" ServiceAccount,
// created when the namespace appears and again whenever it is deleted.
import type { Namespace, ServiceAccount } from '../api/index.js';
import { isAlreadyExists, isNotFound } from '../client/index.js';
import type { ControllerFactory } from './controller-context.js';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

export const serviceAccountController: ControllerFactory = ({ manager, client }) => {
  const namespaces = manager.informer<Namespace>('v1', 'namespaces');
  const serviceAccounts = manager.informer<ServiceAccount>('v1', 'serviceaccounts');
  const accounts = client.resource<ServiceAccount>('v1', 'serviceaccounts');
  return {
    name: 'serviceaccount',
    watches: [
      { informer: namespaces },
      // A deleted (or any changed) default account wakes its namespace.
      { informer: serviceAccounts, map: (account: ServiceAccount) => (account.metadata?.name === DEFAULT_SERVICE_ACCOUNT ? [account.metadata.namespace ?? ''] : []) },
    ],
    async reconcile(namespaceName) {
      const namespace = namespaces.cache.get(namespaceName);
      if (namespace === undefined || namespace.metadata?.deletionTimestamp || namespace.status?.phase === 'Terminating') return;
      if (serviceAccounts.cache.getByName(namespaceName, DEFAULT_SERVICE_ACCOUNT) !== undefined) return;
      try {
        await accounts.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: namespaceName } });
      } catch (error) {
        // Already there (the cache lags) or the namespace went away meanwhile: nothing to do.
        if (isAlreadyExists(error) || isNotFound(error)) return;
        if (error instanceof Error && /being terminated/.test(error.message)) return;
        throw error;
      }
    },
  };
};
