// The built feira CLI as a subprocess: exact stdout, stderr and exit codes, from init to a deploy on
// a real (in-process) engenho API server.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startTestServer, type TestServer } from '../apiserver/testing/test-server.js';
import { parseCaixaSource } from '../caixa/index.js';
import { hashFields } from '../caixa/lacre/index.js';
import { renderNative, toYamlDocuments } from '../caixa/render/index.js';
import { feira, REPO_ROOT, run } from './testing/run.js';

let work: string;
let server: TestServer;
let kubeconfig: string;
const env = () => ({ FEIRA_CACHE: join(work, 'cache') });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'feira-cli-'));
  server = await startTestServer();
  kubeconfig = join(work, 'kubeconfig');
  server.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('feira: a Servico from init to deploy', () => {
  const pkg = () => join(work, 'pedidos-novos');

  it('init creates the package in its canonical layout', async () => {
    expect(await feira(['init', 'pedidos-novos', '--kind', 'Servico'], { cwd: work })).toEqual({
      code: 0,
      stdout: 'created pedidos-novos/caixa.lisp\ncreated pedidos-novos/servicos/pedidos-novos.lisp\n',
      stderr: '',
    });
    expect(await feira(['init', 'pedidos-novos'], { cwd: work })).toEqual({ code: 2, stdout: '', stderr: 'feira: pedidos-novos/caixa.lisp already exists\n' });
    expect(readFileSync(join(pkg(), 'caixa.lisp'), 'utf8')).toBe(
      [
        '(defcaixa',
        '  :nome "pedidos-novos"',
        '  :versao "0.1.0"',
        '  :kind Servico',
        '  :descricao "The pedidos-novos servico"',
        '  :licenca "Apache-2.0"',
        '  :servicos ("servicos/pedidos-novos.lisp")',
        '  :limits (:memory "64MiB" :cpu "250m" :wall-clock "30s"))',
        '',
      ].join('\n'),
    );
  });

  it('lint, fmt --check and build pass on it', async () => {
    expect(await feira(['lint'], { cwd: pkg() })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await feira(['fmt', '--check'], { cwd: pkg() })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await feira(['build'], { cwd: pkg() })).toEqual({ code: 0, stdout: 'ok: pedidos-novos 0.1.0 (Servico, 2 files read)\n', stderr: '' });
  });

  it('lock writes lacre.lisp; lock --check passes, then fails once a dependency is added', async () => {
    const raiz = hashFields([['versao-lacre', '0.1.0']]);
    expect(await feira(['lock'], { cwd: pkg(), env: env() })).toEqual({ code: 0, stdout: `wrote lacre.lisp: 0 entries, raiz ${raiz}\n`, stderr: '' });
    expect(await feira(['lock', '--check'], { cwd: pkg(), env: env() })).toEqual({ code: 0, stdout: `lacre.lisp is up to date (${raiz})\n`, stderr: '' });

    cpSync(join(REPO_ROOT, 'examples', 'biblioteca'), join(work, 'texto-util'), { recursive: true });
    const text = readFileSync(join(pkg(), 'caixa.lisp'), 'utf8');
    writeFileSync(join(pkg(), 'caixa.lisp'), text.replace('  :servicos', '  :deps ((:nome "texto-util" :versao "^0.2" :fonte (:tipo path :caminho "../texto-util")))\n  :servicos'));
    expect(await feira(['lock', '--check'], { cwd: pkg(), env: env() })).toEqual({ code: 1, stdout: '', stderr: 'lacre.lisp is stale: texto-util added (run feira lock)\n' });
    const relock = await feira(['lock'], { cwd: pkg(), env: env() });
    expect(relock.code).toBe(0);
    expect(relock.stdout).toMatch(/^wrote lacre\.lisp: 1 entry, raiz blake3:[0-9a-f]{64}\n$/);
    expect(await feira(['lock', '--check'], { cwd: pkg(), env: env() })).toMatchObject({ code: 0, stderr: '' });
    const resolved = await feira(['resolve'], { cwd: pkg(), env: env() });
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toMatch(/^pedidos-novos 0\.1\.0\n {2}texto-util 0\.2\.1 path:\.\.\/texto-util blake3:[0-9a-f]{64}\n$/);
  });

  it('render --native prints the native objects, and kubectl apply --dry-run=server accepts them', async () => {
    const rendered = await feira(['render', '--native'], { cwd: pkg() });
    const caixa = parseCaixaSource(readFileSync(join(pkg(), 'caixa.lisp'), 'utf8'), 'caixa.lisp').caixa!;
    expect(rendered).toEqual({ code: 0, stdout: toYamlDocuments(renderNative(caixa)), stderr: '' });
    expect(await run('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-f', '-'], { cwd: pkg(), input: rendered.stdout })).toEqual({
      code: 0,
      stdout: 'configmap/pedidos-novos-caixa created (server dry run)\ndeployment.apps/pedidos-novos created (server dry run)\nservice/pedidos-novos created (server dry run)\n',
      stderr: '',
    });
  });

  it('deploy --dry-run changes nothing; deploy applies with field manager feira', async () => {
    expect(await feira(['deploy', '--kubeconfig', kubeconfig, '--dry-run'], { cwd: pkg() })).toEqual({
      code: 0,
      stdout: 'configmap/pedidos-novos-caixa serverside-applied (server dry run)\ndeployment.apps/pedidos-novos serverside-applied (server dry run)\nservice/pedidos-novos serverside-applied (server dry run)\n',
      stderr: '',
    });
    expect((await server.request('GET', '/apis/apps/v1/namespaces/default/deployments/pedidos-novos')).status).toBe(404);

    expect(await feira(['deploy', '--kubeconfig', kubeconfig], { cwd: pkg() })).toEqual({
      code: 0,
      stdout: 'configmap/pedidos-novos-caixa serverside-applied\ndeployment.apps/pedidos-novos serverside-applied\nservice/pedidos-novos serverside-applied\n',
      stderr: '',
    });
    const deployment = (await server.request('GET', '/apis/apps/v1/namespaces/default/deployments/pedidos-novos')).json;
    expect(deployment.metadata.managedFields.map((f: { manager: string; operation: string }) => [f.manager, f.operation])).toEqual([['feira', 'Apply']]);
    // The API server defaults requests to the limits, as Kubernetes does.
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '250m', memory: '64Mi' }, requests: { cpu: '250m', memory: '64Mi' } });
    const configMap = (await server.request('GET', '/api/v1/namespaces/default/configmaps/pedidos-novos-caixa')).json;
    expect(YAML.parse(configMap.data['caixa.yaml'])).toEqual({
      kind: 'Servico',
      nome: 'pedidos-novos',
      versao: '0.1.0',
      servicos: ['servicos/pedidos-novos.lisp'],
      limits: { cpu: '250m', memory: '64MiB', 'wall-clock': '30s' },
    });
  });

  it('deploy into a namespace that does not exist fails with the server\'s message (exit 1)', async () => {
    expect(await feira(['deploy', '--kubeconfig', kubeconfig, '-n', 'nowhere'], { cwd: pkg() })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'feira: configmap/pedidos-novos-caixa: namespaces "nowhere" not found\n',
    });
  });

  it('chart writes lareira-<nome>/', async () => {
    expect(await feira(['chart', '--out', 'charts'], { cwd: pkg() })).toEqual({
      code: 0,
      stdout: [
        'Chart.yaml',
        'values.yaml',
        'README.md',
        'templates/configmap.yaml',
        'templates/deployment.yaml',
        'templates/service.yaml',
      ]
        .map((file) => `wrote charts/lareira-pedidos-novos/${file}\n`)
        .join(''),
      stderr: '',
    });
    expect(YAML.parse(readFileSync(join(pkg(), 'charts/lareira-pedidos-novos/Chart.yaml'), 'utf8')).name).toBe('lareira-pedidos-novos');
  });
});

