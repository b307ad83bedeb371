import type { ControllerFactory } from './controller-context.js';

// Placeholder until the controller lands (same commit series).
export const garbageCollectorController: ControllerFactory = () => [];
