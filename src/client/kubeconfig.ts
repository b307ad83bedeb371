// Reads a kubeconfig (clusters, users, contexts) and resolves one context into the settings a
// transport needs. Relative file paths are resolved against the kubeconfig's own directory.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

const execEnvSchema = z.object({ name: z.string(), value: z.string() });

const execSchema = z
  .object({
    apiVersion: z.string(),
    command: z.string(),
    args: z.array(z.string()).nullish(),
    env: z.array(execEnvSchema).nullish(),
    provideClusterInfo: z.boolean().nullish(),
    interactiveMode: z.string().nullish(),
    installHint: z.string().nullish(),
  })
  .passthrough();

const kubeconfigSchema = z
  .object({
    'current-context': z.string().nullish(),
    clusters: z
      .array(
        z.object({
          name: z.string(),
          cluster: z
            .object({
              server: z.string(),
              'certificate-authority-data': z.string().nullish(),
              'certificate-authority': z.string().nullish(),
              'insecure-skip-tls-verify': z.boolean().nullish(),
              'tls-server-name': z.string().nullish(),
            })
            .passthrough(),
        }),
      )
      .nullish(),
    users: z
      .array(
        z.object({
          name: z.string(),
          user: z
            .object({
              'client-certificate-data': z.string().nullish(),
              'client-certificate': z.string().nullish(),
              'client-key-data': z.string().nullish(),
              'client-key': z.string().nullish(),
              token: z.string().nullish(),
              tokenFile: z.string().nullish(),
              exec: execSchema.nullish(),
            })
            .passthrough()
            .nullish(),
        }),
      )
      .nullish(),
    contexts: z
      .array(
        z.object({
          name: z.string(),
          context: z.object({ cluster: z.string(), user: z.string().nullish(), namespace: z.string().nullish() }).passthrough(),
        }),
      )
      .nullish(),
  })
  .passthrough();

export type KubeconfigDocument = z.infer<typeof kubeconfigSchema>;
export type ExecConfig = z.infer<typeof execSchema>;

export type AuthConfig =
  | { type: 'clientCertificate'; cert: string; key: string }
  | { type: 'token'; token: string }
  | { type: 'tokenFile'; path: string }
  | { type: 'exec'; exec: ExecConfig; cluster: { server: string; certificateAuthorityData?: string; insecureSkipTlsVerify: boolean } }
  | { type: 'anonymous' };

/** Everything a transport needs to reach one cluster as one user. */
export interface ConnectionConfig {
  server: string;
  /** PEM of the cluster's CA; the system roots when absent. */
  ca?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  auth: AuthConfig;
  /** The context's namespace, "default" when unset. */
  namespace: string;
  contextName: string;
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

/** Parses kubeconfig text; errors name the source and the line:col or field path at fault. */
export function parseKubeconfig(text: string, source = 'kubeconfig'): KubeconfigDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const position = lineCounter.linePos(error.pos[0]);
    const where = `${position.line}:${position.col}`;
    throw new KubeconfigError(`${source}:${where}: ${error.message.split('\n')[0]}`);
  }
  const parsed = kubeconfigSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KubeconfigError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export interface ResolveOptions {
  /** A named context instead of current-context. */
  context?: string;
  /** Directory against which relative file paths are resolved. */
  baseDir?: string;
  source?: string;
}

export function resolveContext(config: KubeconfigDocument, options: ResolveOptions = {}): ConnectionConfig {
  const source = options.source ?? 'kubeconfig';
  const base = options.baseDir ?? process.cwd();
  const contextName = options.context ?? config['current-context'] ?? undefined;
  if (contextName === undefined || contextName === '') {
    throw new KubeconfigError(`${source}: no current-context is set; name a context`);
  }
  const contexts = config.contexts ?? [];
  const context = contexts.find((entry) => entry.name === contextName)?.context;
  if (context === undefined) {
    throw new KubeconfigError(`${source}: context "${contextName}" not found (known: ${namesOf(contexts)})`);
  }
  const clusters = config.clusters ?? [];
  const cluster = clusters.find((entry) => entry.name === context.cluster)?.cluster;
  if (cluster === undefined) {
    throw new KubeconfigError(`${source}: cluster "${context.cluster}" of context "${contextName}" not found (known: ${namesOf(clusters)})`);
  }
  const users = config.users ?? [];
  let user: NonNullable<KubeconfigDocument['users']>[number]['user'] = undefined;
  if (context.user) {
    const entry = users.find((candidate) => candidate.name === context.user);
    if (entry === undefined) {
      throw new KubeconfigError(`${source}: user "${context.user}" of context "${contextName}" not found (known: ${namesOf(users)})`);
    }
    user = entry.user;
  }
  const readPath = (path: string): string => readFileSync(isAbsolute(path) ? path : resolve(base, path), 'utf8');
  const ca = cluster['certificate-authority-data']
    ? decodeBase64(cluster['certificate-authority-data'])
    : cluster['certificate-authority']
      ? readPath(cluster['certificate-authority'])
      : undefined;
  const insecureSkipTlsVerify = cluster['insecure-skip-tls-verify'] === true;
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ca,
    insecureSkipTlsVerify,
    tlsServerName: cluster['tls-server-name'] ?? undefined,
    auth: resolveAuth(user, readPath, base, { server: cluster.server, certificateAuthorityData: ca, insecureSkipTlsVerify }),
    namespace: context.namespace || 'default',
    contextName,
  };
}

function resolveAuth(
  user: NonNullable<KubeconfigDocument['users']>[number]['user'],
  readPath: (path: string) => string,
  base: string,
  cluster: { server: string; certificateAuthorityData?: string; insecureSkipTlsVerify: boolean },
): AuthConfig {
  if (!user) return { type: 'anonymous' };
  const cert = user['client-certificate-data'] ? decodeBase64(user['client-certificate-data']) : user['client-certificate'] ? readPath(user['client-certificate']) : undefined;
  const key = user['client-key-data'] ? decodeBase64(user['client-key-data']) : user['client-key'] ? readPath(user['client-key']) : undefined;
  if (cert !== undefined && key !== undefined) return { type: 'clientCertificate', cert, key };
  if (user.token) return { type: 'token', token: user.token };
  if (user.tokenFile) return { type: 'tokenFile', path: isAbsolute(user.tokenFile) ? user.tokenFile : resolve(base, user.tokenFile) };
  if (user.exec) {
    // As kubectl: a command with a path separator is relative to the kubeconfig; a bare name is looked up on PATH.
    const command = user.exec.command.includes('/') && !isAbsolute(user.exec.command) ? resolve(base, user.exec.command) : user.exec.command;
    return { type: 'exec', exec: { ...user.exec, command }, cluster };
  }
  return { type: 'anonymous' };
}

/** Reads $KUBECONFIG (its first entry) or ~/.kube/config, or the given path, and resolves a context. */
export function loadKubeconfig(options: { path?: string; context?: string } = {}): ConnectionConfig {
  const path = options.path ?? process.env.KUBECONFIG?.split(':').find((entry) => entry !== '') ?? join(homedir(), '.kube', 'config');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(error as Error).message}`);
  }
  return resolveContext(parseKubeconfig(text, path), { context: options.context, baseDir: dirname(resolve(path)), source: path });
}

function decodeBase64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

function namesOf(entries: { name: string }[]): string {
  return entries.length === 0 ? 'none' : entries.map((entry) => entry.name).join(', ');
}
