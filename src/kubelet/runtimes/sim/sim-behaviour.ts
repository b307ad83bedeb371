// What a simulated container does, read from the pod's annotations:
//   sim.engenho.io/exit-after-seconds   exit this long after starting (regular containers; unset = run forever)
//   sim.engenho.io/exit-code            the exit code then (default 0)
// Each also exists per container, suffixed with `.<container name>` (wins over the pod-wide one; the
// only form init containers read — they exit 0 at once unless told otherwise).
import type { ContainerConfig } from '../../container-runtime.js';

export const EXIT_AFTER_ANNOTATION = 'sim.engenho.io/exit-after-seconds';
export const EXIT_CODE_ANNOTATION = 'sim.engenho.io/exit-code';

export interface SimBehaviour {
  /** Seconds after start when the process exits; undefined = keeps running. */
  exitAfterSeconds?: number;
  exitCode: number;
}

function read(config: ContainerConfig, key: string): string | undefined {
  const own = config.annotations[`${key}.${config.name}`];
  if (own !== undefined) return own;
  return config.init ? undefined : config.annotations[key];
}

function nonNegativeNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function simBehaviour(config: ContainerConfig): SimBehaviour {
  const exitCodeText = read(config, EXIT_CODE_ANNOTATION);
  const exitCode = exitCodeText !== undefined && /^\d+$/.test(exitCodeText.trim()) ? Number(exitCodeText) % 256 : 0;
  const exitAfterSeconds = nonNegativeNumber(read(config, EXIT_AFTER_ANNOTATION)) ?? (config.init ? 0 : undefined);
  return { exitAfterSeconds, exitCode };
}
