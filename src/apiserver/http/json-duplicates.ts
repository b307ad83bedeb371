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
