// Images by Kubernetes' imagePullPolicy: Never and IfNotPresent use a local image; Always (the
// default for `:latest` or no tag) pulls. Failures become ImagePullError as upstream reports them.
import { ImagePullError, type ContainerConfig } from '../../container-runtime.js';
import { LibpodError, readAll, type LibpodClient } from './libpod-client.js';

export type PullPolicy = NonNullable<ContainerConfig['imagePullPolicy']>;

/** Upstream's default: Always for `:latest` or an untagged image, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): PullPolicy {
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export async function imageExists(client: LibpodClient, image: string): Promise<boolean> {
  try {
    await client.json('GET', `/images/${image}/exists`);
    return true;
  } catch (error) {
    if (error instanceof LibpodError && error.status === 404) return false;
    throw error;
  }
}

export async function ensureImage(client: LibpodClient, image: string, policy: PullPolicy = defaultPullPolicy(image), pullTimeoutMs = 300_000): Promise<void> {
  if (image.trim() === '' || /[A-Z\s]/.test(image.split('@')[0].replace(/:[^/]*$/, ''))) {
    throw new ImagePullError('InvalidImageName', `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`);
  }
  if (policy !== 'Always' && (await imageExists(client, image))) return;
  if (policy === 'Never') throw new ImagePullError('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
  const failure = await pull(client, image, pullTimeoutMs);
  if (failure !== undefined) throw new ImagePullError('ErrImagePull', `failed to pull image "${image}": ${failure}`);
}

/** Pulls; returns podman's error text, or undefined once the image is there. */
async function pull(client: LibpodClient, image: string, timeoutMs: number): Promise<string | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await client.stream('POST', '/images/pull', { query: { reference: image, quiet: true }, signal });
    const lines = (await readAll(response)).split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) {
      const message = JSON.parse(line) as { error?: string };
      if (message.error) return message.error.trim();
    }
    return undefined;
  } catch (error) {
    if (signal.aborted) return `pull did not finish within ${Math.round(timeoutMs / 1000)}s`;
    return error instanceof Error ? error.message : String(error);
  }
}
