// Discovery of every namespaced resource the server can list and delete as a collection (the
// namespace controller's view of "everything in a namespace", CRDs included).
import { apiErrorFromResponse, type Client, type ResourceDescriptor } from '../client/index.js';

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

async function getJson<T>(client: Client, path: string): Promise<T> {
  const response = await client.transport.request({ method: 'GET', path });
  if (response.status < 200 || response.status > 299) throw apiErrorFromResponse(response.status, response.body);
  return JSON.parse(response.body) as T;
}

export async function discoverNamespacedResources(client: Client): Promise<ResourceDescriptor[]> {
  const groupVersions: { group: string; version: string; path: string }[] = [];
  const core = await getJson<{ versions?: string[] }>(client, '/api');
  for (const version of core.versions ?? []) groupVersions.push({ group: '', version, path: `/api/${version}` });
  const groups = await getJson<{ groups?: { name: string; preferredVersion?: { version: string } }[] }>(client, '/apis');
  for (const group of groups.groups ?? []) {
    const version = group.preferredVersion?.version;
    if (version) groupVersions.push({ group: group.name, version, path: `/apis/${group.name}/${version}` });
  }
  const descriptors: ResourceDescriptor[] = [];
  for (const groupVersion of groupVersions) {
    const list = await getJson<ApiResourceList>(client, groupVersion.path);
    for (const resource of list.resources ?? []) {
      if (!resource.namespaced || resource.name.includes('/')) continue;
      const verbs = resource.verbs ?? [];
      if (!verbs.includes('list') || !verbs.includes('deletecollection')) continue;
      descriptors.push({ group: groupVersion.group, version: groupVersion.version, plural: resource.name, kind: resource.kind, namespaced: true });
    }
  }
  return descriptors;
}
