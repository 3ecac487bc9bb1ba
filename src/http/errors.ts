import type { Request, Response } from 'restify';
import { AppError, isAppError, type ErrorCode } from '../errors';
import type { Logger } from '../logging/logger';

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; rows?: unknown };
}

/** restify's own errors (bad JSON, unknown route, throttling) mapped onto our codes. */
const restifyNames: Record<string, { code: ErrorCode | string; message: string }> = {
  InvalidContentError: { code: 'invalidJson', message: 'The request body is not valid JSON.' },
  BadRequestError: { code: 'badRequest', message: 'The request is malformed.' },
  PayloadTooLargeError: { code: 'payloadTooLarge', message: 'The request body is too large.' },
  RequestEntityTooLargeError: { code: 'payloadTooLarge', message: 'The request body is too large.' },
  ResourceNotFoundError: { code: 'notFound', message: 'No such route.' },
  MethodNotAllowedError: { code: 'methodNotAllowed', message: 'This method is not allowed on this route.' },
  UnsupportedMediaTypeError: { code: 'unsupportedMediaType', message: 'Send the body as application/json.' },
  TooManyRequestsError: { code: 'tooManyRequests', message: 'Too many requests, please slow down.' },
  UriTooLongError: { code: 'badRequest', message: 'The address is too long.' },
};

/** Sends `{ error: { code, message } }` with the right status; never a stack trace. */
export function sendError(res: Response, err: unknown, logger: Logger): void {
  if (isAppError(err)) {
    res.send(err.status, { error: { code: err.code, message: err.message } } satisfies ErrorBody);
    return;
  }
  logger.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'unexpected error');
  res.send(500, { error: { code: 'internal', message: 'Something went wrong on our side.' } } satisfies ErrorBody);
}

/** Rewrites restify's built-in error bodies into our shape before they are sent. */
export function formatRestifyError(logger: Logger) {
  return (_req: Request, _res: Response, err: Error & { statusCode?: number; body?: unknown; toJSON?: () => unknown }, callback: () => void) => {
    const known = restifyNames[err.name];
    const status = err.statusCode ?? 500;
    const body: ErrorBody = known
      ? { error: { code: known.code, message: known.message } }
      : status < 500
        ? { error: { code: 'badRequest', message: 'The request could not be processed.' } }
        : { error: { code: 'internal', message: 'Something went wrong on our side.' } };
    if (status >= 500) logger.error({ err: { name: err.name, message: err.message } }, 'request failed');
    err.toJSON = () => body;
    callback();
  };
}

export function notFound(what: string): AppError {
  return new AppError('notFound', `${what} not found`);
}
