/** Input the reader cannot read, with where it went wrong. `message` reads `file:line:col: reason`. */
export class CaixaSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'CaixaSyntaxError';
  }
}
