// Collects checker diagnostics for one file.
import type { Diagnostic } from '../diagnostics.js';
import type { SourcePosition } from '../model.js';

export interface Located {
  line: number;
  column: number;
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}

  error(at: Located, message: string, rule = 'check'): void {
    this.diagnostics.push({ file: this.file, line: at.line, column: at.column, severity: 'error', rule, message });
  }

  at(form: Located): SourcePosition {
    return { file: this.file, line: form.line, column: form.column };
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}
