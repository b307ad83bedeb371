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

// Clusters run a few images: each ID is hashed once and its string shared by every container.
const imageIDs = new Map<string, string>();
const imageIDsLimit = 1000;

export function simImageID(image: string): string {
  const known = imageIDs.get(image);
  if (known !== undefined) return known;
  if (imageIDs.size >= imageIDsLimit) imageIDs.clear();
  const id = computeImageID(image);
  imageIDs.set(image, id);
  return id;
}

function computeImageID(image: string): string {
  const normalized = normalizeImage(image);
  const at = normalized.indexOf('@');
  const repository = at !== -1 ? normalized.slice(0, at) : normalized.slice(0, normalized.lastIndexOf(':'));
  return `${repository}@sha256:${createHash('sha256').update(normalized).digest('hex')}`;
}
