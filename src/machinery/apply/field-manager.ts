// Field manager names: the default the apiserver derives from the user agent, and the checks it
// applies to the fieldManager query parameter (upstream's prefixFromUserAgent, ValidateFieldManager).
import { fieldInvalid, fieldTooLong, type FieldError } from '../field-errors.js';

export const fieldManagerMaxLength = 128;

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * The user agent up to its first "/" ("kubectl" for "kubectl/v1.32.4 (linux/amd64) kubernetes/abc"),
 * without unprintable characters, cut to 128 bytes.
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0];
  let result = '';
  let bytes = 0;
  for (const character of prefix) {
    if (!printable.test(character)) continue;
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > fieldManagerMaxLength) break;
    result += character;
    bytes += size;
  }
  return result;
}

/** Errors for a fieldManager parameter: at most 128 bytes, printable characters only. */
export function validateFieldManager(manager: string, field = 'fieldManager'): FieldError[] {
  const errors: FieldError[] = [];
  if (Buffer.byteLength(manager, 'utf8') > fieldManagerMaxLength) errors.push(fieldTooLong(field, fieldManagerMaxLength));
  let offset = 0;
  for (const character of manager) {
    if (!printable.test(character)) {
      const codePoint = character.codePointAt(0) ?? 0;
      const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
      errors.push(fieldInvalid(field, manager, `invalid character ${code} (at position ${offset})`));
    }
    offset += Buffer.byteLength(character, 'utf8');
  }
  return errors;
}
