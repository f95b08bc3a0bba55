// Expected failures: every user mistake is a FlywheelError with a code, a message (what was expected,
// what was found, where) and a hint (how to fix). One table maps codes to CLI exit codes and HTTP statuses.

export const ERROR_CODES = {
  usage: { exit: 2, http: 400 },
  config_invalid: { exit: 2, http: 400 },
  project_not_found: { exit: 2, http: 404 },
  file_not_found: { exit: 2, http: 404 },
  data_invalid: { exit: 2, http: 400 },
  column_not_found: { exit: 2, http: 400 },
  target_invalid: { exit: 2, http: 400 },
  store_invalid: { exit: 2, http: 400 },
  not_found: { exit: 2, http: 404 },
  already_exists: { exit: 2, http: 409 },
  conflict: { exit: 2, http: 409 },
  check_failed: { exit: 1, http: 422 },
  internal: { exit: 70, http: 500 },
} as const satisfies Record<string, { exit: number; http: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FlywheelErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Structured context for JSON output (the column, the line, the key path). */
  details?: Record<string, unknown>;
}

export class FlywheelError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: FlywheelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlywheelError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isFlywheelError(error: unknown): error is FlywheelError {
  return error instanceof FlywheelError;
}

/** Exit code for any thrown value: a FlywheelError's own, 70 (internal error) for everything else. */
export function exitCodeOf(error: unknown): number {
  return isFlywheelError(error) ? error.exitCode : ERROR_CODES.internal.exit;
}
