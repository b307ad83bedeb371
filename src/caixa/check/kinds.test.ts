import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.js';
import { parseCaixaSource } from './index.js';

const src = (...lines: string[]) => lines.join('\n');
const errors = (text: string) => parseCaixaSource(text, 'caixa.lisp').diagnostics.map(formatDiagnostic);
const at = (line: number, column: number) => ({ file: 'caixa.lisp', line, column });

const supervisor = (...lines: string[]) => src('(defcaixa :nome sup :versao 1.0.0 :kind Supervisor', ...lines);
const app = (...lines: string[]) =>
  src(
    '(defcaixa :nome loja :versao 1.0.0 :kind Aplicacao',
    '  :membros ((:caixa a :versao "^1") (:caixa b :versao "^1") (:caixa c :versao "^1"))',
    ...lines,
  );

describe('kind Supervisor', () => {
  it('reads strategy, intensity and children with defaults', () => {
    const { caixa, diagnostics } = parseCaixaSource(
      supervisor('  :restart-window 10s', '  :children ((:caixa worker :versao "^0.1") (:caixa cache :versao "1.0.0" :restart Transient)))'),
      'caixa.lisp',
    );
    expect(diagnostics).toEqual([]);
    expect(caixa?.supervisor).toEqual({
      estrategia: 'OneForOne',
      maxRestarts: 5,
      restartWindowMs: 10_000,
      restartWindow: '10s',
      children: [
        { caixa: 'worker', versao: '^0.1', restart: 'Permanent', at: at(3, 14) },
        { caixa: 'cache', versao: '1.0.0', restart: 'Transient', at: at(3, 45) },
      ],
    });
    const simple = parseCaixaSource(supervisor('  :estrategia SimpleOneForOne :max-restarts 3)'), 'caixa.lisp');
    expect(simple.diagnostics).toEqual([]);
    expect(simple.caixa?.supervisor).toEqual({ estrategia: 'SimpleOneForOne', maxRestarts: 3, children: [] });
  });

  it('SimpleOneForOne takes no static children', () => {
    expect(errors(supervisor('  :estrategia SimpleOneForOne', '  :children ((:caixa worker :versao "^0.1")))'))).toEqual([
      'caixa.lisp:3:3: :estrategia SimpleOneForOne takes no static :children (its children are started at run time)',
    ]);
  });

  it('the other strategies need a child', () => {
    expect(errors(supervisor('  :estrategia OneForAll)'))).toEqual(['caixa.lisp:1:1: :estrategia OneForAll needs at least one child in :children']);
    expect(errors(supervisor('  :children ())'))).toEqual(['caixa.lisp:2:3: :estrategia OneForOne needs at least one child in :children']);
  });

  it('checks strategy, max-restarts, restart-window and each child', () => {
    expect(
      errors(
        supervisor(
          '  :estrategia OneForOen :max-restarts 0 :restart-window 10',
          '  :children ((:caixa Worker :versao "^0.1" :restart Always) (:versao "1")))',
        ),
      ),
    ).toEqual([
      'caixa.lisp:2:15: :estrategia must be one of OneForOne, OneForAll, RestForOne, SimpleOneForOne, got OneForOen (did you mean OneForOne?)',
      'caixa.lisp:2:39: :max-restarts must be greater than 0, got 0',
      'caixa.lisp:2:57: :restart-window must be a duration such as 30s, 500ms or 1m30s, got "10"',
      'caixa.lisp:3:22: :caixa must be kebab-case (lowercase words joined by -), got "Worker"',
      'caixa.lisp:3:53: :restart must be one of Permanent, Temporary, Transient, got Always',
      'caixa.lisp:3:61: a child is missing required :caixa',
    ]);
  });

  it('supervisor fields belong to Supervisor only', () => {
    expect(errors('(defcaixa :nome a :versao 1.0.0 :kind Servico :children ())')).toEqual([
      'caixa.lisp:1:47: :children is only allowed for kind Supervisor, this caixa is Servico',
    ]);
  });
});

