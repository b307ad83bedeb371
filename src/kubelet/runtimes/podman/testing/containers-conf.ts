// Writes the containers.conf podman needs on hosts like our CI sandbox: runc (crun fails on hybrid
// cgroups) and explicit ulimits (without CAP_SYS_RESOURCE podman's defaults cannot be set).
import { writeFile } from 'node:fs/promises';

export interface ContainersConfOptions {
  runtime?: string;
  ulimits?: string[];
}

export const SANDBOX_ULIMITS = ['nofile=1024:1024', 'nproc=1000:1000'];

export function containersConf(options: ContainersConfOptions = {}): string {
  const ulimits = (options.ulimits ?? SANDBOX_ULIMITS).map((limit) => JSON.stringify(limit)).join(', ');
  return `[engine]\nruntime = ${JSON.stringify(options.runtime ?? 'runc')}\n\n[containers]\ndefault_ulimits = [${ulimits}]\n`;
}

export async function writeContainersConf(path: string, options: ContainersConfOptions = {}): Promise<string> {
  await writeFile(path, containersConf(options));
  return path;
}
