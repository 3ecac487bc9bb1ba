/**
 * One error type for everything a person may see. `code` doubles as the i18n key
 * (`errors.<code>`) and the HTTP layer maps it to a status, so no route invents its own.
 */
export type ErrorCode =
  | 'badRequest'
  | 'invalidJson'
  | 'validationFailed'
  | 'notFound'
  | 'conflict'
  | 'payloadTooLarge'
  | 'tooManyRequests'
  | 'unauthorized'
  | 'forbidden'
  | 'notReady'
  | 'configInvalid'
  | 'databaseUnavailable'
  | 'internal';

const statusByCode: Record<ErrorCode, number> = {
  badRequest: 400,
  invalidJson: 400,
  validationFailed: 400,
  notFound: 404,
  conflict: 409,
  payloadTooLarge: 413,
  tooManyRequests: 429,
  unauthorized: 401,
  forbidden: 403,
  notReady: 503,
  configInvalid: 500,
  databaseUnavailable: 500,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = statusByCode[code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
