// Case conversions for lint fixes.
import { isKebabCase } from '../check/units.js';

export function toKebabCase(text: string): string | undefined {
  const kebab = text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s.]+/g, '-')
    .toLowerCase()
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return isKebabCase(kebab) ? kebab : undefined;
}

export function isPascalCase(text: string): boolean {
  return /^[A-Z][a-zA-Z0-9]*$/.test(text);
}
