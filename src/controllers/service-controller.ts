// config name "service": the controllers that follow Services' selectors — Endpoints and
// EndpointSlices — sharing one pod-to-service index. (ClusterIPs and node ports are allocated by
// the API server on create, as upstream: src/apiserver/handlers/service-allocation.ts.)
import type { Service } from '../api/index.js';
import type { ControllerFactory } from './controller-context.js';
import { endpointsController } from './endpoints-controller.js';
import { endpointSliceController } from './endpointslice-controller.js';
import { PodServiceIndex } from './service-backends.js';

export const serviceController: ControllerFactory = (context) => {
  const services = context.manager.informer<Service>('v1', 'services');
  const index = new PodServiceIndex((namespace) => services.cache.byIndex('namespace', namespace));
  return [endpointsController(context, index), endpointSliceController(context, index)];
};
