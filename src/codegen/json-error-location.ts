// Where JSON text stops being valid, as "line:col". Node 20's JSON.parse errors name no position, so
// the text is scanned again (only after a parse failure) by this small recognizer.

class Stop extends Error {
  constructor(readonly offset: number) {
    super('invalid JSON');
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

function scan(text: string): void {
  let at = 0;
  const skipSpace = (): void => {
    while (at < text.length && WHITESPACE.has(text[at])) at++;
  };
  const expect = (char: string): void => {
    if (text[at] !== char) throw new Stop(at);
    at++;
  };
  const string = (): void => {
    expect('"');
    STRING_BODY.lastIndex = at;
    STRING_BODY.exec(text);
    at = STRING_BODY.lastIndex;
    expect('"');
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') {
      at++;
      skipSpace();
      if (text[at] === '}') return void at++;
      for (;;) {
        skipSpace();
        string();
        skipSpace();
        expect(':');
        value();
        skipSpace();
        if (text[at] === '}') return void at++;
        expect(',');
      }
    }
    if (char === '[') {
      at++;
      skipSpace();
      if (text[at] === ']') return void at++;
      for (;;) {
        value();
        skipSpace();
        if (text[at] === ']') return void at++;
        expect(',');
      }
    }
    if (char === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, at)) return void (at += literal.length);
    }
    NUMBER.lastIndex = at;
    if (NUMBER.exec(text) === null) throw new Stop(at);
    at = NUMBER.lastIndex;
  };
  value();
  skipSpace();
  if (at < text.length) throw new Stop(at);
}

/** 1-based "line:col" of the first character that makes `text` invalid JSON (end of text if it is cut short). */
export function jsonErrorLocation(text: string): string {
  let offset = text.length;
  try {
    scan(text);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    offset = error.offset;
  }
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}
