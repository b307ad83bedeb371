// Turns the text of an environment variable or a flag into the kind of value its key holds.
// Text that does not fit is passed through unchanged so the schema reports it with the key's path.
import type { ConfigLeaf } from './schema-walk.js';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function coerceText(leaf: ConfigLeaf, text: string): unknown {
  switch (leaf.kind) {
    case 'number': {
      const trimmed = text.trim();
      return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
    }
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return text;
    }
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    default:
      return text;
  }
}
