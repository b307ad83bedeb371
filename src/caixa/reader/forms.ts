// The positioned values the reader produces. Lines and columns are 1-based; columns count code points.
// `offset`/`end` are UTF-16 indexes into the source text, so lint fixes can rewrite exact spans.

export interface FormPosition {
  line: number;
  column: number;
  offset: number;
  end: number;
  /** A blank line separated this form from the previous token (kept by fmt). */
  blankBefore?: boolean;
}

export interface ListForm extends FormPosition {
  type: 'list';
  items: Form[];
}
export interface StringForm extends FormPosition {
  type: 'string';
  value: string;
}
export interface IntegerForm extends FormPosition {
  type: 'integer';
  value: number;
}
export interface SymbolForm extends FormPosition {
  type: 'symbol';
  name: string;
}
/** `:name` — `name` is stored without the colon. */
export interface KeywordForm extends FormPosition {
  type: 'keyword';
  name: string;
}
export interface BooleanForm extends FormPosition {
  type: 'boolean';
  value: boolean;
}
/** A `;` comment; only present when the reader is asked to keep comments. */
export interface CommentForm extends FormPosition {
  type: 'comment';
  /** The text after the `;` run, trimmed at the end. */
  text: string;
  /** Written on the same line as the token before it. */
  trailing: boolean;
}

export type Form = ListForm | StringForm | IntegerForm | SymbolForm | KeywordForm | BooleanForm | CommentForm;
export type ValueForm = Exclude<Form, CommentForm>;

export function describeForm(form: Form): string {
  switch (form.type) {
    case 'list':
      return 'a list';
    case 'string':
      return `the string ${JSON.stringify(form.value)}`;
    case 'integer':
      return `the integer ${form.value}`;
    case 'symbol':
      return `the symbol ${form.name}`;
    case 'keyword':
      return `the keyword :${form.name}`;
    case 'boolean':
      return form.value ? '#t' : '#f';
    case 'comment':
      return 'a comment';
  }
}
