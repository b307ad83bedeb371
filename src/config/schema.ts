// The shape of EngenhoConfig. Every key is validated here; defaults live in defaults.ts so that
// the loader can tell a prescribed default from a value someone set.
import { isIP } from 'node:net';
import { z } from 'zod';

export const CONTROLLER_NAMES = [
  'namespace',
  'garbagecollector',
  'replicaset',
  'deployment',
  'statefulset',
  'daemonset',
  'job',
  'cronjob',
  'service',
  'serviceaccount',
  'nodelifecycle',
  'disruption',
  'podgc',
] as const;
export type ControllerName = (typeof CONTROLLER_NAMES)[number];

const nonEmpty = z.string().min(1, 'expected a non-empty string');

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a DNS label (lowercase letters, digits and "-", at most 63)');

const dnsSubdomain = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'expected a DNS subdomain such as "cluster.local"',
  );

const cidr = z.string().refine(isCidr, 'expected a CIDR such as "10.42.0.0/16"');

function isCidr(text: string): boolean {
  const [address, bits, extra] = text.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(address);
  if (family === 0) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const ipAddress = z.string().refine((text) => isIP(text) !== 0, 'expected an IP address such as "127.0.0.1" or "0.0.0.0"');

const port = z.number().int('expected an integer').min(0, 'expected a port 0-65535 (0 = random)').max(65535, 'expected a port 0-65535 (0 = random)');

const nonNegativeInt = z.number().int('expected an integer').min(0, 'expected an integer >= 0');

const etcdEndpoint = z
  .string()
  .regex(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, 'expected an etcd endpoint URL such as "http://127.0.0.1:2379"');

const etcdTls = z
  .object({ ca: nonEmpty, cert: nonEmpty.optional(), key: nonEmpty.optional() })
  .strict()
  .refine((tls) => (tls.cert === undefined) === (tls.key === undefined), {
    message: 'expected cert and key together (both for client authentication, or neither)',
  });

export const engenhoConfigSchema = z
  .object({
    dataDir: nonEmpty,
    cluster: z
      .object({ name: dnsLabel, clusterCIDR: cidr, serviceCIDR: cidr, clusterDomain: dnsSubdomain })
      .strict(),
    server: z
      .object({ bindAddress: ipAddress, port, tlsDir: nonEmpty, extraSANs: z.array(nonEmpty) })
      .strict(),
    store: z
      .object({
        sqlite: z.object({ path: nonEmpty }).strict().optional(),
        etcd: z
          .object({ endpoints: z.array(etcdEndpoint).min(1, 'expected at least one endpoint'), tls: etcdTls.optional() })
          .strict()
          .optional(),
        compaction: z.object({ intervalSeconds: nonNegativeInt, retainRevisions: nonNegativeInt }).strict(),
      })
      .strict(),
    scheduler: z
      .object({
        enabled: z.boolean(),
        schedulerName: dnsSubdomain,
        percentageOfNodesToScore: z.number().int('expected an integer').min(1, 'expected 1-100').max(100, 'expected 1-100'),
      })
      .strict(),
    controllers: z.object(Object.fromEntries(CONTROLLER_NAMES.map((name) => [name, z.boolean()])) as Record<ControllerName, z.ZodBoolean>).strict(),
    kubelet: z
      .object({
        nodes: z.number().int('expected an integer').min(0, 'expected 0-1000 nodes').max(1000, 'expected 0-1000 nodes'),
        runtime: z.enum(['sim', 'podman']),
        serverPort: port,
        rootDir: nonEmpty,
        podman: z
          .object({ binary: nonEmpty, socket: z.string(), network: nonEmpty, containersConf: z.string(), ociRuntime: z.string(), root: z.string(), runRoot: z.string() })
          .strict(),
      })
      .strict(),
    logging: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
        format: z.enum(['auto', 'pretty', 'json']),
      })
      .strict(),
  })
  .strict();

export type EngenhoConfig = z.infer<typeof engenhoConfigSchema>;
