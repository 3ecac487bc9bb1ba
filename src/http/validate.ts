import type { z } from 'zod';
import { AppError } from '../errors';

/** Parses a request part with a zod schema; the first problem becomes a 400 a person can read. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('validationFailed', issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid request');
  }
  return parsed.data;
}
