import { describe, expect, it } from 'vitest';
import { builtinServedResources } from './builtin-resources.js';
import { routeResource, verbOf } from './router.js';

const served = builtinServedResources();
const route = (path: string) => {
  const target = routeResource(served, path);
  return target === undefined ? undefined : { plural: target.resource.info.plural, group: target.resource.info.group, namespace: target.namespace, name: target.name, subresource: target.subresource, watchPrefix: target.watchPrefix };
};

describe('routeResource', () => {
  it('routes namespaced, cluster-scoped and all-namespace paths', () => {
    expect(route('/api/v1/namespaces/default/pods/p/status')).toEqual({ plural: 'pods', group: '', namespace: 'default', name: 'p', subresource: 'status', watchPrefix: false });
    expect(route('/apis/apps/v1/deployments')).toEqual({ plural: 'deployments', group: 'apps', namespace: undefined, name: undefined, subresource: undefined, watchPrefix: false });
    expect(route('/api/v1/nodes/n1')).toMatchObject({ plural: 'nodes', name: 'n1' });
    expect(route('/api/v1/namespaces/kube-system')).toMatchObject({ plural: 'namespaces', name: 'kube-system' });
    expect(route('/api/v1/namespaces/x/finalize')).toMatchObject({ plural: 'namespaces', name: 'x', subresource: 'finalize' });
    expect(route('/api/v1/watch/namespaces/default/configmaps')).toMatchObject({ plural: 'configmaps', namespace: 'default', watchPrefix: true });
    expect(route('/api/v1/namespaces/a%2Fb/pods')).toMatchObject({ namespace: 'a/b' });
  });

  it('finds nothing for unknown or malformed paths', () => {
    for (const path of ['/api/v2/pods', '/apis/apps/v1/widgets', '/api/v1/pods/p', '/api/v1/namespaces/d/pods/p/status/x', '/api', '/api/v1/%zz', '/foo']) {
      expect(route(path), path).toBeUndefined();
    }
  });
});

describe('verbOf', () => {
  const target = (name?: string, watchPrefix = false) => ({ ...routeResource(served, '/api/v1/namespaces/d/pods')!, name, watchPrefix });
  it('maps methods to verbs as upstream RequestInfo does', () => {
    const q = new URLSearchParams();
    expect(verbOf('GET', target(), q)).toBe('list');
    expect(verbOf('GET', target('p'), q)).toBe('get');
    expect(verbOf('GET', target(), new URLSearchParams('watch=true'))).toBe('watch');
    expect(verbOf('GET', target(undefined, true), q)).toBe('watch');
    expect(verbOf('POST', target(), q)).toBe('create');
    expect(verbOf('POST', target('p'), q)).toBeUndefined();
    expect(verbOf('PUT', target('p'), q)).toBe('update');
    expect(verbOf('PUT', target(), q)).toBeUndefined();
    expect(verbOf('PATCH', target('p'), q)).toBe('patch');
    expect(verbOf('DELETE', target('p'), q)).toBe('delete');
    expect(verbOf('DELETE', target(), q)).toBe('deletecollection');
    expect(verbOf('OPTIONS', target(), q)).toBeUndefined();
  });
});
