// Where a WASI container's module comes from: its `image` names it. Two forms (documented in
// docs/kubelet.md): `file:///abs/path.wasm`, a file on the node, and `configmap:<name>/<key>`, a
// key of a ConfigMap's binaryData in the pod's namespace, read through a loader the kubelet gives
// (the runtime never talks to the API itself). Anything else cannot be pulled.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ImagePullError } from '../../container-runtime.js';

/** Reads `binaryData[key]` of ConfigMap `namespace/name`; rejects when the ConfigMap or key is missing. */
export type ConfigMapBinaryLoader = (namespace: string, name: string, key: string) => Promise<Uint8Array>;

export type ModuleReference = { kind: 'file'; path: string } | { kind: 'configmap'; name: string; key: string };

const FORMS = 'file:///abs/path.wasm or configmap:<name>/<key>';

export function parseModuleReference(image: string): ModuleReference {
  if (image.startsWith('file://')) {
    let path: string;
    try {
      path = fileURLToPath(image);
    } catch (error) {
      throw new ImagePullError('ErrImagePull', `image "${image}" is not a valid file URL (${error instanceof Error ? error.message : String(error)}); a WebAssembly image is ${FORMS}`);
    }
    return { kind: 'file', path };
  }
  if (image.startsWith('configmap:')) {
    const rest = image.slice('configmap:'.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? '' : rest.slice(0, slash);
    const key = slash === -1 ? '' : rest.slice(slash + 1);
    if (name === '' || key === '' || key.includes('/')) {
      throw new ImagePullError('ErrImagePull', `image "${image}" names no ConfigMap key; a WebAssembly image is ${FORMS}`);
    }
    return { kind: 'configmap', name, key };
  }
  throw new ImagePullError('ErrImagePull', `image "${image}" is not a WebAssembly module reference; a WebAssembly image is ${FORMS}`);
}

/** The module's bytes, or an ImagePullError saying why they cannot be had. */
export async function loadModuleBytes(image: string, namespace: string, loadConfigMapBinary?: ConfigMapBinaryLoader): Promise<Uint8Array> {
  const reference = parseModuleReference(image);
  if (reference.kind === 'file') {
    try {
      return await readFile(reference.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file on this node' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      throw new ImagePullError('ErrImagePull', `WebAssembly module ${reference.path} cannot be read: ${why}`);
    }
  }
  if (!loadConfigMapBinary) {
    throw new ImagePullError('ErrImagePull', `image "${image}": this node's WASI runtime has no ConfigMap loader; use a file:// image`);
  }
  try {
    return await loadConfigMapBinary(namespace, reference.name, reference.key);
  } catch (error) {
    throw new ImagePullError('ErrImagePull', `WebAssembly module from ConfigMap ${namespace}/${reference.name} key "${reference.key}" cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}
