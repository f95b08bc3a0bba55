// Errors in a rules expression: a FlywheelError('config_invalid') whose message names the problem and
// its 1-based position, then quotes the expression with a caret line under the offending text:
//   baseline: unknown column "tenur" at position 1: did you mean "tenure"?
//   tenur < 6 and contract == "Month-to-month"
//   ^^^^^

import { FlywheelError } from '../../core/errors.js';
import type { Span } from './ast.js';

/** Longer expressions are quoted as a window around the error, with … marking what was cut. */
const MAX_QUOTE = 72;

export interface ExpressionErrorOptions {
  /** Added after the position: `…at position 1: did you mean "tenure"?` */
  suggestion?: string | undefined;
  hint: string;
}

export function expressionError(source: string, context: string, span: Span, problem: string, options: ExpressionErrorOptions): FlywheelError {
  const position = span.start + 1;
  const head = `${context}: ${problem} at position ${position}${options.suggestion === undefined ? '' : `: ${options.suggestion}`}`;
  return new FlywheelError('config_invalid', `${head}\n${quoteWithCaret(source, span)}`, {
    hint: options.hint,
    details: { expression: source, position, length: Math.max(1, span.end - span.start) },
  });
}

/** The source on one line (tabs and newlines shown as spaces, so columns line up) and carets under the span. */
export function quoteWithCaret(source: string, span: Span): string {
  const flat = source.replace(/[\t\r\n]/g, ' ');
  const width = Math.max(1, span.end - span.start);
  let from = 0;
  let to = flat.length;
  if (flat.length > MAX_QUOTE) {
    from = Math.max(0, Math.min(span.start - 20, flat.length - MAX_QUOTE));
    to = Math.min(flat.length, from + MAX_QUOTE);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < flat.length ? '…' : '';
  const caretStart = prefix.length + span.start - from;
  const caretWidth = Math.max(1, Math.min(width, to - span.start + (span.start >= to ? 1 : 0)));
  return `${prefix}${flat.slice(from, to)}${suffix}\n${' '.repeat(caretStart)}${'^'.repeat(caretWidth)}`;
}
