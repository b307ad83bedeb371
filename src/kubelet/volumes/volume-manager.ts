// Volumes of the pods of one node, for runtimes that mount them: each is materialised under
// `<rootDir>/pods/<uid>/volumes/<name>` (hostPath volumes are the host's own path after the type
// check), and a container's volumeMounts become the runtime's MountConfigs. ConfigMap, Secret,
// downwardAPI and projected contents are written again every `refreshMs` (as upstream's periodic
// remount; tokens are reused until 80% of their lifetime). The pod's directory goes when the pod is
// forgotten, and at start for pods no longer bound to the node.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { Container, Pod, Volume } from '../../api/index.js';
import type { Client, Clock } from '../../client/index.js';
import type { PodAddresses } from '../container-config/pod-fields.js';
import type { PodObjects } from '../container-config/pod-objects.js';
import type { MountConfig } from '../container-runtime.js';
import { checkHostPath } from './host-path.js';
import { configMapPayload, DEFAULT_FILE_MODE, downwardPayload, projectedPayload, secretPayload, type Payload, type PayloadContext } from './payload.js';

export interface VolumeManagerOptions {
  rootDir: string;
  client: Client;
  allocatable: Record<string, string>;
  clock: Clock;
  /** How often written volume contents are refreshed (default 60 s). */
  refreshMs?: number;
}

/** The volumes' host paths by name; or why one could not be set up. `warning`: a refresh that failed (old contents stay). */
export type SetUpResult = { volumes: Map<string, string>; warning?: string } | { failed: string };

interface PodVolumes {
  volumes: Map<string, string>;
  /** When written contents are due again (none: the pod has no such volume). */
  refreshAt?: number;
}

/** Volume types whose content the kubelet writes; containers always see them read-only. */
const PROJECTED_KINDS = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;

function assertRelative(path: string): void {
  const clean = normalize(path);
  if (isAbsolute(path) || clean === '..' || clean.startsWith(`..${sep}`)) throw new Error(`invalid path ${JSON.stringify(path)}: must be relative and may not contain '..'`);
}

function filesUnder(root: string, prefix = ''): string[] {
  if (!existsSync(join(root, prefix))) return [];
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(root, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/**
 * Writes the files in place (a running container has the directory bind-mounted, e.g. one adopted
 * after a kubelet restart, so the directory itself must stay) and removes files no longer in it.
 */
function writePayload(dir: string, payload: Payload): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const wanted = new Set([...payload.keys()].map((path) => normalize(path)));
  for (const stale of filesUnder(dir)) if (!wanted.has(stale)) rmSync(join(dir, stale), { force: true });
  for (const [path, file] of payload) {
    assertRelative(path);
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, file.data);
    chmodSync(target, file.mode);
  }
}

export class VolumeManager {
  private readonly ready = new Map<string, PodVolumes>();
  private readonly tokens = new Map<string, { data: Buffer; renewAt: number }>();

  constructor(private readonly options: VolumeManagerOptions) {}

  podDir(uid: string): string {
    return join(this.options.rootDir, 'pods', uid);
  }

  /** When the pod's written volumes are due for a refresh (the kubelet syncs the pod then). */
  refreshAt(uid: string): number | undefined {
    return this.ready.get(uid)?.refreshAt;
  }

