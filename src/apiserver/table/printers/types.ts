import type { ColumnDefinition, Obj } from '../cells.js';

/** How one kind is printed: its columns, and the cells of one object (same order). */
export interface Printer {
  columns: ColumnDefinition[];
  cells(object: Obj, now: Date): unknown[];
}
