// kubectl's typed commands beyond `create <kind>`: their bodies are protobuf (Ingress, HPA, TokenRequest,
// a whole Job template copied from a CronJob) and must arrive field for field.
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/apiserver/testing/test-server.js';
import { createCertificateAuthority, issueServingCertificate } from '../../src/pki/index.js';

const run = promisify(execFile);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
let t: TestServer;
let dir: string;
let kubeconfig: string;

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 30_000 });
  return stdout.trim();
}
async function kubectlFails(...args: string[]): Promise<string> {
  try {
    await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 30_000 });
  } catch (error) {
    return (error as { stderr: string }).stderr.trim();
  }
  throw new Error(`kubectl ${args.join(' ')} succeeded`);
}
const getJson = async (...args: string[]) => JSON.parse(await kubectl('get', ...args, '-o', 'json'));

beforeAll(async () => {
  t = await startTestServer({ serviceAccountSigningKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  dir = mkdtempSync(join(tmpdir(), 'engenho-kubectl-typed-'));
  kubeconfig = join(dir, 'kubeconfig');
  t.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl typed commands with nested and inline messages', () => {
  it('creates an ingress with rules, TLS, a class and a default backend', async () => {
    await kubectl('create', 'ingress', 'site', '--class=nginx', '--rule=foo.com/api*=api:8080,tls=foo-cert', '--rule=bar.com/=web:http', '--default-backend=fallback:80', '--annotation=team=web');
    const ingress = await getJson('ingress', 'site');
    expect(ingress.metadata.annotations).toEqual({ team: 'web' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
      rules: [
        { host: 'foo.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } }] } },
        { host: 'bar.com', http: { paths: [{ path: '/', pathType: 'Exact', backend: { service: { name: 'web', port: { name: 'http' } } } }] } },
      ],
      tls: [{ hosts: ['foo.com'], secretName: 'foo-cert' }],
    });
  });

  it('autoscales a deployment (autoscaling/v1 body, served as v2 too)', async () => {
    await kubectl('create', 'deployment', 'web', '--image=nginx:1.27');
    expect(await kubectl('autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=80')).toBe('horizontalpodautoscaler.autoscaling/web autoscaled');
    const hpa = await getJson('horizontalpodautoscalers.v2.autoscaling', 'web');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  it('creates tokens for a service account, optionally bound to a pod', async () => {
    await kubectl('create', 'serviceaccount', 'bot');
    const sa = await getJson('serviceaccount', 'bot');
    const token = await kubectl('create', 'token', 'bot', '--audience=vault', '--audience=api', '--duration=15m');
    const [header, payload, signature] = token.split('.');
    const signed = verify('sha256', Buffer.from(`${header}.${payload}`), { key: createPublicKey(privateKey), dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    expect(signed).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString()).alg).toBe('ES256');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toEqual({
      aud: ['vault', 'api'],
      exp: claims.iat + 900,
      iat: claims.iat,
      nbf: claims.iat,
      iss: 'https://kubernetes.default.svc.cluster.local',
      jti: expect.any(String),
      sub: 'system:serviceaccount:default:bot',
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'bot', uid: sa.metadata.uid } },
    });

    await kubectl('run', 'worker', '--image=busybox', '--overrides={"spec":{"serviceAccountName":"bot"}}');
    const pod = await getJson('pod', 'worker');
    const bound = await kubectl('create', 'token', 'bot', '--bound-object-kind=Pod', '--bound-object-name=worker');
    const boundClaims = JSON.parse(Buffer.from(bound.split('.')[1], 'base64url').toString());
    expect(boundClaims.aud).toEqual(['https://kubernetes.default.svc.cluster.local']);
    expect(boundClaims.exp - boundClaims.iat).toBe(3600);
    expect(boundClaims['kubernetes.io'].pod).toEqual({ name: 'worker', uid: pod.metadata.uid });

    expect(await kubectlFails('create', 'token', 'bot', '--duration=5m')).toContain('may not specify a duration less than 10 minutes');
    expect(await kubectlFails('create', 'token', 'ghost')).toContain('serviceaccounts "ghost" not found');
  });

  it('creates TLS and docker-registry secrets', async () => {
    const ca = await createCertificateAuthority();
    const serving = await issueServingCertificate(ca, { commonName: 'foo.com', subjectAltNames: ['foo.com'] });
    const certFile = join(dir, 'tls.crt');
    const keyFile = join(dir, 'tls.key');
    writeFileSync(certFile, serving.certPem);
    writeFileSync(keyFile, serving.keyPem);
    await kubectl('create', 'secret', 'tls', 'foo-cert', `--cert=${certFile}`, `--key=${keyFile}`);
    const tls = await getJson('secret', 'foo-cert');
    expect(tls.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(tls.data['tls.crt'], 'base64').toString()).toBe(serving.certPem);
    expect(Buffer.from(tls.data['tls.key'], 'base64').toString()).toBe(serving.keyPem);

    await kubectl('create', 'secret', 'docker-registry', 'pull', '--docker-server=registry.example.com', '--docker-username=ci', '--docker-password=s3cret', '--docker-email=ci@example.com');
    const pull = await getJson('secret', 'pull');
    expect(pull.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(Buffer.from(pull.data['.dockerconfigjson'], 'base64').toString())).toEqual({
      auths: { 'registry.example.com': { username: 'ci', password: 's3cret', email: 'ci@example.com', auth: Buffer.from('ci:s3cret').toString('base64') } },
    });
  });

  it('creates node port and load balancer services', async () => {
    await kubectl('create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080');
    const np = await getJson('service', 'np');
    expect(np.spec).toMatchObject({ type: 'NodePort', selector: { app: 'np' }, ports: [{ name: '80-8080', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }] });
    await kubectl('create', 'service', 'loadbalancer', 'lb', '--tcp=443:8443');
    expect((await getJson('service', 'lb')).spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 443, targetPort: 8443 }] });
  });
});

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    metadata: {labels: {job: nightly}, annotations: {note: x}}
    spec:
      backoffLimit: 2
      activeDeadlineSeconds: 600
      ttlSecondsAfterFinished: 0
      podFailurePolicy:
        rules: [{action: FailJob, onExitCodes: {containerName: main, operator: In, values: [42]}}]
      template:
        metadata: {labels: {app: nightly}}
        spec:
          restartPolicy: OnFailure
          terminationGracePeriodSeconds: 0
          securityContext: {runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}, sysctls: [{name: net.core.somaxconn, value: "1024"}]}
          nodeSelector: {disk: ssd}
          tolerations:
          - {key: dedicated, operator: Equal, value: batch, effect: NoSchedule}
          - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a, b]}]}]
              preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10, preference: {matchExpressions: [{key: gpu, operator: DoesNotExist}]}}]
            podAffinity:
              requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, labelSelector: {matchExpressions: [{key: app, operator: In, values: [db]}]}}]
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: nightly}}}}]
          topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: nightly}}}]
          initContainers: [{name: init, image: "busybox:1.36", command: [sh, -c, echo init]}]
          containers:
          - name: main
            image: busybox:1.36
            command: [sh, -c]
            args: [run-report --out /out]
            workingDir: /work
            ports: [{name: metrics, containerPort: 9090}]
            env:
            - {name: MODE, value: nightly}
            - {name: DB_HOST, valueFrom: {configMapKeyRef: {name: settings, key: db-host}}}
            - {name: DB_PASS, valueFrom: {secretKeyRef: {name: creds, key: password, optional: true}}}
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
            envFrom: [{configMapRef: {name: settings}}, {prefix: S_, secretRef: {name: creds, optional: true}}]
            resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "1", memory: 128Mi}}
            volumeMounts:
            - {name: scratch, mountPath: /work}
            - {name: config, mountPath: /etc/app, readOnly: true}
            - {name: data, mountPath: /data, subPath: reports}
            livenessProbe: {httpGet: {path: /healthz, port: metrics, httpHeaders: [{name: X-Probe, value: "1"}]}, initialDelaySeconds: 5, periodSeconds: 10}
            readinessProbe: {exec: {command: [cat, /tmp/ready]}, failureThreshold: 3}
            startupProbe: {tcpSocket: {port: 9090}, timeoutSeconds: 2}
            lifecycle:
              preStop: {exec: {command: [sh, -c, sleep 1]}}
              postStart: {httpGet: {path: /started, port: 9090}}
            securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}
          - {name: sidecar, image: "envoy:v1", readinessProbe: {grpc: {port: 9901}}}
          volumes:
          - {name: scratch, emptyDir: {}}
          - {name: cache, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
          - {name: config, configMap: {name: settings, items: [{key: app.yaml, path: app.yaml}], defaultMode: 420}}
          - {name: creds, secret: {secretName: creds, defaultMode: 256, optional: true}}
          - {name: data, persistentVolumeClaim: {claimName: reports}}
          - {name: host, hostPath: {path: /var/log, type: Directory}}
          - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
          - name: bundle
            projected:
              sources:
              - configMap: {name: settings}
              - secret: {name: creds}
              - serviceAccountToken: {audience: vault, expirationSeconds: 3600, path: token}
              - downwardAPI: {items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
`;

describe('kubectl create job --from=cronjob', () => {
  it('copies a realistic template field for field', async () => {
    writeFileSync(join(dir, 'cronjob.yaml'), CRONJOB);
    await kubectl('apply', '-f', join(dir, 'cronjob.yaml'));
    expect(await kubectl('create', 'job', 'nightly-manual', '--from=cronjob/nightly')).toBe('job.batch/nightly-manual created');
    const cronjob = await getJson('cronjob', 'nightly');
    const job = await getJson('job', 'nightly-manual');
    const template = cronjob.spec.jobTemplate.spec.template;
    const podSpec = template.spec;
    // The stored CronJob kept what was applied (so the comparison below is not vacuous) ...
    expect(podSpec.volumes.map((v: { name: string }) => v.name)).toEqual(['scratch', 'cache', 'config', 'creds', 'data', 'host', 'info', 'bundle']);
    expect(podSpec.volumes[0]).toEqual({ name: 'scratch', emptyDir: {} });
    expect(podSpec.containers[0].livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'metrics', httpHeaders: [{ name: 'X-Probe', value: '1' }] }, initialDelaySeconds: 5 });
    expect(podSpec.containers[1].readinessProbe).toMatchObject({ grpc: { port: 9901 } });
    expect(podSpec.tolerations[1]).toEqual({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 });
    expect(podSpec.terminationGracePeriodSeconds).toBe(0);
    // ... and the Job kubectl sent as protobuf carries every field of it.
    expect(job.spec.template.spec).toEqual(podSpec);
    expect(job.spec.template.metadata.labels).toMatchObject(template.metadata.labels);
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 0, podFailurePolicy: cronjob.spec.jobTemplate.spec.podFailurePolicy });
    expect(job.metadata.labels).toEqual({ job: 'nightly' });
    expect(job.metadata.annotations).toEqual({ note: 'x', 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: cronjob.metadata.uid, controller: true }]);
  });
});
