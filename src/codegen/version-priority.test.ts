import { describe, expect, it } from 'vitest';
import { compareVersionPriority, isGeneralAvailability } from './version-priority.js';

describe('compareVersionPriority', () => {
  it('orders as Kubernetes does: GA, then beta, then alpha, higher numbers first, others last', () => {
    const versions = ['v1alpha1', 'v1beta1', 'foo', 'v1', 'v2beta2', 'v10', 'v1alpha3', 'v2', 'v11alpha2', 'bar', 'v1beta2'];
    expect([...versions].sort(compareVersionPriority)).toEqual([
      'v10', 'v2', 'v1', 'v2beta2', 'v1beta2', 'v1beta1', 'v11alpha2', 'v1alpha3', 'v1alpha1', 'bar', 'foo',
    ]);
  });

  it('tells GA versions from alpha, beta and others', () => {
    expect(['v1', 'v2', 'v1beta1', 'v1alpha3', 'foo'].map(isGeneralAvailability)).toEqual([true, true, false, false, false]);
  });
});
