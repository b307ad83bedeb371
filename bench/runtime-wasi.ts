// WASI side of bench:runtime: filled in once the WASI runtime lands.
export async function measureWasi(_pods: number): Promise<{ version: string; samplesMs: number[] } | undefined> {
  return undefined;
}
