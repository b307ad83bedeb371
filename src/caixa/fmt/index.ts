import { readForms } from '../reader/read.js';
import { printFile } from './print.js';

export { printForm, printFile, printAtom, lineWidth } from './print.js';

/** The canonical text of a caixa file; throws a CaixaSyntaxError (with position) on unreadable input. */
export function formatSource(text: string, file: string): string {
  return printFile(readForms(text, file, { comments: true }));
}
