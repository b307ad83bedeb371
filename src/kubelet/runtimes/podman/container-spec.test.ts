import { describe, expect, it } from 'vitest';
import type { ContainerConfig } from '../../container-runtime.js';
import { containerSpec } from './container-spec.js';

const pod = { uid: 'u-1', namespace: 'ns', name: 'web' };
const base: ContainerConfig = { name: 'app', image: 'localhost/img:1', annotations: {}, attempt: 2, init: false };
const allowed = { memory: true, cpu: true };

describe('containerSpec', () => {
  it('names and labels the container after its pod and attempt', () => {
    const { spec, warnings } = containerSpec('node-0', 'pod-id', pod, base, allowed);
    expect(spec).toEqual({
      name: 'k8s_app_web_ns_u-1_2',
      pod: 'pod-id',
      image: 'localhost/img:1',
      labels: {
        'io.engenho.node': 'node-0',
        'io.kubernetes.pod.uid': 'u-1',
        'io.kubernetes.pod.namespace': 'ns',
        'io.kubernetes.pod.name': 'web',
        'io.kubernetes.container.name': 'app',
        'io.kubernetes.container.attempt': '2',
        'io.engenho.container.init': 'false',
      },
      env: {},
      stdin: false,
      terminal: false,
    });
    expect(warnings).toEqual([]);
  });

  it('command replaces the entrypoint and drops the image CMD; args alone replace the CMD', () => {
    expect(containerSpec('n', 'p', pod, { ...base, command: ['sh', '-c'] }, allowed).spec).toMatchObject({ entrypoint: ['sh', '-c'], command: [] });
    expect(containerSpec('n', 'p', pod, { ...base, command: ['sh', '-c'], args: ['echo hi'] }, allowed).spec).toMatchObject({ entrypoint: ['sh', '-c'], command: ['echo hi'] });
    const argsOnly = containerSpec('n', 'p', pod, { ...base, args: ['-x'] }, allowed).spec;
    expect(argsOnly.command).toEqual(['-x']);
    expect(argsOnly.entrypoint).toBeUndefined();
  });

  it('maps env, workingDir, mounts (subPath, read-only), limits and the security context', () => {
    const { spec } = containerSpec(
      'n',
      'p',
      pod,
      {
        ...base,
        env: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }],
        workingDir: '/work',
        mounts: [
          { containerPath: '/data', hostPath: '/var/vol', readOnly: false },
          { containerPath: '/etc/app.conf', hostPath: '/var/cm', subPath: 'app.conf', readOnly: true },
        ],
        resources: { memoryLimitBytes: 64 * 1024 * 1024, cpuLimitMillis: 500, cpuRequestMillis: 250 },
        securityContext: { runAsUser: 1000, runAsGroup: 3000, readOnlyRootFilesystem: true },
      },
      allowed,
    );
    expect(spec).toMatchObject({
      env: { A: '1', B: 'two' },
      work_dir: '/work',
      mounts: [
        { destination: '/data', source: '/var/vol', type: 'bind', options: ['rbind', 'rw'] },
        { destination: '/etc/app.conf', source: '/var/cm/app.conf', type: 'bind', options: ['rbind', 'ro'] },
      ],
      resource_limits: { memory: { limit: 67108864 }, cpu: { quota: 50000, period: 100000, shares: 256 } },
      user: '1000:3000',
      read_only_filesystem: true,
    });
  });

  it('says which limits the host cannot enforce instead of passing them', () => {
    const { spec, warnings } = containerSpec('n', 'p', pod, { ...base, resources: { memoryLimitBytes: 1024, cpuLimitMillis: 100 } }, { memory: false, cpu: false });
    expect(spec.resource_limits).toBeUndefined();
    expect(warnings).toEqual([
      "memory limit 1024 bytes not enforced: this host's cgroups have no memory controller for podman",
      "cpu limit 100m not enforced: this host's cgroups have no cpu controller for podman",
    ]);
  });
});
