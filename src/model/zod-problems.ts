/**
 * Turning zod issues into secgov problems and errors.
 *
 * @module
 */
import type { z } from 'zod';
import { SecGovError } from './errors.js';
import type { Problem } from './errors.js';

/** Most problems kept in one error; the rest are counted in the message. */
export const MAX_PROBLEMS = 1_000;

/** Convert zod issues into problems, prefixing each path with `prefix`. */
export function problemsFromZod(error: z.ZodError, prefix: readonly (string | number)[] = []): Problem[] {
  return error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    return { code: 'VALIDATION_FAILED' as const, message: `${path.length ? path.join('.') + ': ' : ''}${issue.message}`, path };
  });
}

/**
 * Parse `input` with `schema` at a public boundary: the parsed value, or a `VALIDATION_FAILED`
 * {@link SecGovError} listing every issue with its path.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = problemsFromZod(result.error);
  const error = SecGovError.fromProblems(problems);
  throw new SecGovError('VALIDATION_FAILED', `invalid ${what}: ${error.message}`, { problems });
}
