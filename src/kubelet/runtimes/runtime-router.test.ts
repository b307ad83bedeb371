import { PassThrough } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../client/testing/index.js';
import type { ContainerConfig, ExecSession, ExecStreamOptions, SandboxConfig } from '../container-runtime.js';
import { RuntimeRouter, UnknownRuntimeClassError } from './runtime-router.js';
import { SimRuntime } from './sim/sim-runtime.js';
import { assemble, printWat } from './wasi/testing/wat-modules.js';
import { WasiRuntime } from './wasi/wasi-runtime.js';

/** A sim that also streams exec and recovers, to see the router forward optional methods. */
class StreamingSim extends SimRuntime {
  readonly calls: string[] = [];

  async execStream(containerId: string, options: ExecStreamOptions): Promise<ExecSession> {
    this.calls.push(`execStream ${containerId} ${options.command.join(' ')}`);
    return { stdout: new PassThrough(), resize: () => undefined, exitCode: Promise.resolve(0), kill: () => undefined };
  }

  async recover(livePodUids: ReadonlySet<string>): Promise<void> {
    this.calls.push(`recover ${[...livePodUids].join(',')}`);
  }
}

let dir: string;
let helloImage: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engenho-router-'));
  await writeFile(join(dir, 'hello.wasm'), await assemble(printWat('hello from wasm\n')));
  helloImage = pathToFileURL(join(dir, 'hello.wasm')).href;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sandboxConfig = (podUid: string, runtimeClassName?: string): SandboxConfig => ({ podUid, namespace: 'default', name: podUid, annotations: {}, runtimeClassName });
const config = (image: string): ContainerConfig => ({ name: 'app', image, annotations: {}, attempt: 0, init: false });

function newRouter(): { router: RuntimeRouter; sim: StreamingSim; wasi: WasiRuntime; clock: FakeClock } {
  const clock = new FakeClock();
  let simIds = 0;
  let wasiIds = 0;
  const sim = new StreamingSim({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 0, logIntervalMs: 0, newId: () => `sim${simIds++}` });
  const wasi = new WasiRuntime({ hostIP: '10.0.0.1', clock, newId: () => `wasi${wasiIds++}` });
  return { router: new RuntimeRouter(sim, { wasm: wasi }), sim, wasi, clock };
}

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe('RuntimeRouter', () => {
  it('runs each sandbox on the runtime its RuntimeClass names and routes every later call there', async () => {
    const { router, clock } = newRouter();
    const changes: string[] = [];
    router.onChange((change) => changes.push(`${change.podUid}/${change.containerId}`));
    try {
      const plain = await router.runPodSandbox(sandboxConfig('plain'));
      const wasm = await router.runPodSandbox(sandboxConfig('wasm', 'wasm'));
      expect([plain.id, plain.ip, wasm.id, wasm.ip]).toEqual(['sim0', '10.244.0.2', 'wasi0', '10.0.0.1']);
      expect(router.sandboxFor('wasm')).toBe(wasm);
      expect(router.sandboxFor('absent')).toBeUndefined();

      const simContainer = await router.startContainer(plain.id, config('nginx'));
      const wasmContainer = await router.startContainer(wasm.id, config(helloImage));
      await clock.advance(0);
      const deadline = Date.now() + 60_000;
      while (router.listContainers(wasm.id)[0].state !== 'exited' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(router.listContainers(plain.id).map((record) => [record.id, record.state])).toEqual([['sim1', 'running']]);
      expect(router.listContainers(wasm.id).map((record) => [record.id, record.state, record.reason])).toEqual([['wasi1', 'exited', 'Completed']]);
      expect(await collect(router.logs(wasmContainer.id))).toBe('hello from wasm\n');
      expect(await collect(router.logs(simContainer.id))).toBe('sim: container app started (image docker.io/library/nginx:latest)\n');
      expect(await router.exec(simContainer.id, ['echo', 'hi'])).toEqual({ exitCode: 0, stdout: 'hi\n', stderr: '' });
      await expect(router.exec(wasmContainer.id, ['echo', 'hi'])).rejects.toThrow('a WebAssembly (WASI) container runs one module and has no commands to exec');
      // The sim's and the worker's notifications interleave by timing: compare them sorted.
      expect(changes.sort()).toEqual(['plain/sim1', 'wasm/wasi1', 'wasm/wasi1']);

      await router.stopContainer(simContainer.id, 30);
      expect(router.listContainers(plain.id)[0]).toMatchObject({ state: 'exited', exitCode: 0 });
      await router.removePodSandbox(wasm.id);
      expect(router.sandboxFor('wasm')).toBeUndefined();
      expect(router.listContainers(wasm.id)).toEqual([]);
      expect(() => router.logs(wasmContainer.id)).toThrow(`container ${wasmContainer.id} not found`);
      await expect(router.startContainer(wasm.id, config(helloImage))).rejects.toThrow(`sandbox ${wasm.id} not found`);
    } finally {
      await router.close();
    }
  });

  it('refuses a RuntimeClass it has no runtime for', async () => {
    const { router } = newRouter();
    try {
      await expect(router.runPodSandbox(sandboxConfig('p', 'gvisor'))).rejects.toEqual(new UnknownRuntimeClassError('gvisor', ['wasm']));
      await expect(router.runPodSandbox(sandboxConfig('p', 'gvisor'))).rejects.toThrow('no runtime for RuntimeClass "gvisor" is configured on this node (known: wasm)');
      expect(() => router.runtimeFor('constructor')).toThrow('no runtime for RuntimeClass "constructor"');
    } finally {
      await router.close();
    }
  });

  it("answers version and capabilities from its runtimes, per pod through runtimeFor, and forwards optional methods to the owner", async () => {
    const { router, sim, wasi, clock } = newRouter();
    try {
      expect(router.version).toBe('sim://1.0.0');
      expect(router.mountsVolumes).toBe(true);
      expect(router.runsProbes).toBeUndefined();
      expect(router.runtimeFor(undefined)).toBe(sim);
      expect(router.runtimeFor('')).toBe(sim);
      expect(router.runtimeFor('wasm')).toBe(wasi);
      expect(router.runtimeFor('wasm').runsProbes).toBe(false);
      expect(router.portForward).toBeUndefined();

      const plain = await router.runPodSandbox(sandboxConfig('plain'));
      const wasm = await router.runPodSandbox(sandboxConfig('wasm', 'wasm'));
      const simContainer = await router.startContainer(plain.id, config('busybox'));
      const wasmContainer = await router.startContainer(wasm.id, config(helloImage));
      await clock.advance(0);
      const options: ExecStreamOptions = { command: ['sh'], stdin: true, stdout: true, stderr: false, tty: true };
      expect(router.execStream).toBeDefined();
      await expect(router.execStream!(simContainer.id, options)).resolves.toMatchObject({ stdout: expect.any(PassThrough) });
      await expect(router.execStream!(wasmContainer.id, options)).rejects.toThrow(`container ${wasmContainer.id} runs on wasi://0.1.0, which has no interactive exec`);
      await router.recover(new Set(['plain', 'wasm']));
      expect(sim.calls).toEqual([`execStream ${simContainer.id} sh`, 'recover plain,wasm']);
    } finally {
      await router.close();
    }
  });

  it('has no execStream when none of its runtimes has one', async () => {
    const clock = new FakeClock();
    const router = new RuntimeRouter(new SimRuntime({ podCIDR: '10.244.1.0/24', clock }), { wasm: new WasiRuntime({ clock }) });
    try {
      expect(router.execStream).toBeUndefined();
      expect(router.portForward).toBeUndefined();
    } finally {
      await router.close();
    }
  });
});
