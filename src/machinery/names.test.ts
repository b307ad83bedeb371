import { describe, expect, it } from 'vitest';
import {
  annotationsSize,
  generateNameFrom,
  nameSuffixAlphabet,
  validateDNS1035Label,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabelValue,
  validatePathSegmentName,
  validateQualifiedName,
} from './names.js';

const subdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('DNS names', () => {
  it('accepts valid subdomains and rejects others with the upstream message', () => {
    expect(validateDNS1123Subdomain('example.com')).toEqual([]);
    expect(validateDNS1123Subdomain('a')).toEqual([]);
    expect(validateDNS1123Subdomain('Foo')).toEqual([subdomainMessage]);
    expect(validateDNS1123Subdomain('-a')).toEqual([subdomainMessage]);
    expect(validateDNS1123Subdomain('a..b')).toEqual([subdomainMessage]);
    expect(validateDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  it('labels: 63 characters, no dots', () => {
    expect(validateDNS1123Label('my-name')).toEqual([]);
    expect(validateDNS1123Label('123-abc')).toEqual([]);
    expect(validateDNS1123Label('a.b')).toEqual([labelMessage]);
    expect(validateDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(validateDNS1123Label('')).toEqual([labelMessage]);
  });

  it('DNS-1035 labels must start with a letter', () => {
    expect(validateDNS1035Label('abc-123')).toEqual([]);
    expect(validateDNS1035Label('1abc')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('path segment names', () => {
    expect(validatePathSegmentName('..')).toEqual(["may not be '..'"]);
    expect(validatePathSegmentName('a/b%c')).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(validatePathSegmentName('ok')).toEqual([]);
  });
});

describe('qualified names and label values', () => {
  const nameRegexMessage =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  it('accepts prefixed and plain keys', () => {
    expect(validateQualifiedName('app')).toEqual([]);
    expect(validateQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(validateQualifiedName('My_Name.x')).toEqual([]);
  });

  it('reports the bad part', () => {
    expect(validateQualifiedName('-bad')).toEqual([nameRegexMessage]);
    expect(validateQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(validateQualifiedName('Example.com/name')).toEqual([`prefix part ${subdomainMessage}`]);
    expect(validateQualifiedName('a/')).toEqual(['name part must be non-empty', nameRegexMessage]);
    expect(validateQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(validateQualifiedName('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });

  it('label values may be empty', () => {
    expect(validateLabelValue('')).toEqual([]);
    expect(validateLabelValue('v1.2_3')).toEqual([]);
    expect(validateLabelValue('a b')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    expect(validateLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('annotations and generated names', () => {
  it('counts key and value bytes', () => {
    expect(annotationsSize({ ab: 'cd', é: '' })).toBe(6);
  });

  it('generateName appends 5 characters of the upstream alphabet', () => {
    const name = generateNameFrom('web-');
    expect(name).toMatch(new RegExp(`^web-[${nameSuffixAlphabet}]{5}$`));
    expect(generateNameFrom('x', () => 0)).toBe('xbbbbb');
  });

  it('cuts long bases so the name fits 63 characters', () => {
    const name = generateNameFrom('a'.repeat(70), () => 1);
    expect(name).toBe(`${'a'.repeat(58)}ccccc`);
  });
});

describe('names validated again', () => {
  it('give the same answer the second time, valid or not', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(validateQualifiedName('example.com/app')).toEqual([]);
      expect(validateQualifiedName('-bad')).toHaveLength(1);
      expect(validateLabelValue('web')).toEqual([]);
      expect(validateLabelValue('bad value')).toHaveLength(1);
      expect(validateDNS1123Label('web-1')).toEqual([]);
      expect(validateDNS1123Label('Web')).toHaveLength(1);
      expect(validateDNS1123Subdomain('a.b')).toEqual([]);
      expect(validateDNS1123Subdomain('a..b')).toHaveLength(1);
      expect(validateDNS1035Label('abc')).toEqual([]);
      expect(validateDNS1035Label('1abc')).toHaveLength(1);
    }
  });
});
