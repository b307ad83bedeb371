export { createPodmanRuntime, podmanOptionsFromConfig, type CreatePodmanRuntimeOptions, type PodmanConfig } from './create-podman-runtime.js';
export { PodmanRuntime, type PodmanRuntimeOptions } from './podman-runtime.js';
export { LibpodClient, LibpodError } from './libpod-client.js';
export { startPodmanService, type PodmanService, type PodmanServiceOptions } from './podman-service.js';
export { ExecTimeoutError } from './podman-exec.js';
