// Image references as a containerd-backed kubelet reports them: `nginx` -> docker.io/library/nginx:latest,
// and an image ID made of the repository and a digest (here derived from the name, stable).
import { createHash } from 'node:crypto';

export function normalizeImage(image: string): string {
  let name = image;
  const firstSlash = name.indexOf('/');
  const first = firstSlash === -1 ? '' : name.slice(0, firstSlash);
  if (firstSlash === -1) name = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') name = `docker.io/${name}`;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !name.includes('@')) name = `${name}:latest`;
  return name;
}

export function simImageID(image: string): string {
  const normalized = normalizeImage(image);
  const at = normalized.indexOf('@');
  const repository = at !== -1 ? normalized.slice(0, at) : normalized.slice(0, normalized.lastIndexOf(':'));
  return `${repository}@sha256:${createHash('sha256').update(normalized).digest('hex')}`;
}
