// Duplicate keys in JSON text, by path (`spec.replicas`, `spec.containers[0].name`): JSON.parse keeps
// the last silently, while upstream's strict decoding reports them (fieldValidation Strict/Warn).
export function findDuplicateFields(text: string, limit = 100): string[] {
  const found: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipScalar = () => {
    while (i < text.length && !',]} \t\n\r'.includes(text[i])) i++;
  };
  const value = (path: string, depth: number): void => {
    ws();
    if (depth > 1000 || found.length >= limit) throw new Error('stop');
    const ch = text[i];
    if (ch === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = string();
        const child = path === '' ? key : `${path}.${key}`;
        if (seen.has(key)) found.push(child);
        seen.add(key);
        ws();
        i++; // ':'
        value(child, depth + 1);
        ws();
        if (text[i++] === '}') return;
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value(`${path}[${index}]`, depth + 1);
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    skipScalar();
  };
  try {
    value('', 0);
  } catch {
    // Malformed text is the parser's to report; too deep or too many: what was found so far.
  }
  return found;
}

/**
 * Duplicate keys of a JSON text that parsed to `parsed`. Usually there are none, which counting
 * proves cheaply: JSON.parse keeps one key per repeated name, so the parsed object has as many keys
 * as the text names only when no name repeats; otherwise the full scan finds them.
 */
export function duplicateFieldsOf(text: string, parsed: unknown): string[] {
  try {
    if (keyNamesIn(text) === keysOf(parsed)) return [];
  } catch {
    // Nested too deeply to count: scan.
  }
  return findDuplicateFields(text);
}

/** How many object keys a (valid) JSON text names: strings followed by a colon. */
function keyNamesIn(text: string): number {
  let count = 0;
  for (let quote = text.indexOf('"'); quote >= 0; ) {
    let end = text.indexOf('"', quote + 1);
    while (end > 0 && escaped(text, end)) end = text.indexOf('"', end + 1);
    if (end < 0) return -1;
    let next = end + 1;
    for (let c = text.charCodeAt(next); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++next));
    if (text.charCodeAt(next) === 58) count++;
    quote = text.indexOf('"', next);
  }
  return count;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}

function keysOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += keysOf(item);
    return count;
  }
  for (const key of Object.keys(value)) count += 1 + keysOf((value as Record<string, unknown>)[key]);
  return count;
}
