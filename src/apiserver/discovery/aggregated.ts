// Aggregated discovery (apidiscovery.k8s.io v2 / v2beta1): every group, version and resource in one
// document, so kubectl needs two requests (/api and /apis) instead of one per group/version.
import type { ServedResources } from '../served-resources.js';
import { resourcesOf, servedGroups } from './documents.js';

export function aggregatedDiscovery(served: ServedResources, scope: 'api' | 'apis', version: 'v2' | 'v2beta1'): Record<string, unknown> {
  const items: Record<string, unknown>[] = [];
  for (const [group, versions] of servedGroups(served)) {
    if ((scope === 'api') !== (group === '')) continue;
    items.push({
      metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: versions.map((v) => ({
        version: v,
        resources: resourcesOf(served, group, v).map(({ info }) => ({
          resource: info.plural,
          responseKind: { group: '', version: '', kind: info.kind },
          scope: info.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: info.singular,
          verbs: info.verbs,
          ...(info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
          ...(info.categories.length > 0 ? { categories: info.categories } : {}),
          ...(info.subresources.length > 0
            ? {
                subresources: info.subresources.map((sub) => ({
                  subresource: sub.name,
                  responseKind: { group: sub.group ?? '', version: sub.version ?? '', kind: sub.kind },
                  verbs: sub.verbs,
                })),
              }
            : {}),
        })),
        freshness: 'Current',
      })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