describe('feira init, every kind', () => {
  for (const [kind, files] of [
    ['Biblioteca', ['lib/k-biblioteca.lisp']],
    ['Binario', ['exe/k-binario.lisp']],
    ['Servico', ['servicos/k-servico.lisp']],
    ['Supervisor', []],
    ['Aplicacao', []],
  ] as const) {
    it(`${kind}: --path DIR, and the new package passes build, lint and fmt --check`, async () => {
      const nome = `k-${kind.toLowerCase()}`;
      const dir = join(work, 'kinds', kind);
      expect(await feira(['init', nome, '--kind', kind, '--path', `kinds/${kind}`], { cwd: work })).toEqual({
        code: 0,
        stdout: ['caixa.lisp', ...files].map((file) => `created kinds/${kind}/${file}\n`).join(''),
        stderr: '',
      });
      const count = files.length + 1;
      expect(await feira(['build'], { cwd: dir })).toEqual({ code: 0, stdout: `ok: ${nome} 0.1.0 (${kind}, ${count} ${count === 1 ? 'file' : 'files'} read)\n`, stderr: '' });
      expect(await feira(['lint'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await feira(['fmt', '--check'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
    });
  }

  it('an unknown kind is a usage error', async () => {
    expect(await feira(['init', 'x', '--kind', 'Servicoo'], { cwd: work })).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: option '--kind <kind>' argument 'Servicoo' is invalid. Allowed choices are Biblioteca, Binario, Servico, Supervisor, Aplicacao.\n(run with --help for usage)\n",
    });
  });
});

describe('the examples', () => {
  for (const [example, summary] of [
    ['biblioteca', 'texto-util 0.2.1 (Biblioteca, 2 files read)'],
    ['binario', 'contador 1.0.0 (Binario, 2 files read)'],
    ['servico', 'pedidos 0.3.0 (Servico, 3 files read)'],
    ['supervisor', 'vigia 0.1.0 (Supervisor, 1 file read)'],
    ['aplicacao', 'loja 0.1.0 (Aplicacao, 1 file read)'],
  ] as const) {
    it(`examples/${example} passes build, lint and fmt --check`, async () => {
      const cwd = join(REPO_ROOT, 'examples', example);
      expect(await feira(['build'], { cwd })).toEqual({ code: 0, stdout: `ok: ${summary}\n`, stderr: '' });
      expect(await feira(['lint'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await feira(['fmt', '--check'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
    });
  }

  it('examples/servico/lacre.lisp is up to date', async () => {
    const result = await feira(['lock', '--check'], { cwd: join(REPO_ROOT, 'examples', 'servico'), env: env() });
    expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^lacre\.lisp is up to date \(blake3:[0-9a-f]{64}\)\n$/), stderr: '' });
  });
});

describe('feira render on examples/servico', () => {
  const cwd = join(REPO_ROOT, 'examples', 'servico');

  it('--native and --flux print the golden YAML; --out writes one file per object', async () => {
    const golden = (name: string) => readFileSync(join(REPO_ROOT, 'src/caixa/render/__golden__', name), 'utf8');
    expect(await feira(['render', '--native'], { cwd })).toEqual({ code: 0, stdout: golden('native/pedidos.yaml'), stderr: '' });
    expect(await feira(['render', '--native', '-n', 'loja'], { cwd })).toEqual({ code: 0, stdout: golden('native/pedidos-namespaced.yaml'), stderr: '' });
    expect(await feira(['render', '--flux', '--cluster', 'rio', '-n', 'loja'], { cwd })).toEqual({ code: 0, stdout: golden('flux/pedidos-rio.yaml'), stderr: '' });
    const out = join(work, 'flux-out');
    expect(await feira(['render', '--flux', '--cluster', 'rio', '--out', out], { cwd })).toEqual({
      code: 0,
      stdout: ['gitrepository-pedidos.yaml', 'helmrelease-pedidos.yaml', 'kustomization-pedidos-rio.yaml'].map((f) => `wrote ${join(out, f)}\n`).join(''),
      stderr: '',
    });
    expect(YAML.parse(readFileSync(join(out, 'gitrepository-pedidos.yaml'), 'utf8')).spec).toEqual({
      interval: '10m',
      url: 'https://github.com/engenho-dev/pedidos',
      ref: { tag: 'v0.3.0' },
    });
  });

  it('--helm writes the chart folder, the same files as the golden chart', async () => {
    const out = join(work, 'helm-out');
    const result = await feira(['render', '--helm', '--out', out], { cwd });
    expect(result.code).toBe(0);
    for (const file of ['Chart.yaml', 'values.yaml', 'README.md', 'templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml']) {
      expect(readFileSync(join(out, 'lareira-pedidos', file), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'src/caixa/render/__golden__/helm/lareira-pedidos', file), 'utf8'));
    }
  });
});

describe('feira: findings, usage and parse errors', () => {
  const bad = (text: string) => {
    const dir = mkdtempSync(join(work, 'bad-'));
    writeFileSync(join(dir, 'caixa.lisp'), text);
    return dir;
  };

  it('check errors exit 2 with positions on stderr', async () => {
    const dir = bad('(defcaixa :nome "x" :versao "1.0" :kind Servicoo :descricao "d")\n');
    expect(await feira(['build'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'caixa.lisp:1:29: :versao must be a semver version such as 1.2.3, got "1.0"\n' +
        'caixa.lisp:1:41: :kind must be one of Biblioteca, Binario, Servico, Supervisor, Aplicacao, got Servicoo (did you mean Servico?)\n',
    });
  });

  it('a syntax error exits 2 from lint, fmt and build', async () => {
    const dir = bad('(defcaixa :nome "x"\n');
    const expected = { code: 2, stdout: '', stderr: 'caixa.lisp:1:1: unclosed list: this ( has no matching )\n' };
    expect(await feira(['lint'], { cwd: dir })).toEqual(expected);
    expect(await feira(['fmt'], { cwd: dir })).toEqual(expected);
    expect(await feira(['build'], { cwd: dir })).toEqual(expected);
  });

  it('lint findings exit 1, as text or JSON; --rule changes severities', async () => {
    const dir = bad('(defcaixa :nome "x" :versao "1.0.0" :kind Biblioteca :descricao "FIXME later")\n');
    expect(await feira(['lint'], { cwd: dir })).toEqual({ code: 1, stdout: 'caixa.lisp:1:65: :descricao contains FIXME [warning no-fixme-descricao]\n', stderr: '' });
    expect(await feira(['lint', '--rule', 'no-fixme-descricao=error'], { cwd: dir })).toEqual({
      code: 1,
      stdout: 'caixa.lisp:1:65: :descricao contains FIXME [error no-fixme-descricao]\n',
      stderr: '',
    });
    expect(await feira(['lint', '--rule', 'no-fixme-descricao=off'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
    const json = await feira(['lint', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      errors: 0,
      warnings: 1,
      fixable: 0,
      diagnostics: [{ file: 'caixa.lisp', line: 1, column: 65, severity: 'warning', rule: 'no-fixme-descricao', message: ':descricao contains FIXME', fixable: false }],
    });
    expect(await feira(['lint', '--rule', 'nope=error'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^feira: unknown lint rule nope \(rules: kebab-case-names, .*\)\n$/),
    });
    expect(await feira(['lint', '--rule', 'explicit-kind=loud'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'feira: bad lint setting "explicit-kind=loud": expected rule=error|warning|off\n',
    });
  });

  it('lint --fix rewrites fixable findings', async () => {
    const dir = bad('(defcaixa :nome "x" :versao "1.0.0" :kind biblioteca :descricao "d")\n');
    expect(await feira(['lint', '--fix'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'caixa.lisp'), 'utf8')).toBe('(defcaixa :nome "x" :versao "1.0.0" :kind Biblioteca :descricao "d")\n');
  });

  it('fmt --check exits 1 on an unformatted file; fmt rewrites it', async () => {
    const dir = bad('(defcaixa :nome "x"   :versao "1.0.0" :kind Biblioteca :descricao "d")\n');
    expect(await feira(['fmt', '--check'], { cwd: dir })).toEqual({ code: 1, stdout: '', stderr: 'caixa.lisp: not formatted (run feira fmt)\n' });
    expect(await feira(['fmt'], { cwd: dir })).toEqual({ code: 0, stdout: 'formatted caixa.lisp\n', stderr: '' });
    expect(await feira(['fmt', '--check'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a layout finding exits 1', async () => {
    const dir = bad('(defcaixa :nome "x" :versao "1.0.0" :kind Binario :descricao "d" :exe ("exe/x.lisp"))\n');
    expect(await feira(['build'], { cwd: dir })).toEqual({ code: 1, stdout: '', stderr: 'caixa.lisp:1:66: :exe path exe/x.lisp does not exist\n' });
  });

  it('usage errors exit 2', async () => {
    const dir = bad('(defcaixa :nome "x" :versao "1.0.0" :kind Biblioteca :descricao "d")\n');
    expect(await feira(['nope'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: "error: unknown command 'nope'\n(run with --help for usage)\n" });
    expect(await feira(['render'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: 'feira: render needs exactly one of --helm, --flux, --mesh or --native\n' });
    expect(await feira(['render', '--native'], { cwd: join(REPO_ROOT, 'examples', 'biblioteca') })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'feira: render --native needs a caixa of kind Servico; "texto-util" is of kind Biblioteca\n',
    });
    expect(await feira(['init', 'Bad_Name'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'feira: package name "Bad_Name" must be kebab-case (lowercase words joined by -)\n',
    });
    expect(await feira(['lint'], { cwd: work })).toEqual({ code: 2, stdout: '', stderr: `feira: no caixa.lisp in ${work} (run feira init NAME to create a package)\n` });
    expect(await feira(['deploy', '--kubeconfig', join(dir, 'missing')], { cwd: join(REPO_ROOT, 'examples', 'servico') })).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^feira: .*missing.*\n$/),
    });
  });

  it('--help lists the commands', async () => {
    const help = await feira(['--help'], { cwd: work });
    expect(help.code).toBe(0);
    for (const command of ['init', 'lint', 'fmt', 'build', 'resolve', 'lock', 'chart', 'render', 'app', 'deploy']) expect(help.stdout).toMatch(new RegExp(`\\n  ${command} `));
  });
});

describe('feira app graph on examples/aplicacao', () => {
  const cwd = join(REPO_ROOT, 'examples', 'aplicacao');

  it('mermaid (default)', async () => {
    expect(await feira(['app', 'graph'], { cwd })).toEqual({
      code: 0,
      stdout: [
        'graph LR',
        '  vitrine["vitrine ^0.1"]',
        '  pedidos["pedidos ^0.3"]',
        '  estoque["estoque ^0.2"]',
        '  vitrine -->|"wasi:http/incoming-handler /pedidos"| pedidos',
        '  pedidos -.->|"nats:estoque estoque.reservar"| estoque',
        '  entrada(("loja.example.com:8080")) -->|"/ /api"| vitrine',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('json', async () => {
    const out = await feira(['app', 'graph', '--format', 'json'], { cwd });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      aplicacao: 'loja',
      nodes: [
        { id: 'vitrine', versao: '^0.1' },
        { id: 'pedidos', versao: '^0.3' },
        { id: 'estoque', versao: '^0.2' },
      ],
      edges: [
        { de: 'vitrine', para: 'pedidos', wit: 'wasi:http/incoming-handler', endpoint: '/pedidos', synchronous: true },
        { de: 'pedidos', para: 'estoque', wit: 'nats:estoque', subject: 'estoque.reservar', synchronous: false },
      ],
      entrada: { host: 'loja.example.com', para: 'vitrine', paths: ['/', '/api'], port: 8080 },
    });
  });

  it('dot', async () => {
    expect((await feira(['app', 'graph', '--format', 'dot'], { cwd })).stdout).toBe(
      [
        'digraph "loja" {',
        '  rankdir=LR;',
        '  "vitrine" [label="vitrine ^0.1"];',
        '  "pedidos" [label="pedidos ^0.3"];',
        '  "estoque" [label="estoque ^0.2"];',
        '  "vitrine" -> "pedidos" [label="wasi:http/incoming-handler /pedidos"];',
        '  "pedidos" -> "estoque" [label="nats:estoque estoque.reservar", style=dashed];',
        '  "entrada" [shape=doublecircle, label="loja.example.com:8080"];',
        '  "entrada" -> "vitrine" [label="/ /api"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('render --mesh matches the golden file; --policy cilium too', async () => {
    const golden = (name: string) => readFileSync(join(REPO_ROOT, 'src/caixa/render/__golden__/mesh', name), 'utf8');
    expect(await feira(['render', '--mesh'], { cwd })).toEqual({ code: 0, stdout: golden('loja-standard.yaml'), stderr: '' });
    expect(await feira(['render', '--mesh', '--policy', 'cilium', '--gateway-class', 'cilium'], { cwd })).toEqual({ code: 0, stdout: golden('loja-cilium.yaml'), stderr: '' });
  });

  it('app graph on a Servico is a usage error', async () => {
    expect(await feira(['app', 'graph'], { cwd: join(REPO_ROOT, 'examples', 'servico') })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'feira: app graph needs an Aplicacao; "pedidos" is of kind Servico\n',
    });
  });
});
