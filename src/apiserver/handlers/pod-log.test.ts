import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodLogRequest } from '../node-connector.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;
const asked: Omit<PodLogRequest, 'signal'>[] = [];
const pods = '/api/v1/namespaces/default/pods';

beforeAll(async () => {
  t = await startTestServer({
    nodes: {
      async podLogs({ signal: _signal, ...request }) {
        asked.push(request);
        return (async function* () {
          yield 'line 1\n';
          yield 'line 2\n';
        })();
      },
    },
  });
  await t.request('POST', pods, { body: { metadata: { name: 'solo' }, spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'i' }] } } });
  await t.request('POST', pods, { body: { metadata: { name: 'duo' }, spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'i' }, { name: 'b', image: 'i' }] } } });
  await t.request('POST', pods, { body: { metadata: { name: 'pending' }, spec: { containers: [{ name: 'a', image: 'i' }] } } });
});
afterAll(async () => {
  await t.close();
});

describe('pods/log', () => {
  it('streams the log from the node as plain text', async () => {
    const res = await t.request('GET', `${pods}/solo/log?tailLines=5&timestamps=true`, { headers: { accept: 'application/json, */*' } });
    expect([res.status, res.headers['content-type'], res.text]).toEqual([200, 'text/plain', 'line 1\nline 2\n']);
    expect(asked[0]).toMatchObject({ nodeName: 'n1', namespace: 'default', pod: 'solo', container: 'app', follow: false, timestamps: true, tailLines: 5 });
  });

  it('needs a container name when there are several, and a node', async () => {
    const res = await t.request('GET', `${pods}/duo/log`);
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('a container name must be specified for pod duo, choose one of: [a b]');
    expect((await t.request('GET', `${pods}/duo/log?container=b`)).status).toBe(200);
    expect((await t.request('GET', `${pods}/duo/log?container=z`)).status).toBe(400);
    expect((await t.request('GET', `${pods}/pending/log`)).json.message).toBe('pod pending does not have a host assigned');
    expect((await t.request('GET', `${pods}/solo/log?tailLines=-1`)).status).toBe(422);
    expect((await t.request('GET', `${pods}/nope/log`)).status).toBe(404);
  });
});
