// A private podman for a test: its own storage and state under a temp dir, its own service socket,
// the sandbox's containers.conf and the busybox image. `stop` removes every pod and container, and the temp dir.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibpodClient } from '../libpod-client.js';
import { startPodmanService, type PodmanService } from '../podman-service.js';
import { buildBusyboxImage } from './busybox-image.js';
import { writeContainersConf } from './containers-conf.js';

export interface PodmanFixture {
  dir: string;
  socket: string;
  containersConf: string;
  root: string;
  runRoot: string;
  image: string;
  client: LibpodClient;
  stop(): Promise<void>;
}

export async function startPodmanFixture(): Promise<PodmanFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'engenho-podman-'));
  const containersConf = await writeContainersConf(join(dir, 'containers.conf'));
  const root = join(dir, 'root');
  const runRoot = join(dir, 'runroot');
  const socket = join(dir, 'podman.sock');
  const image = await buildBusyboxImage({ root, runRoot, containersConf });
  let service: PodmanService | undefined = await startPodmanService({ socketPath: socket, containersConf, root, runRoot, idleSeconds: 0 });
  const client = service.client;
  return {
    dir,
    socket,
    containersConf,
    root,
    runRoot,
    image,
    client,
    async stop() {
      const pods = (await client.json<{ Id: string }[]>('GET', '/pods/json').catch(() => [])) ?? [];
      for (const pod of pods) await client.json('POST', `/pods/${pod.Id}/kill`, { query: { signal: 'SIGKILL' } }).catch(() => undefined);
      for (const pod of pods) await client.json('DELETE', `/pods/${pod.Id}`, { query: { force: true } }).catch(() => undefined);
      // containers outside pods too (`podman run` ones): left running, conmon would outlive the temp dir
      const containers = (await client.json<{ Id: string }[]>('GET', '/containers/json', { query: { all: true } }).catch(() => [])) ?? [];
      for (const container of containers) await client.json('DELETE', `/containers/${container.Id}`, { query: { force: true, timeout: 0 } }).catch(() => undefined);
      await service?.stop();
      service = undefined;
      await unmountUnder(dir);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** Podman's overlay driver bind-mounts its own directory; it has to go before the temp dir can. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((path) => path.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const path of mounts) await new Promise((resolve) => execFile('umount', ['-l', path], resolve));
}
