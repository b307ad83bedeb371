// Assembles tokens into positioned forms. Comments are kept (as `comment` forms) only on request.
import type { Form, ListForm } from './forms.js';
import { CaixaSyntaxError } from './syntax-error.js';
import { tokenize, type Token } from './tokenizer.js';

export interface ReadOptions {
  /** Keep `;` comments as `comment` forms (fmt and lint fixes need them). */
  comments?: boolean;
}

function position(token: Token) {
  return {
    line: token.line,
    column: token.column,
    offset: token.offset,
    end: token.end,
    ...(token.breaksBefore >= 2 && !token.first ? { blankBefore: true } : {}),
  };
}

/** Reads every top-level form; throws a CaixaSyntaxError (file, line, column) on unreadable input. */
export function readForms(text: string, file: string, options: ReadOptions = {}): Form[] {
  const tokens = tokenize(text, file);
  const top: Form[] = [];
  const stack: { list: ListForm; open: Token }[] = [];

  for (const token of tokens) {
    const into = stack.length > 0 ? stack[stack.length - 1].list.items : top;
    switch (token.type) {
      case 'open': {
        const list: ListForm = { type: 'list', items: [], ...position(token) };
        into.push(list);
        stack.push({ list, open: token });
        break;
      }
      case 'close': {
        const frame = stack.pop();
        if (frame === undefined) throw new CaixaSyntaxError(file, token.line, token.column, 'unexpected ) with no open list');
        frame.list.end = token.end;
        break;
      }
      case 'comment':
        if (options.comments) into.push({ type: 'comment', text: token.text, trailing: token.breaksBefore === 0 && !token.first, ...position(token) });
        break;
      case 'string':
        into.push({ type: 'string', value: token.text, ...position(token) });
        break;
      case 'integer': {
        const value = Number(token.text);
        if (!Number.isSafeInteger(value)) {
          throw new CaixaSyntaxError(file, token.line, token.column, `integer ${token.text} is out of range (at most ${Number.MAX_SAFE_INTEGER} in size)`);
        }
        into.push({ type: 'integer', value: value === 0 ? 0 : value, ...position(token) });
        break;
      }
      case 'symbol':
        into.push({ type: 'symbol', name: token.text, ...position(token) });
        break;
      case 'keyword':
        into.push({ type: 'keyword', name: token.text, ...position(token) });
        break;
      case 'boolean':
        into.push({ type: 'boolean', value: token.text === 't', ...position(token) });
        break;
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1].open;
    throw new CaixaSyntaxError(file, open.line, open.column, 'unclosed list: this ( has no matching )');
  }
  return top;
}
