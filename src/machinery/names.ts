// Name and label validation with upstream's messages (k8s.io/apimachinery/pkg/util/validation), and
// generateName suffixes. Each validator returns a list of messages; empty means valid.
import { randomInt } from 'node:crypto';

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function emptyError(): string {
  return 'must be non-empty';
}

/** Upstream's RegexError, including its quirk of a double space before "or" between examples. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  let text = `${message} (e.g. `;
  examples.forEach((example, index) => {
    if (index > 0) text += ' or ';
    text += `'${example}', `;
  });
  return `${text}regex used for validation is '${format}')`;
}

const dns1123LabelFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const DNS1123LabelMaxLength = 63;
const dns1123LabelRegexp = new RegExp(`^${dns1123LabelFormat}$`);

const dns1123SubdomainFormat = `${dns1123LabelFormat}(\\.${dns1123LabelFormat})*`;
const dns1123SubdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1123SubdomainMaxLength = 253;
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFormat}$`);

const dns1035LabelFormat = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelMessage =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
export const DNS1035LabelMaxLength = 63;
const dns1035LabelRegexp = new RegExp(`^${dns1035LabelFormat}$`);

const qualifiedNameCharFormat = '[A-Za-z0-9]';
const qualifiedNameExtCharFormat = '[-A-Za-z0-9_.]';
const qualifiedNameFormat = `(${qualifiedNameCharFormat}${qualifiedNameExtCharFormat}*)?${qualifiedNameCharFormat}`;
const qualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const QualifiedNameMaxLength = 63;
const qualifiedNameRegexp = new RegExp(`^${qualifiedNameFormat}$`);

const labelValueFormat = `(${qualifiedNameFormat})?`;
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LabelValueMaxLength = 63;
const labelValueRegexp = new RegExp(`^${labelValueFormat}$`);

/** Total size of all annotation keys and values of one object (upstream TotalAnnotationSizeLimitB). */
export const TotalAnnotationSizeLimitBytes = 256 * 1024;

// Labels, label keys and names repeat across objects (app, pod-template-hash, namespaces), and each write
// validates them again: names known valid are remembered. Bounded: a set is cleared when full.
const maxRemembered = 4096;
const dns1123LabelValid = new Set<string>();
const dns1123SubdomainValid = new Set<string>();
const dns1035LabelValid = new Set<string>();
const qualifiedNameValid = new Set<string>();
const labelValueValid = new Set<string>();

function rememberingValid(valid: Set<string>, value: string, check: (value: string) => string[]): string[] {
  if (valid.has(value)) return [];
  const errors = check(value);
  if (errors.length === 0) {
    if (valid.size >= maxRemembered) valid.clear();
    valid.add(value);
  }
  return errors;
}

export function validateDNS1123Label(value: string): string[] {
  return rememberingValid(dns1123LabelValid, value, validateDNS1123LabelUncached);
}

function validateDNS1123LabelUncached(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123LabelMaxLength) errors.push(maxLenError(DNS1123LabelMaxLength));
  if (!dns1123LabelRegexp.test(value)) errors.push(regexError(dns1123LabelMessage, dns1123LabelFormat, 'my-name', '123-abc'));
  return errors;
}

export function validateDNS1123Subdomain(value: string): string[] {
  return rememberingValid(dns1123SubdomainValid, value, validateDNS1123SubdomainUncached);
}

function validateDNS1123SubdomainUncached(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123SubdomainMaxLength) errors.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!dns1123SubdomainRegexp.test(value)) errors.push(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, 'example.com'));
  return errors;
}

export function validateDNS1035Label(value: string): string[] {
  return rememberingValid(dns1035LabelValid, value, validateDNS1035LabelUncached);
}

function validateDNS1035LabelUncached(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1035LabelMaxLength) errors.push(maxLenError(DNS1035LabelMaxLength));
  if (!dns1035LabelRegexp.test(value)) errors.push(regexError(dns1035LabelMessage, dns1035LabelFormat, 'my-name', 'abc-123'));
  return errors;
}

/** Label and annotation keys: `name` or `prefix/name`, prefix a DNS-1123 subdomain. */
export function validateQualifiedName(value: string): string[] {
  return rememberingValid(qualifiedNameValid, value, validateQualifiedNameUncached);
}

function validateQualifiedNameUncached(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errors.push(`prefix part ${emptyError()}`);
    else errors.push(...validateDNS1123Subdomain(prefix).map((message) => `prefix part ${message}`));
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameMessage, qualifiedNameFormat, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errors.push(`name part ${emptyError()}`);
  else if (name.length > QualifiedNameMaxLength) errors.push(`name part ${maxLenError(QualifiedNameMaxLength)}`);
  if (!qualifiedNameRegexp.test(name)) errors.push(`name part ${regexError(qualifiedNameMessage, qualifiedNameFormat, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

export function validateLabelValue(value: string): string[] {
  return rememberingValid(labelValueValid, value, validateLabelValueUncached);
}

function validateLabelValueUncached(value: string): string[] {
  const errors: string[] = [];
  if (value.length > LabelValueMaxLength) errors.push(maxLenError(LabelValueMaxLength));
  if (!labelValueRegexp.test(value)) errors.push(regexError(labelValueMessage, labelValueFormat, 'MyValue', 'my_value', '12345'));
  return errors;
}

/** Names used as URL path segments (every object name): not "." or "..", no "/" or "%". */
export function validatePathSegmentName(name: string, prefix = false): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const illegal of ['/', '%']) {
    if (name.includes(illegal)) errors.push(`may not contain '${illegal}'`);
  }
  return errors;
}

/** Size of annotations as upstream counts it: bytes of every key plus every value. */
export function annotationsSize(annotations: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    total += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  return total;
}

/** Alphabet of random name suffixes: no vowels (no words) and no look-alikes (0/o, 1/l, 3/e). */
export const nameSuffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
const randomSuffixLength = 5;
const maxNameLength = 63;
const maxGeneratedBaseLength = maxNameLength - randomSuffixLength;

export function randomNameSuffix(length = randomSuffixLength, pick: (bound: number) => number = randomInt): string {
  let suffix = '';
  for (let i = 0; i < length; i += 1) suffix += nameSuffixAlphabet[pick(nameSuffixAlphabet.length)];
  return suffix;
}

/** metadata.generateName -> name: base cut to 58 characters plus 5 random characters. */
export function generateNameFrom(base: string, pick?: (bound: number) => number): string {
  const trimmed = base.length > maxGeneratedBaseLength ? base.slice(0, maxGeneratedBaseLength) : base;
  return trimmed + randomNameSuffix(randomSuffixLength, pick);
}
