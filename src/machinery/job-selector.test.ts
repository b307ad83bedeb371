import { describe, expect, it } from 'vitest';
import { withGeneratedJobSelector } from './job-selector.js';
import { validateBuiltin } from './validate-builtins.js';

describe('withGeneratedJobSelector', () => {
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'u-1' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
  };

  it('labels pods with the job name and uid and selects the uid, as upstream', () => {
    const generated = withGeneratedJobSelector(job) as unknown as { spec: Record<string, unknown> & { template: { metadata: unknown } } };
    expect(generated.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(generated.spec.template.metadata).toEqual({
      labels: {
        'job-name': 'pi',
        'batch.kubernetes.io/job-name': 'pi',
        'controller-uid': 'u-1',
        'batch.kubernetes.io/controller-uid': 'u-1',
      },
    });
    expect(validateBuiltin({ group: 'batch', kind: 'Job' }, generated)).toEqual([]);
    expect(job.spec).not.toHaveProperty('selector');
  });

  it('a selector that does not match the template labels is invalid', () => {
    const generated = withGeneratedJobSelector(job) as unknown as { spec: { selector: { matchLabels: Record<string, string> } } };
    generated.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'] = 'other';
    expect(validateBuiltin({ group: 'batch', kind: 'Job' }, generated).map((e) => e.field)).toEqual(['spec.template.metadata.labels']);
  });

  it('leaves manual selectors alone', () => {
    const manual = { ...job, spec: { ...job.spec, manualSelector: true, selector: { matchLabels: { a: 'b' } } } };
    expect(withGeneratedJobSelector(manual)).toEqual(manual);
  });
});
