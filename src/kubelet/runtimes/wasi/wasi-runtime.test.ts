import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../client/testing/index.js';
import { CreateContainerError, ImagePullError, type ContainerConfig, type ContainerRecord } from '../../container-runtime.js';
import {
  argsAndEnvWat,
  assemble,
  bigMemoryWat,
  GROW_UNTIL_FAIL_WAT,
  LOOP_FOREVER_WAT,
  printWat,
  readPreopenWat,
  sleepWat,
  UNREACHABLE_WAT,
  writeFileWat,
} from './testing/wat-modules.js';
import { WasiRuntime, type WasiRuntimeOptions } from './wasi-runtime.js';

let dir: string;
const runtimes: WasiRuntime[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engenho-wasi-'));
});

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Assembles `wat` into a .wasm file in the test's directory; returns its file:// image. */
async function moduleFile(name: string, wat: string): Promise<string> {
  const path = join(dir, `${name}.wasm`);
  await writeFile(path, await assemble(wat));
  return pathToFileURL(path).href;
}

function newRuntime(options: WasiRuntimeOptions = {}): { runtime: WasiRuntime; clock: FakeClock } {
  const clock = new FakeClock();
  let next = 0;
  const runtime = new WasiRuntime({ hostIP: '10.0.0.7', clock, newId: () => `id${next++}`, ...options });
  runtimes.push(runtime);
  return { runtime, clock };
}

const config = (image: string, overrides: Partial<ContainerConfig> = {}): ContainerConfig => ({ name: 'app', image, annotations: {}, attempt: 0, init: false, ...overrides });

/** Starts one container in a fresh sandbox and waits (up to 60 s) until it has exited. */
async function runToExit(runtime: WasiRuntime, container: ContainerConfig): Promise<ContainerRecord> {
  const sandbox = await runtime.runPodSandbox({ podUid: `uid-${container.name}-${Math.random()}`, namespace: 'default', name: 'p', annotations: {} });
  const started = await runtime.startContainer(sandbox.id, container);
  return waitForState(runtime, sandbox.id, started.id, 'exited');
}

