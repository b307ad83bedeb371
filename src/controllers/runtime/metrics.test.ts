import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics.js';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const total = registry.counter('controller_runtime_reconcile_total', 'Total number of reconciliations per controller');
    total.inc({ controller: 'rs', result: 'success' });
    total.inc({ controller: 'rs', result: 'success' }, 2);
    registry.gauge('workqueue_depth', 'Current depth of workqueue').set({ name: 'rs' }, 4);
    const time = registry.histogram('controller_runtime_reconcile_time_seconds', 'Length of time per reconciliation', [0.1, 1]);
    time.observe({ controller: 'rs' }, 0.05);
    time.observe({ controller: 'rs' }, 0.5);
    time.observe({ controller: 'rs' }, 3);
    registry.counter('odd_total', 'Label "quotes"\nand lines').inc({ path: 'a"b\\c' });
    expect(registry.render()).toBe(
      [
        '# HELP controller_runtime_reconcile_time_seconds Length of time per reconciliation',
        '# TYPE controller_runtime_reconcile_time_seconds histogram',
        'controller_runtime_reconcile_time_seconds_bucket{controller="rs",le="0.1"} 1',
        'controller_runtime_reconcile_time_seconds_bucket{controller="rs",le="1"} 2',
        'controller_runtime_reconcile_time_seconds_bucket{controller="rs",le="+Inf"} 3',
        'controller_runtime_reconcile_time_seconds_sum{controller="rs"} 3.55',
        'controller_runtime_reconcile_time_seconds_count{controller="rs"} 3',
        '# HELP controller_runtime_reconcile_total Total number of reconciliations per controller',
        '# TYPE controller_runtime_reconcile_total counter',
        'controller_runtime_reconcile_total{controller="rs",result="success"} 3',
        '# HELP odd_total Label "quotes"\\nand lines',
        '# TYPE odd_total counter',
        'odd_total{path="a\\"b\\\\c"} 1',
        '# HELP workqueue_depth Current depth of workqueue',
        '# TYPE workqueue_depth gauge',
        'workqueue_depth{name="rs"} 4',
        '',
      ].join('\n'),
    );
  });

  it('returns the registered family again and refuses a name reused for another type', () => {
    const registry = new MetricsRegistry();
    expect(registry.counter('x_total', 'x')).toBe(registry.counter('x_total', 'x'));
    expect(() => registry.gauge('x_total', 'x')).toThrow('metric x_total is already registered as a counter');
    expect(() => registry.counter('x_total', 'x').inc({}, -1)).toThrow(/cannot decrease/);
  });
});
