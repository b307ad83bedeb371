import { describe, expect, it } from 'vitest';
import { describePin, gitUrl } from './git.js';

describe('gitUrl', () => {
  it('maps hosted shorthands to https clone URLs', () => {
    expect(gitUrl('github:engenho-dev/pedidos', '/pkg')).toBe('https://github.com/engenho-dev/pedidos.git');
    expect(gitUrl('gitlab:o/r.git', '/pkg')).toBe('https://gitlab.com/o/r.git');
    expect(gitUrl('codeberg:o/r', '/pkg')).toBe('https://codeberg.org/o/r.git');
  });

  it('keeps URLs and scp-style remotes, and turns paths into file:// URLs relative to the package', () => {
    expect(gitUrl('https://example.com/x.git', '/pkg')).toBe('https://example.com/x.git');
    expect(gitUrl('file:///srv/x', '/pkg')).toBe('file:///srv/x');
    expect(gitUrl('git@example.com:o/r.git', '/pkg')).toBe('git@example.com:o/r.git');
    expect(gitUrl('../x', '/work/pkg')).toBe('file:///work/x');
    expect(gitUrl('/srv/y', '/work/pkg')).toBe('file:///srv/y');
  });

  it('describes a pin by the one field given', () => {
    expect([describePin({ tag: 'v1' }), describePin({ rev: 'abc1' }), describePin({ branch: 'main' }), describePin({})]).toEqual([
      'tag=v1',
      'rev=abc1',
      'branch=main',
      'unpinned',
    ]);
  });
});
