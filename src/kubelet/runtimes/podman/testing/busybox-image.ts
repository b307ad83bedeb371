// Builds a tiny image with no registry: a rootfs holding Debian's busybox-static (/bin/busybox and
// a symlink per applet), /etc/passwd and /etc/group, imported with `podman import`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { podmanGlobalArgs } from '../podman-service.js';

const run = promisify(execFile);

export interface BusyboxImageOptions {
  binary?: string;
  root?: string;
  runRoot?: string;
  containersConf?: string;
  /** Default `localhost/engenho-busybox:test`. */
  tag?: string;
  /** Where busybox-static put the binary (default /bin/busybox). */
  busybox?: string;
}

export async function buildBusyboxImage(options: BusyboxImageOptions = {}): Promise<string> {
  const busybox = options.busybox ?? '/bin/busybox';
  if (!existsSync(busybox)) throw new Error(`${busybox} is missing: install Debian's busybox-static (npm test's pretest does)`);
  if (hasInterpreter(await readFile(busybox))) throw new Error(`${busybox} is dynamically linked (Debian's busybox, not busybox-static): the image has no libc; install busybox-static`);
  const tag = options.tag ?? 'localhost/engenho-busybox:test';
  const dir = await mkdtemp(join(tmpdir(), 'engenho-busybox-'));
  try {
    const rootfs = join(dir, 'rootfs');
    for (const sub of ['bin', 'etc', 'tmp', 'root', 'var/www']) await mkdir(join(rootfs, sub), { recursive: true });
    await copyFile(busybox, join(rootfs, 'bin/busybox'));
    const { stdout } = await run(busybox, ['--list']);
    for (const applet of stdout.split('\n').filter((name) => name !== '' && name !== 'busybox')) await symlink('busybox', join(rootfs, 'bin', applet));
    await writeFile(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
    await writeFile(join(rootfs, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    const tarball = join(dir, 'rootfs.tar');
    await run('tar', ['-C', rootfs, '-cf', tarball, '.']);
    const env = { ...process.env, ...(options.containersConf ? { CONTAINERS_CONF: options.containersConf } : {}) };
    await run(options.binary ?? 'podman', [...podmanGlobalArgs(options), 'import', '--change', 'CMD ["/bin/sh"]', '--change', 'ENV PATH=/bin', tarball, tag], { env });
    return tag;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether a 64-bit little-endian ELF file names a program interpreter (PT_INTERP): a dynamic executable. */
function hasInterpreter(elf: Buffer): boolean {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) if (elf.readUInt32LE(phoff + i * phentsize) === 3) return true;
  return false;
}
