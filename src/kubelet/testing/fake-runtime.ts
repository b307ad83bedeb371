// Test support only: the sim runtime with the switches of a real one (probes, volumes), that records
// what the kubelet asked of it and fails or answers on the test's say.
import type { ContainerConfig, ContainerRecord, ExecResult, SandboxConfig, SandboxStatus } from '../container-runtime.js';
import { SimRuntime, type SimRuntimeOptions } from '../runtimes/sim/sim-runtime.js';

export class FakeRuntime extends SimRuntime {
  readonly runsProbes = true;
  readonly mountsVolumes = true;
  /** Every config runPodSandbox got, in order. */
  readonly sandboxConfigs: SandboxConfig[] = [];
  /** Every config startContainer got, in order. */
  readonly starts: ContainerConfig[] = [];
  /** Every stopContainer call: container name and grace period. */
  readonly stops: { name: string; grace: number }[] = [];
  readonly execs: { name: string; command: string[]; timeoutMs?: number }[] = [];
  /** Thrown by startContainer for a container of that name (until deleted). */
  readonly failStart = new Map<string, Error>();
  /** Warnings reported on the started container of that name. */
  readonly warnings = new Map<string, string[]>();
  /** Answers exec for a container of that name (default exit 0). */
  execAnswer: (name: string, command: string[]) => ExecResult | Error = () => ({ exitCode: 0, stdout: '', stderr: '' });
  /** uids passed to recover. */
  recovered?: string[];
  private readonly names = new Map<string, string>();

  constructor(options: SimRuntimeOptions) {
    super(options);
  }

  override async runPodSandbox(config: SandboxConfig): Promise<SandboxStatus> {
    this.sandboxConfigs.push(config);
    return super.runPodSandbox(config);
  }

  override async startContainer(sandboxId: string, config: ContainerConfig): Promise<ContainerRecord> {
    this.starts.push(config);
    const failure = this.failStart.get(config.name);
    if (failure) throw failure;
    const record = await super.startContainer(sandboxId, config);
    this.names.set(record.id, config.name);
    const warnings = this.warnings.get(config.name);
    return warnings ? { ...record, warnings } : record;
  }

  override async stopContainer(containerId: string, gracePeriodSeconds?: number): Promise<void> {
    this.stops.push({ name: this.names.get(containerId) ?? containerId, grace: gracePeriodSeconds ?? -1 });
    await super.stopContainer(containerId);
  }

  override async exec(containerId: string, command: string[], options?: { timeoutMs?: number }): Promise<ExecResult> {
    const name = this.names.get(containerId) ?? containerId;
    this.execs.push({ name, command, ...(options?.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
    const answer = this.execAnswer(name, command);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async recover(live: ReadonlySet<string>): Promise<void> {
    this.recovered = [...live].sort();
  }
}
