// Where a request's identity comes from: a fixed token, a token file re-read on every request (so
// rotated service account tokens are picked up), an exec credential plugin, a client certificate,
// or nothing at all (anonymous).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { realClock, type Clock } from './clock.js';
import type { AuthConfig, ExecConfig } from './kubeconfig.js';

export interface Credentials {
  /** A bearer token, when the identity is one. */
  token?: string;
  /** A client certificate and key (PEM), when the identity is one. */
  cert?: string;
  key?: string;
}

export interface CredentialSource {
  current(): Promise<Credentials>;
  /** Called after a 401: cached credentials are dropped so the next call fetches fresh ones. */
  invalidate(): void;
}

export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

export function credentialSource(auth: AuthConfig, options: { clock?: Clock } = {}): CredentialSource {
  switch (auth.type) {
    case 'anonymous':
      return fixed({});
    case 'token':
      return fixed({ token: auth.token });
    case 'clientCertificate':
      return fixed({ cert: auth.cert, key: auth.key });
    case 'tokenFile':
      return tokenFileSource(auth.path);
    case 'exec':
      return new ExecCredentialSource(auth.exec, auth.cluster, options.clock ?? realClock);
  }
}

function fixed(credentials: Credentials): CredentialSource {
  return { current: async () => credentials, invalidate: () => undefined };
}

function tokenFileSource(path: string): CredentialSource {
  return {
    async current() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new CredentialError(`cannot read token file ${path}: ${(error as Error).message}`);
      }
      const token = text.trim();
      if (token === '') throw new CredentialError(`token file ${path} is empty`);
      return { token };
    },
    invalidate: () => undefined,
  };
}

const execApiVersion = 'client.authentication.k8s.io/v1';

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/** Runs a client.authentication.k8s.io/v1 exec plugin and caches its answer until it expires. */
export class ExecCredentialSource implements CredentialSource {
  private cached?: { credentials: Credentials; expiresAt?: number };
  private pending?: Promise<Credentials>;

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: { server: string; certificateAuthorityData?: string; insecureSkipTlsVerify: boolean },
    private readonly clock: Clock = realClock,
  ) {
    if (exec.apiVersion !== execApiVersion) {
      throw new CredentialError(`exec plugin ${exec.command}: apiVersion ${exec.apiVersion} is not supported (use ${execApiVersion})`);
    }
    if (exec.interactiveMode === 'Always') {
      throw new CredentialError(`exec plugin ${exec.command}: interactiveMode Always needs a terminal, which a client library has not`);
    }
  }

  async current(): Promise<Credentials> {
    const cached = this.cached;
    if (cached !== undefined && (cached.expiresAt === undefined || cached.expiresAt > this.clock.now())) return cached.credentials;
    this.pending ??= this.run().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async run(): Promise<Credentials> {
    const spec: Record<string, unknown> = { interactive: false };
    if (this.exec.provideClusterInfo) {
      spec.cluster = {
        server: this.cluster.server,
        'certificate-authority-data': this.cluster.certificateAuthorityData
          ? Buffer.from(this.cluster.certificateAuthorityData).toString('base64')
          : undefined,
        'insecure-skip-tls-verify': this.cluster.insecureSkipTlsVerify,
      };
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const entry of this.exec.env ?? []) env[entry.name] = entry.value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion: execApiVersion, kind: 'ExecCredential', spec });
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(this.exec.command, this.exec.args ?? [], { env, timeout: 60_000, maxBuffer: 1 << 20 }, (error, out, err) => {
        if (error) {
          const hint = this.exec.installHint ? `\n${this.exec.installHint}` : '';
          reject(new CredentialError(`exec plugin ${this.exec.command} failed: ${error.message.trim()}${err ? `: ${String(err).trim()}` : ''}${hint}`));
        } else resolve(String(out));
      });
    });
    const status = this.parse(stdout);
    const credentials: Credentials = status.token
      ? { token: status.token }
      : { cert: status.clientCertificateData, key: status.clientKeyData };
    const expiresAt = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : undefined;
    this.cached = { credentials, expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt };
    return credentials;
  }

  private parse(stdout: string): ExecCredentialStatus {
    let document: { apiVersion?: string; kind?: string; status?: ExecCredentialStatus };
    try {
      document = JSON.parse(stdout);
    } catch (error) {
      throw new CredentialError(`exec plugin ${this.exec.command}: output is not JSON: ${(error as Error).message}`);
    }
    if (document.kind !== 'ExecCredential' || document.apiVersion !== execApiVersion) {
      throw new CredentialError(`exec plugin ${this.exec.command}: expected kind ExecCredential of ${execApiVersion}, got ${document.kind} of ${document.apiVersion}`);
    }
    const status = document.status ?? {};
    const hasCert = Boolean(status.clientCertificateData) && Boolean(status.clientKeyData);
    if (!status.token && !hasCert) {
      throw new CredentialError(`exec plugin ${this.exec.command}: status has neither token nor clientCertificateData and clientKeyData`);
    }
    return status;
  }
}