  /** Materialises the pod's volumes, or refreshes written ones when due; a failure names the volume as upstream's FailedMount does. */
  async setUp(pod: Pod, objects: PodObjects, addresses: PodAddresses): Promise<SetUpResult> {
    const uid = pod.metadata?.uid ?? '';
    const now = this.options.clock.now();
    const done = this.ready.get(uid);
    if (done && (done.refreshAt === undefined || now < done.refreshAt)) return { volumes: done.volumes };
    const ctx: PayloadContext = { pod, objects, addresses, allocatable: this.options.allocatable, client: this.options.client, now, tokens: this.tokens };
    const volumes = new Map<string, string>();
    let written = false;
    for (const volume of pod.spec?.volumes ?? []) {
      const isWritten = PROJECTED_KINDS.some((kind) => volume[kind] !== undefined);
      written ||= isWritten;
      if (done && !isWritten) continue;
      try {
        const path = await this.setUpVolume(ctx, uid, volume);
        if (path !== undefined) volumes.set(volume.name, path);
      } catch (error) {
        const failed = `MountVolume.SetUp failed for volume "${volume.name}" : ${error instanceof Error ? error.message : String(error)}`;
        if (!done) return { failed };
        done.refreshAt = now + (this.options.refreshMs ?? 60_000);
        return { volumes: done.volumes, warning: failed };
      }
    }
    const entry: PodVolumes = { volumes: done?.volumes ?? volumes, ...(written ? { refreshAt: now + (this.options.refreshMs ?? 60_000) } : {}) };
    this.ready.set(uid, entry);
    return { volumes: entry.volumes };
  }

  private async setUpVolume(ctx: PayloadContext, uid: string, volume: Volume): Promise<string | undefined> {
    if (volume.hostPath) {
      checkHostPath(volume.hostPath.path, volume.hostPath.type);
      return volume.hostPath.path;
    }
    const dir = join(this.podDir(uid), 'volumes', volume.name);
    if (volume.emptyDir) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777);
      return dir;
    }
    const payload: Payload = new Map();
    if (volume.configMap) await configMapPayload(ctx, volume.configMap, volume.configMap.defaultMode ?? DEFAULT_FILE_MODE, payload);
    else if (volume.secret) await secretPayload(ctx, { ...volume.secret, name: volume.secret.secretName }, volume.secret.defaultMode ?? DEFAULT_FILE_MODE, payload);
    else if (volume.downwardAPI) downwardPayload(ctx, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode ?? DEFAULT_FILE_MODE, payload);
    else if (volume.projected) {
      for (const [path, file] of await projectedPayload(ctx, volume.name, volume.projected.sources ?? [], volume.projected.defaultMode ?? DEFAULT_FILE_MODE)) payload.set(path, file);
    } else return undefined;
    writePayload(dir, payload);
    return dir;
  }

  /** The container's volumeMounts as MountConfigs (subPath joined and created). */
  mounts(pod: Pod, container: Container, volumes: Map<string, string>): MountConfig[] {
    const kinds = new Map((pod.spec?.volumes ?? []).map((volume) => [volume.name, volume]));
    return (container.volumeMounts ?? []).map((mount) => {
      const root = volumes.get(mount.name);
      if (root === undefined) throw new Error(`cannot find volume "${mount.name}" to mount into container "${container.name}"`);
      const volume = kinds.get(mount.name);
      const alwaysReadOnly = PROJECTED_KINDS.some((kind) => volume?.[kind] !== undefined);
      let hostPath = root;
      if (mount.subPath) {
        assertRelative(mount.subPath);
        hostPath = join(root, mount.subPath);
        if (!existsSync(hostPath)) mkdirSync(hostPath, { recursive: true, mode: 0o755 });
      }
      return {
        containerPath: mount.mountPath,
        hostPath,
        readOnly: mount.readOnly === true || alwaysReadOnly,
        ...(mount.subPath ? { subPath: mount.subPath } : {}),
      };
    });
  }

  /** Removes the pod's directory (its emptyDirs and written volumes). */
  cleanUp(uid: string): void {
    this.ready.delete(uid);
    for (const key of this.tokens.keys()) if (key.startsWith(`${uid}/`)) this.tokens.delete(key);
    rmSync(this.podDir(uid), { recursive: true, force: true });
  }

  /** Removes the directories of pods not in `live` (left by an earlier run). */
  cleanOrphans(live: ReadonlySet<string>): void {
    const pods = join(this.options.rootDir, 'pods');
    if (!existsSync(pods)) return;
    for (const uid of readdirSync(pods)) if (!live.has(uid)) this.cleanUp(uid);
  }
}
