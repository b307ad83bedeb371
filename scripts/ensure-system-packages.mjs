#!/usr/bin/env node
// Installs the Debian packages the test suite and benchmarks drive for real (etcd, podman, ...)
// when they are missing. Runs as `pretest`; never needed for `npm start`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** command on PATH -> Debian package that provides it */
const needed = [
  { command: 'etcd', pkg: 'etcd-server' },
  { command: 'etcdctl', pkg: 'etcd-client' },
  // the podman runtime's tests: podman with runc (crun fails on hybrid cgroups), catatonit for the
  // pods' infra containers, busybox-static for the locally built test image
  { command: 'podman', pkg: 'podman' },
  { command: 'runc', pkg: 'runc' },
  { command: 'catatonit', pkg: 'catatonit' },
  { path: '/bin/busybox', pkg: 'busybox-static' },
];

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const present = (n) => (n.path ? existsSync(n.path) : onPath(n.command));
const missing = [...new Set(needed.filter((n) => !present(n)).map((n) => n.pkg))];

if (missing.length === 0) process.exit(0);
if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.error(`engenho: missing system packages: ${missing.join(' ')}; install them (apt-get install -y ${missing.join(' ')}) and rerun.`);
  process.exit(1);
}
console.error(`engenho: installing ${missing.join(' ')} from Debian packages`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
