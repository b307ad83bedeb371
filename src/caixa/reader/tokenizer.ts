// Splits caixa source into tokens. Whitespace is space, tab, CR, LF and form feed; any other control
// character outside a string is an error, so random bytes fail with a position instead of odd symbols.
import { CaixaSyntaxError } from './syntax-error.js';

export type TokenType = 'open' | 'close' | 'string' | 'integer' | 'symbol' | 'keyword' | 'boolean' | 'comment';

export interface Token {
  type: TokenType;
  /** Decoded text: string contents, symbol/keyword name (no colon), comment text, integer digits. */
  text: string;
  line: number;
  column: number;
  offset: number;
  end: number;
  /** Number of line breaks between the previous token and this one (0: same line). */
  breaksBefore: number;
  /** This is the first token of the input. */
  first: boolean;
}

const integerPattern = /^[+-]?[0-9]+$/;
const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '0': '\0' };

function isControl(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return code < 0x20 || code === 0x7f;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const enum Code {
  Tab = 9, Newline = 10, FormFeed = 12, Return = 13, Space = 32, Quote = 34, Hash = 35, Open = 40, Close = 41, Colon = 58, Semicolon = 59, Backslash = 92, Delete = 127,
}

const isSpace = (c: number) => c === Code.Space || c === Code.Newline || c === Code.Tab || c === Code.Return || c === Code.FormFeed;
const isDelimiter = (c: number) => c === Code.Open || c === Code.Close || c === Code.Quote || c === Code.Semicolon;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let offset = 0;
  let line = 1;
  let column = 1;
  let breaks = 0;

  const fail = (reason: string, atLine = line, atColumn = column): never => {
    throw new CaixaSyntaxError(file, atLine, atColumn, reason);
  };
  /** Moves past one code unit; a surrogate pair counts as one column. */
  const step = (): void => {
    const c = text.charCodeAt(offset);
    offset += 1;
    if (c === Code.Newline) {
      line += 1;
      column = 1;
    } else if (!(isLowSurrogate(c) && offset >= 2 && isHighSurrogate(text.charCodeAt(offset - 2)))) {
      column += 1;
    }
  };
  const push = (type: TokenType, value: string, startLine: number, startColumn: number, start: number): void => {
    tokens.push({ type, text: value, line: startLine, column: startColumn, offset: start, end: offset, breaksBefore: breaks, first: tokens.length === 0 });
    breaks = 0;
  };
  /** Advances over a run of non-delimiter, non-space code units; fails on a control character. */
  const word = (): string => {
    const start = offset;
    while (offset < length) {
      const c = text.charCodeAt(offset);
      if (isSpace(c) || isDelimiter(c)) break;
      if (c < Code.Space || c === Code.Delete) fail(`unexpected character ${describeChar(text[offset])}`);
      step();
    }
    return text.slice(start, offset);
  };

  while (offset < length) {
    const c = text.charCodeAt(offset);
    if (isSpace(c)) {
      if (c === Code.Newline) breaks += 1;
      step();
      continue;
    }
    const startLine = line;
    const startColumn = column;
    const start = offset;
    if (c === Code.Open || c === Code.Close) {
      step();
      push(c === Code.Open ? 'open' : 'close', text[start], startLine, startColumn, start);
    } else if (c === Code.Semicolon) {
      while (text.charCodeAt(offset) === Code.Semicolon) step();
      const bodyStart = offset;
      while (offset < length && text.charCodeAt(offset) !== Code.Newline) step();
      push('comment', text.slice(bodyStart, offset).replace(/\s+$/u, '').replace(/^ /u, ''), startLine, startColumn, start);
    } else if (c === Code.Quote) {
      step();
      let value = '';
      let chunk = offset;
      for (;;) {
        if (offset >= length) fail('unterminated string', startLine, startColumn);
        const d = text.charCodeAt(offset);
        if (d === Code.Quote) {
          value += text.slice(chunk, offset);
          step();
          break;
        }
        if (d !== Code.Backslash) {
          step();
          continue;
        }
        value += text.slice(chunk, offset);
        const escLine = line;
        const escColumn = column;
        step();
        if (offset >= length) fail('unterminated string', startLine, startColumn);
        const e = String.fromCodePoint(text.codePointAt(offset)!);
        if (e === 'u') {
          step();
          if (text[offset] !== '{') fail('bad escape \\u: expected \\u{hex}', escLine, escColumn);
          step();
          const hexStart = offset;
          while (offset < length && /^[0-9a-fA-F]$/.test(text[offset])) step();
          const hex = text.slice(hexStart, offset);
          if (text[offset] !== '}' || hex.length === 0 || hex.length > 6 || parseInt(hex, 16) > 0x10ffff) {
            fail('bad escape \\u: expected \\u{hex} with 1 to 6 hex digits up to 10FFFF', escLine, escColumn);
          }
          step();
          const code = parseInt(hex, 16);
          if (code >= 0xd800 && code <= 0xdfff) fail(`bad escape \\u{${hex}}: a surrogate is not a character`, escLine, escColumn);
          value += String.fromCodePoint(code);
        } else {
          const decoded = escapes[e];
          if (decoded === undefined) fail(`unknown escape \\${isControl(e) ? describeChar(e) : e}`, escLine, escColumn);
          step();
          value += decoded;
        }
        chunk = offset;
      }
      push('string', value, startLine, startColumn, start);
    } else if (c === Code.Hash) {
      step();
      const name = word();
      if (name !== 't' && name !== 'f') fail(`unknown syntax #${name}: only #t and #f are allowed`, startLine, startColumn);
      push('boolean', name, startLine, startColumn, start);
    } else if (c < Code.Space || c === Code.Delete) {
      fail(`unexpected character ${describeChar(text[offset])}`);
    } else {
      const name = word();
      if (c === Code.Colon) {
        if (name.length === 1) fail('empty keyword: expected a name after :', startLine, startColumn);
        push('keyword', name.slice(1), startLine, startColumn, start);
      } else if (integerPattern.test(name)) {
        push('integer', name, startLine, startColumn, start);
      } else {
        push('symbol', name, startLine, startColumn, start);
      }
    }
  }
  return tokens;
}
