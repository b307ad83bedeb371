// Public face of src/config: the EngenhoConfig type, the tiered loader and the renderers.
export { CONTROLLER_NAMES, engenhoConfigSchema } from './schema.js';
export type { ControllerName, EngenhoConfig } from './schema.js';
export { DEFAULT_DATA_DIR, defaultLayer } from './defaults.js';
export { loadConfig, locateConfigFile, validateConfigFile } from './load-config.js';
export type { LoadConfigOptions, LoadedConfig } from './load-config.js';
export { CONFIG_FILE_ENV, envNameFor } from './env-layer.js';
export { CONFIG_FLAGS } from './flag-layer.js';
export type { ConfigFlag } from './flag-layer.js';
export { ConfigError, CONFIG_ERROR_EXIT_CODE, isConfigError } from './errors.js';
export { formatSource } from './sources.js';
export type { SourceMap, ValueSource } from './sources.js';
export { configLeaves } from './schema-walk.js';
export type { ConfigLeaf } from './schema-walk.js';
export { renderConfig } from './render-config.js';
export type { ConfigOutputFormat } from './render-config.js';