describe('kind Aplicacao', () => {
  it('reads members, contracts, policies, placement and entrada', () => {
    const { caixa, diagnostics } = parseCaixaSource(
      app(
        '  :contratos ((:de a :para b :wit "wasi:http/incoming-handler" :endpoint "/orders")',
        '              (:de b :para c :wit "nats:orders" :subject "orders.created")',
        '              (:de c :para a :wit "kv:cache" :slot "sessions"))',
        '  :politicas (:timeout 5s :retries 3 :circuit-breaker (:max-failures 5 :window 30s) :mtls-required #t :rate-limit "100/s")',
        '  :placement (:estrategia Sharded :clusters ("eu" "us") :affinity "zone-a" :shard-key "tenant")',
        '  :entrada (:host "shop.example.com" :para a :paths ("/" "/api")))',
      ),
      'caixa.lisp',
    );
    expect(diagnostics).toEqual([]);
    expect(caixa?.aplicacao).toEqual({
      membros: [
        { caixa: 'a', versao: '^1', at: at(2, 13) },
        { caixa: 'b', versao: '^1', at: at(2, 37) },
        { caixa: 'c', versao: '^1', at: at(2, 61) },
      ],
      contratos: [
        { de: 'a', para: 'b', wit: 'wasi:http/incoming-handler', endpoint: '/orders', synchronous: true, at: at(3, 15) },
        { de: 'b', para: 'c', wit: 'nats:orders', subject: 'orders.created', synchronous: false, at: at(4, 15) },
        { de: 'c', para: 'a', wit: 'kv:cache', slot: 'sessions', synchronous: false, at: at(5, 15) },
      ],
      politicas: { timeout: '5s', retries: 3, circuitBreaker: { maxFailures: 5, window: '30s' }, mtlsRequired: true, rateLimit: '100/s' },
      placement: { estrategia: 'Sharded', clusters: ['eu', 'us'], affinity: 'zone-a', shardKey: 'tenant' },
      entrada: { host: 'shop.example.com', para: 'a', paths: ['/', '/api'], port: 8080, at: at(8, 12) },
    });
  });

  it('contract ends must be members', () => {
    expect(errors(app('  :contratos ((:de a :para z :wit "nats:x" :subject "s")))'))).toEqual([
      'caixa.lisp:3:28: :para z is not a member of :membros (members: a, b, c)',
    ]);
    expect(errors(app('  :entrada (:host "h" :para web))'))).toEqual(['caixa.lisp:3:29: :para web is not a member of :membros (members: a, b, c)']);
  });

  it('the WIT prefix decides the extra field', () => {
    expect(
      errors(
        app(
          '  :contratos ((:de a :para b :wit "wasi:http/incoming-handler")',
          '              (:de a :para b :wit "http:orders" :subject "x")',
          '              (:de a :para c :wit "nats:orders")',
          '              (:de a :para c :wit "kafka:orders")',
          '              (:de b :para c :wit "wasi:keyvalue/store")',
          '              (:de b :para c :wit "kv:cache" :endpoint "/x")',
          '              (:de b :para c :wit "orders")))',
        ),
      ),
    ).toEqual([
      'caixa.lisp:3:15: contract a -> b over "wasi:http/incoming-handler" needs :endpoint',
      'caixa.lisp:4:15: contract a -> b over "http:orders" needs :endpoint',
      'caixa.lisp:4:49: :subject does not apply to :wit "http:orders" (it takes :endpoint)',
      'caixa.lisp:5:15: contract a -> c over "nats:orders" needs :subject',
      'caixa.lisp:6:15: contract a -> c over "kafka:orders" needs :subject',
      'caixa.lisp:7:15: contract b -> c over "wasi:keyvalue/store" needs :slot',
      'caixa.lisp:8:15: contract b -> c over "kv:cache" needs :slot',
      'caixa.lisp:8:46: :endpoint does not apply to :wit "kv:cache" (it takes :slot)',
      'caixa.lisp:9:35: :wit must name an interface such as wasi:http/incoming-handler, nats:orders or kv:cache, got "orders"',
    ]);
  });

  it('synchronous contracts must not form a cycle', () => {
    expect(
      errors(
        app(
          '  :contratos ((:de a :para b :wit "http:x" :endpoint "/x")',
          '              (:de b :para c :wit "wasi:http/incoming-handler" :endpoint "/y")',
          '              (:de c :para a :wit "http:z" :endpoint "/z")))',
        ),
      ),
    ).toEqual(['caixa.lisp:3:15: synchronous contracts form a cycle: a -> b -> c -> a']);
    // an asynchronous edge breaks the cycle
    expect(
      errors(
        app(
          '  :contratos ((:de a :para b :wit "http:x" :endpoint "/x")',
          '              (:de b :para c :wit "http:y" :endpoint "/y")',
          '              (:de c :para a :wit "nats:z" :subject "z")))',
        ),
      ),
    ).toEqual([]);
    expect(errors(app('  :contratos ((:de a :para b :wit "http:x" :endpoint "/x") (:de b :para b :wit "http:y" :endpoint "/y")))'))).toEqual([
      'caixa.lisp:3:60: synchronous contracts form a cycle: b -> b',
    ]);
  });

  it('Sharded placement needs a shard key, and only Sharded takes one', () => {
    expect(errors(app('  :placement (:estrategia Sharded :clusters ("eu")))'))).toEqual([
      'caixa.lisp:3:27: :placement :estrategia Sharded requires :shard-key',
    ]);
    expect(errors(app('  :placement (:estrategia Replicated :shard-key "t"))'))).toEqual([
      'caixa.lisp:3:38: :shard-key only applies to :estrategia Sharded (this placement is Replicated)',
    ]);
  });

  it('checks members, policies and entrada values', () => {
    expect(errors('(defcaixa :nome loja :versao 1.0.0 :kind Aplicacao)')).toEqual(['caixa.lisp:1:1: kind Aplicacao needs at least one member in :membros']);
    expect(errors(src('(defcaixa :nome loja :versao 1.0.0 :kind Aplicacao', '  :membros ((:caixa a :versao "^1") (:caixa a :versao "^2")))'))).toEqual([
      'caixa.lisp:2:45: member a is declared twice (first at 2:13)',
    ]);
    expect(
      errors(
        app(
          '  :politicas (:timeout 5 :retries -1 :circuit-breaker (:window 1m) :mtls-required 1 :rate-limit "100/d")',
          '  :entrada (:host "h" :para a :paths ("api") :port 70000))',
        ),
      ),
    ).toEqual([
      'caixa.lisp:3:24: :timeout must be a duration such as 30s, 500ms or 1m30s, got "5"',
      'caixa.lisp:3:35: :retries must be at least 0, got -1',
      'caixa.lisp:3:55: :circuit-breaker is missing required :max-failures',
      'caixa.lisp:3:83: :mtls-required must be #t or #f, got the integer 1',
      'caixa.lisp:3:97: :rate-limit must read N/s, N/m or N/h such as "100/s", got "100/d"',
      'caixa.lisp:4:38: :paths entries must start with /, got "api"',
      'caixa.lisp:4:52: :port must be at most 65535, got 70000',
    ]);
  });

  it('application fields belong to Aplicacao only', () => {
    expect(errors('(defcaixa :nome a :versao 1.0.0 :kind Supervisor :estrategia SimpleOneForOne :entrada (:host "h" :para a))')).toEqual([
      'caixa.lisp:1:78: :entrada is only allowed for kind Aplicacao, this caixa is Supervisor',
    ]);
  });
});