async function waitForState(runtime: WasiRuntime, sandboxId: string, containerId: string, state: ContainerRecord['state']): Promise<ContainerRecord> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const record = runtime.listContainers(sandboxId).find((candidate) => candidate.id === containerId);
    if (record?.state === state) return record;
    if (Date.now() > deadline) throw new Error(`container ${containerId} never reached ${state}: ${JSON.stringify(record)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe('WasiRuntime', () => {
  it('runs a module that prints and exits 0: its output is the log, the container Completed', async () => {
    const { runtime, clock } = newRuntime();
    const changes: string[] = [];
    runtime.onChange((change) => changes.push(change.containerId));
    const image = await moduleFile('hello', printWat('hello\nsecond line\n', { err: 'to stderr\nno newline' }));
    const sandbox = await runtime.runPodSandbox({ podUid: 'u1', namespace: 'default', name: 'p', annotations: {} });
    expect(sandbox).toEqual({ id: 'id0', podUid: 'u1', ip: '10.0.0.7', state: 'ready', createdAt: clock.now() });
    const started = await runtime.startContainer(sandbox.id, config(image));
    expect(started).toMatchObject({ id: 'id1', sandboxId: 'id0', name: 'app', state: 'created', image });
    expect(started.imageID).toMatch(/^sha256:[0-9a-f]{64}$/);
    const record = await waitForState(runtime, 'id0', 'id1', 'exited');
    expect(record).toEqual({
      id: 'id1',
      sandboxId: 'id0',
      name: 'app',
      attempt: 0,
      image,
      imageID: started.imageID,
      state: 'exited',
      createdAt: clock.now(),
      startedAt: clock.now(),
      finishedAt: clock.now(),
      exitCode: 0,
      reason: 'Completed',
    });
    expect(changes).toEqual(['id1', 'id1']);
    expect(await collect(runtime.logs('id1'))).toBe('hello\nsecond line\nto stderr\nno newline\n');
    expect(await collect(runtime.logs('id1', { tailLines: 1, timestamps: true }))).toBe('2026-01-01T00:00:00.000000000Z no newline\n');
    expect(await collect(runtime.logs('id1', { limitBytes: 8 }))).toBe('hello\nse');
    expect(await collect(runtime.logs('id1', { follow: true, since: clock.now() + 1 }))).toBe('');
  });

  it('reports proc_exit(3) as Error with exit code 3', async () => {
    const { runtime } = newRuntime();
    const record = await runToExit(runtime, config(await moduleFile('exit3', printWat('failing\n', { exitCode: 3 }))));
    expect(record).toMatchObject({ state: 'exited', exitCode: 3, reason: 'Error' });
    expect(record.message).toBeUndefined();
    expect(await collect(runtime.logs(record.id))).toBe('failing\n');
  });

  it('reports a trap as Error with the trap in the message', async () => {
    const { runtime } = newRuntime();
    const record = await runToExit(runtime, config(await moduleFile('trap', UNREACHABLE_WAT)));
    expect(record).toMatchObject({ state: 'exited', exitCode: 134, reason: 'Error', message: 'wasm trap: unreachable' });
  });

  it('refuses a module whose initial memory is above the cap (OOMKilled, never run)', async () => {
    const { runtime } = newRuntime({ memoryCapBytes: 2 * 1024 * 1024 });
    const record = await runToExit(runtime, config(await moduleFile('big', bigMemoryWat(64))));
    expect(record).toMatchObject({
      state: 'exited',
      exitCode: 137,
      reason: 'OOMKilled',
      message: 'the module needs 4 MiB of memory at start, above the memory cap of 2 MiB',
    });
  });

  it('stops a module from growing its memory past the cap; its failure there is OOMKilled', async () => {
    const { runtime } = newRuntime({ memoryCapBytes: 2 * 1024 * 1024 });
    const record = await runToExit(runtime, config(await moduleFile('grow', GROW_UNTIL_FAIL_WAT)));
    expect(record).toMatchObject({
      state: 'exited',
      exitCode: 137,
      reason: 'OOMKilled',
      message: "the module's memory reached the cap of 2 MiB and it failed (wasm trap: unreachable)",
    });
  });

  it('applies a container memory limit lower than the runtime cap', async () => {
    const { runtime } = newRuntime();
    const record = await runToExit(runtime, config(await moduleFile('grow-limit', GROW_UNTIL_FAIL_WAT), { resources: { memoryLimitBytes: 1024 * 1024 } }));
    expect(record).toMatchObject({ reason: 'OOMKilled', message: "the module's memory reached the cap of 1 MiB and it failed (wasm trap: unreachable)" });
  });

  it('gives the module [name, ...command, ...args] and the env in order', async () => {
    const { runtime } = newRuntime();
    const image = await moduleFile('args', argsAndEnvWat());
    const record = await runToExit(
      runtime,
      config(image, { name: 'printer', command: ['run', 'fast'], args: ['--x=1'], env: [{ name: 'GREETING', value: 'hello world' }, { name: 'EMPTY', value: '' }] }),
    );
    expect(record).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await collect(runtime.logs(record.id))).toBe('printer\nrun\nfast\n--x=1\n--\nGREETING=hello world\nEMPTY=\n');
  });

  it('preopens each mount at its container path and warns about what WASI cannot honour', async () => {
    const { runtime } = newRuntime();
    const volume = await mkdtemp(join(dir, 'volume-'));
    await writeFile(join(volume, 'greeting.txt'), 'hi from the volume\n');
    const image = await moduleFile('preopen', readPreopenWat('greeting.txt'));
    const record = await runToExit(runtime, config(image, { mounts: [{ containerPath: '/data', hostPath: volume, readOnly: true }], workingDir: '/data' }));
    expect(record).toMatchObject({
      exitCode: 0,
      warnings: ['workingDir /data ignored: WASI preview1 has no working directory'],
    });
    expect(await collect(runtime.logs(record.id))).toBe('/data\nhi from the volume\n');
    await expect(runtime.startContainer((await runtime.runPodSandbox({ podUid: 'other', namespace: 'default', name: 'p', annotations: {} })).id, config(image, { mounts: [{ containerPath: '/data', hostPath: join(volume, 'missing'), readOnly: false }] }))).rejects.toEqual(
      new CreateContainerError('CreateContainerConfigError', `volume mount /data: ${join(volume, 'missing')} does not exist on the node`),
    );
  });

  it('lets a module write to a read-write mount (subPath joined) but answers EROFS under a readOnly one', async () => {
    const { runtime } = newRuntime();
    const volume = await mkdtemp(join(dir, 'volume-'));
    const image = await moduleFile('write', writeFileWat('out.txt', 'written by wasm\n'));
    const mount = (readOnly: boolean) => ({ mounts: [{ containerPath: '/data', hostPath: dir, subPath: volume.slice(dir.length + 1), readOnly }] });
    expect(await runToExit(runtime, config(image, mount(false)))).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await readFile(join(volume, 'out.txt'), 'utf8')).toBe('written by wasm\n');
    await writeFile(join(volume, 'out.txt'), 'kept\n');
    expect(await runToExit(runtime, config(image, mount(true)))).toMatchObject({ exitCode: 169, reason: 'Error' });
    expect(await readFile(join(volume, 'out.txt'), 'utf8')).toBe('kept\n');
  });

  it('stops a module that loops forever (exit code 137), follow ends, and exec is refused', async () => {
    const { runtime } = newRuntime();
    const changes: string[] = [];
    runtime.onChange((change) => changes.push(change.containerId));
    const sandbox = await runtime.runPodSandbox({ podUid: 'u-loop', namespace: 'default', name: 'p', annotations: {} });
    const started = await runtime.startContainer(sandbox.id, config(await moduleFile('loop', LOOP_FOREVER_WAT)));
    await waitForState(runtime, sandbox.id, started.id, 'running');
    const following = collect(runtime.logs(started.id, { follow: true }));
    await expect(runtime.exec(started.id, ['sh'])).rejects.toThrow(`cannot exec in container ${started.id}: a WebAssembly (WASI) container runs one module and has no commands to exec`);
    await runtime.stopContainer(started.id, 30);
    expect(runtime.listContainers(sandbox.id)[0]).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    expect(runtime.listContainers(sandbox.id)[0].message).toBeUndefined();
    expect(await following).toBe('');
    expect(changes).toEqual([started.id]);
    await runtime.removePodSandbox(sandbox.id);
    expect(runtime.sandboxFor('u-loop')).toBeUndefined();
    expect(() => runtime.logs(started.id)).toThrow(`container ${started.id} not found`);
  });

  it('stops a module sleeping in poll_oneoff, and a short sleep ends and the module goes on', async () => {
    const { runtime } = newRuntime();
    const sandbox = await runtime.runPodSandbox({ podUid: 'u-sleep', namespace: 'default', name: 'p', annotations: {} });
    const sleeper = await runtime.startContainer(sandbox.id, config(await moduleFile('sleep-hour', sleepWat(3600))));
    await waitForState(runtime, sandbox.id, sleeper.id, 'running');
    await runtime.stopContainer(sleeper.id, 30);
    expect(runtime.listContainers(sandbox.id)[0]).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    const short = await runToExit(runtime, config(await moduleFile('sleep-short', sleepWat(0.05)), { name: 'short' }));
    expect(short).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await collect(runtime.logs(short.id))).toBe('z\n');
  });

  it('says clearly when the module cannot be had', async () => {
    const { runtime } = newRuntime({
      loadConfigMapBinary: async (namespace, name, key) => {
        if (name === 'mods' && key === 'hello.wasm') return assemble(printWat('from a configmap\n'));
        throw new Error(`configmap "${name}" not found in ${namespace}`);
      },
    });
    const sandbox = await runtime.runPodSandbox({ podUid: 'u2', namespace: 'team', name: 'p', annotations: {} });
    const start = (image: string) => runtime.startContainer(sandbox.id, config(image));
    await expect(start('busybox')).rejects.toEqual(
      new ImagePullError('ErrImagePull', 'image "busybox" is not a WebAssembly module reference; a WebAssembly image is file:///abs/path.wasm or configmap:<name>/<key>'),
    );
    await expect(start(pathToFileURL(join(dir, 'absent.wasm')).href)).rejects.toEqual(
      new ImagePullError('ErrImagePull', `WebAssembly module ${join(dir, 'absent.wasm')} cannot be read: no such file on this node`),
    );
    await expect(start('configmap:mods')).rejects.toEqual(
      new ImagePullError('ErrImagePull', 'image "configmap:mods" names no ConfigMap key; a WebAssembly image is file:///abs/path.wasm or configmap:<name>/<key>'),
    );
    await expect(start('configmap:other/x.wasm')).rejects.toEqual(
      new ImagePullError('ErrImagePull', 'WebAssembly module from ConfigMap team/other key "x.wasm" cannot be read: configmap "other" not found in team'),
    );
    const notWasm = join(dir, 'not.wasm');
    await writeFile(notWasm, 'hello');
    await expect(start(pathToFileURL(notWasm).href)).rejects.toEqual(
      new CreateContainerError('CreateContainerError', `image "${pathToFileURL(notWasm).href}": not a WebAssembly module: the binary does not start with \\0asm`),
    );
    const record = await waitForState(runtime, sandbox.id, (await start('configmap:mods/hello.wasm')).id, 'exited');
    expect(record).toMatchObject({ image: 'configmap:mods/hello.wasm', exitCode: 0 });
    expect(await collect(runtime.logs(record.id))).toBe('from a configmap\n');
  });

  it('compiles a module once for many containers (cache by content hash)', async () => {
    const { runtime } = newRuntime();
    const image = await moduleFile('cached', printWat('again\n'));
    const first = await runToExit(runtime, config(image));
    const second = await runToExit(runtime, config(image, { attempt: 1 }));
    expect(second.imageID).toBe(first.imageID);
    expect(runtime.cachedModules).toBe(1);
  });
});
