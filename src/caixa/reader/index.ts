export { readForms, type ReadOptions } from './read.js';
export { tokenize, type Token, type TokenType } from './tokenizer.js';
export { CaixaSyntaxError } from './syntax-error.js';
export * from './forms.js';
