// The typed client: transports (HTTPS from a kubeconfig; in-process from the API server), the
// verbs, the watcher state machine, informers with a shared indexed cache.
export { Client, type ClientOptions } from './client.js';
export {
  ResourceClient,
  type DeleteOptions,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  type RetryOptions,
  type WatchOptions,
  type WatchStream,
  type WriteOptions,
} from './resource-client.js';
export { queryString, type QueryValue, type Transport, type TransportRequest, type TransportResponse, type TransportStream } from './transport.js';
export { HttpsTransport, type HttpsTransportOptions } from './https-transport.js';
export { Http2Transport } from './http2-transport.js';
export {
  KubeconfigError,
  loadKubeconfig,
  parseKubeconfig,
  resolveContext,
  type AuthConfig,
  type ConnectionConfig,
  type ExecConfig,
  type KubeconfigDocument,
} from './kubeconfig.js';
export { credentialSource, CredentialError, ExecCredentialSource, type CredentialSource, type Credentials } from './credentials.js';
export { ApiError, apiErrorFromResponse, isAlreadyExists, isApiError, isConflict, isGone, isNotFound } from './api-error.js';
export { collectionPath, describeResource, objectPath } from './resource-path.js';
export { objectKey, splitKey, type KubeObject, type ObjectList, type ResourceDescriptor, type WatchEvent, type WatchEventType } from './types.js';
export { decodeWatchEvents, WatchDecodeError } from './watch-stream.js';
export { Watcher, type WatcherEvent, type WatcherOptions, type WatcherState } from './watcher.js';
export { ExponentialBackoff, type BackoffOptions } from './backoff.js';
export { realClock, sleep, type Clock } from './clock.js';
export {
  defaultIndexers,
  namespaceIndex,
  nodeNameIndex,
  ObjectCache,
  ownerUidIndex,
  type CacheReader,
  type IndexFunc,
} from './cache.js';
export { Informer, type EventHandler, type InformerOptions } from './informer.js';
export { dropManagedFields, type TransformFunc } from './transforms.js';
export { EventRecorder, EventRecorderCache, type EventDetails, type EventRecorderOptions, type EventType } from './event-recorder.js';
