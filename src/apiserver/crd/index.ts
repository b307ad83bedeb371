// CustomResourceDefinitions: watch CRDs in the store and serve their resources.
import type { ApiContext } from '../context.js';

export function startCrdServing(ctx: ApiContext): { stop(): Promise<void> } {
  void ctx;
  return { async stop() {} };
}
