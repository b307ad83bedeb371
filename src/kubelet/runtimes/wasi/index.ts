// The WASI runtime: WebAssembly modules as containers (pods with runtimeClassName `wasm`).
export { configMapBinaryLoader } from './configmap-loader.js';
export { parseModuleReference, type ConfigMapBinaryLoader, type ModuleReference } from './module-source.js';
export { DEFAULT_WASM_MEMORY_CAP_BYTES, WASI_RUNTIME_VERSION, WasiRuntime, type WasiRuntimeOptions } from './wasi-runtime.js';
