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

const delimiters = new Set(['(', ')', '"', ';']);
const whitespace = new Set([' ', '\t', '\n', '\r', '\f']);
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

export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let column = 1;
  let breaks = 0;

  const fail = (reason: string, atLine = line, atColumn = column): never => {
    throw new CaixaSyntaxError(file, atLine, atColumn, reason);
  };
  const peek = (): string | undefined => {
    if (offset >= text.length) return undefined;
    return String.fromCodePoint(text.codePointAt(offset)!);
  };
  const advance = (): string => {
    const ch = peek()!;
    offset += ch.length;
    if (ch === '\n') {
      line += 1;
      column = 1;
    } else {
      column += 1;
    }
    return ch;
  };
  const push = (type: TokenType, value: string, startLine: number, startColumn: number, start: number): void => {
    tokens.push({ type, text: value, line: startLine, column: startColumn, offset: start, end: offset, breaksBefore: breaks, first: tokens.length === 0 });
    breaks = 0;
  };

  for (;;) {
    const ch = peek();
    if (ch === undefined) break;
    if (whitespace.has(ch)) {
      if (ch === '\n') breaks += 1;
      advance();
      continue;
    }
    const startLine = line;
    const startColumn = column;
    const start = offset;
    if (ch === '(' || ch === ')') {
      advance();
      push(ch === '(' ? 'open' : 'close', ch, startLine, startColumn, start);
    } else if (ch === ';') {
      while (peek() === ';') advance();
      let body = '';
      while (peek() !== undefined && peek() !== '\n') body += advance();
      push('comment', body.replace(/\s+$/u, '').replace(/^ /u, ''), startLine, startColumn, start);
    } else if (ch === '"') {
      advance();
      let value = '';
      for (;;) {
        const c = peek();
        if (c === undefined) fail('unterminated string', startLine, startColumn);
        if (c === '"') {
          advance();
          break;
        }
        if (c === '\\') {
          const escLine = line;
          const escColumn = column;
          advance();
          const e = peek();
          if (e === undefined) fail('unterminated string', startLine, startColumn);
          if (e === 'u') {
            advance();
            if (peek() !== '{') fail('bad escape \\u: expected \\u{hex}', escLine, escColumn);
            advance();
            let hex = '';
            while (peek() !== undefined && /^[0-9a-fA-F]$/.test(peek()!)) hex += advance();
            if (peek() !== '}' || hex.length === 0 || hex.length > 6 || parseInt(hex, 16) > 0x10ffff) {
              fail('bad escape \\u: expected \\u{hex} with 1 to 6 hex digits up to 10FFFF', escLine, escColumn);
            }
            advance();
            const code = parseInt(hex, 16);
            if (code >= 0xd800 && code <= 0xdfff) fail(`bad escape \\u{${hex}}: a surrogate is not a character`, escLine, escColumn);
            value += String.fromCodePoint(code);
            continue;
          }
          const decoded = escapes[e!];
          if (decoded === undefined) fail(`unknown escape \\${isControl(e!) ? describeChar(e!) : e}`, escLine, escColumn);
          advance();
          value += decoded;
          continue;
        }
        value += advance();
      }
      push('string', value, startLine, startColumn, start);
    } else if (ch === '#') {
      advance();
      let name = '';
      while (peek() !== undefined && !delimiters.has(peek()!) && !whitespace.has(peek()!)) name += advance();
      if (name !== 't' && name !== 'f') fail(`unknown syntax #${name}: only #t and #f are allowed`, startLine, startColumn);
      push('boolean', name, startLine, startColumn, start);
    } else if (isControl(ch)) {
      fail(`unexpected character ${describeChar(ch)}`);
    } else {
      let word = '';
      while (peek() !== undefined && !delimiters.has(peek()!) && !whitespace.has(peek()!)) {
        if (isControl(peek()!)) fail(`unexpected character ${describeChar(peek()!)}`);
        word += advance();
      }
      if (word.startsWith(':')) {
        if (word.length === 1) fail('empty keyword: expected a name after :', startLine, startColumn);
        push('keyword', word.slice(1), startLine, startColumn, start);
      } else if (integerPattern.test(word)) {
        push('integer', word, startLine, startColumn, start);
      } else {
        push('symbol', word, startLine, startColumn, start);
      }
    }
  }
  return tokens;
}
