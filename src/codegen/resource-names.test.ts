import { describe, expect, it } from 'vitest';
import { resources } from '../api/index.js';
import { namesOf, RESOURCE_NAMES } from './resource-names.js';

describe('short names and categories table', () => {
  it('names only resources that exist in the registry', () => {
    const known = new Set(resources.map(({ group, plural }) => `${group}/${plural}`));
    expect(Object.keys(RESOURCE_NAMES).filter((key) => !known.has(key))).toEqual([]);
  });

  it('gives no two resources of different groups the same short name, except events (core and events.k8s.io, as upstream)', () => {
    const owners = new Map<string, Set<string>>();
    for (const { group, plural, shortNames } of resources) {
      for (const shortName of shortNames) owners.set(shortName, (owners.get(shortName) ?? new Set()).add(`${group}/${plural}`));
    }
    const shared = [...owners].filter(([, groups]) => groups.size > 1).map(([shortName, groups]) => [shortName, [...groups]]);
    expect(shared).toEqual([['ev', ['/events', 'events.k8s.io/events']]]);
  });

  it('returns fresh arrays, empty for unlisted resources', () => {
    expect(namesOf('', 'secrets')).toEqual({ shortNames: [], categories: [] });
    const first = namesOf('apps', 'deployments');
    first.shortNames.push('x');
    expect(namesOf('apps', 'deployments')).toEqual({ shortNames: ['deploy'], categories: ['all'] });
  });
});
