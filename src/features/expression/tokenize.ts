// The tokenizer of the rules-expression language: numbers, quoted strings, column names (bare or in
// backquotes), the keywords and the operators, each with its source span.

import { expressionError } from './expression-error.js';

/** Keywords are matched without regard to case (`AND` = `and`); a column with such a name needs backquotes. */
export const KEYWORDS = ['and', 'or', 'not', 'in', 'is', 'missing', 'true', 'false'] as const;
export type Keyword = (typeof KEYWORDS)[number];

export const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '!', '(', ')', '[', ']', ','] as const;
export type Operator = (typeof OPERATORS)[number];

export type Token =
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'name'; value: string; start: number; end: number }
  | { kind: 'keyword'; value: Keyword; start: number; end: number }
  | { kind: 'operator'; value: Operator; start: number; end: number }
  | { kind: 'end'; start: number; end: number };

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_]/u;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t' };

export function tokenize(source: string, context: string): Token[] {
  const tokens: Token[] = [];
  const fail = (start: number, end: number, problem: string, hint: string): never => {
    throw expressionError(source, context, { start, end }, problem, { hint });
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    const number = /\d|\./.test(ch) ? NUMBER.exec(source.slice(i)) : null;
    if (number !== null) {
      i += number[0].length;
      if (i < source.length && NAME_PART.test(source[i]!)) {
        let j = i;
        while (j < source.length && NAME_PART.test(source[j]!)) j++;
        fail(start, j, `"${source.slice(start, j)}" is neither a number nor a column name`, 'column names cannot start with a digit: put such a name in backquotes, such as `30d_spend`');
      }
      tokens.push({ kind: 'number', value: Number(number[0]), start, end: i });
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\' && i + 1 < source.length) {
          const escaped = ESCAPES[source[i + 1]!];
          if (escaped === undefined) fail(i, i + 2, `unknown escape "${source.slice(i, i + 2)}" in text`, 'the escapes are \\\\, \\", \\\', \\n and \\t');
          value += escaped;
          i += 2;
        } else {
          value += source[i];
          i++;
        }
      }
      if (i >= source.length) fail(start, source.length, 'text with no closing quote', `close the text with ${ch}`);
      i++;
      tokens.push({ kind: 'string', value, start, end: i });
      continue;
    }
    if (ch === '`') {
      const close = source.indexOf('`', i + 1);
      if (close < 0) fail(start, source.length, 'a column name with no closing backquote', 'close the name with `');
      if (close === i + 1) fail(start, close + 1, 'an empty column name', 'write the column name between the backquotes, such as `mean radius`');
      i = close + 1;
      tokens.push({ kind: 'name', value: source.slice(start + 1, close), start, end: i });
      continue;
    }
    if (NAME_START.test(ch)) {
      while (i < source.length && NAME_PART.test(source[i]!)) i++;
      const word = source.slice(start, i);
      const lower = word.toLowerCase();
      if ((KEYWORDS as readonly string[]).includes(lower)) tokens.push({ kind: 'keyword', value: lower as Keyword, start, end: i });
      else tokens.push({ kind: 'name', value: word, start, end: i });
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, i));
    if (operator !== undefined) {
      i += operator.length;
      tokens.push({ kind: 'operator', value: operator, start, end: i });
      continue;
    }
    if (ch === '=') fail(start, start + 1, 'a single "="', 'compare with ==, such as contract == "Month-to-month"');
    if (ch === '&' || ch === '|') fail(start, start + 1, `a single "${ch}"`, `join conditions with ${ch === '&' ? 'and (or &&)' : 'or (or ||)'}`);
    fail(start, start + 1, `unexpected character "${ch}"`, 'put column names with spaces or symbols in backquotes, such as `mean radius`, and text in quotes');
  }
  tokens.push({ kind: 'end', start: source.length, end: source.length });
  return tokens;
}
