import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext, createInProcessTransport } from './index.js';
import { ensureSystemNamespaces } from './bootstrap-namespaces.js';
import { createMemoryStore } from './testing/memory-store.js';

const ctx = createApiContext({ store: createMemoryStore(), watchProgressIntervalMs: 50 });
const transport = createInProcessTransport(ctx, { name: 'system:kube-controller-manager', groups: ['system:authenticated'] });

beforeAll(async () => {
  await ensureSystemNamespaces(ctx.store, new Date());
});
afterAll(async () => {
  await ctx.store.close();
});

describe('in-process transport', () => {
  it('runs requests through the handler chain', async () => {
    const created = await transport.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', query: { fieldManager: 'kcm' }, body: JSON.stringify({ metadata: { name: 'x' }, data: { a: 'b' } }) });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json');
    expect(JSON.parse(created.body).metadata.managedFields[0].manager).toBe('kcm');
    const missing = await transport.request({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/nope' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).reason).toBe('NotFound');
  });

  it('streams watches line by line and stops on close', async () => {
    const stream = await transport.stream({ method: 'GET', path: '/api/v1/namespaces/default/configmaps', query: { watch: true } });
    expect(stream.status).toBe(200);
    const lines: string[] = [];
    const reading = (async () => {
      let buffer = '';
      for await (const chunk of stream.body) {
        buffer += chunk;
        while (buffer.includes('\n')) {
          lines.push(buffer.slice(0, buffer.indexOf('\n')));
          buffer = buffer.slice(buffer.indexOf('\n') + 1);
        }
        if (lines.length === 2) stream.close();
      }
    })();
    await transport.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: JSON.stringify({ metadata: { name: 'y' } }) });
    await reading;
    expect(lines.map((l) => [JSON.parse(l).type, JSON.parse(l).object.metadata.name])).toEqual([['ADDED', 'x'], ['ADDED', 'y']]);
  });

  it('refuses bodies over the size limit with 413, as over HTTPS', async () => {
    const small = createApiContext({ store: ctx.store, maxBodyBytes: 1024 });
    const limited = createInProcessTransport(small, { name: 'admin', groups: ['system:masters'] });
    const body = JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(2000) } });
    const refused = await limited.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).reason).toBe('RequestEntityTooLarge');
    const fits = await limited.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: JSON.stringify({ metadata: { name: 'small' } }) });
    expect(fits.status).toBe(201);
    expect(JSON.parse(fits.body).metadata.name).toBe('small');
  });
});
