/**
 * Turning zod issues into secgov problems and errors.
 *
 * @module
 */
import type { z } from 'zod';
import { reasonOf } from './arguments.js';
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

/** What {@link parseProblems} answers: the parsed value, or every problem found. @internal */
export type ParsedInput<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly problems: Problem[]; readonly cause?: unknown };

/**
 * zod's `safeParse` with the issues as problems (paths prefixed with `prefix`), except that what
 * the input's own code throws while zod reads it (a getter, a proxy's trap) is a problem too,
 * with the thrown value as `cause`: such input is refused like any other malformed input, not let
 * through as a crash. A {@link SecGovError} thrown from within (our own refinements) passes on. @internal
 */
export function parseProblems<S extends z.ZodType>(schema: S, input: unknown, prefix: readonly (string | number)[] = []): ParsedInput<z.output<S>> {
  try {
    const result = schema.safeParse(input);
    // Inside the try: zod words an issue when it is read, and the wording may read the input.
    return result.success ? { success: true, data: result.data } : { success: false, problems: problemsFromZod(result.error, prefix) };
  } catch (error) {
    if (error instanceof SecGovError) throw error;
    const path = [...prefix];
    return { success: false, problems: [{ code: 'VALIDATION_FAILED', message: `${path.length ? path.join('.') + ': ' : ''}could not be read: ${reasonOf(error)}`, path }], cause: error };
  }
}

/** The error for a failed {@link parseProblems}: its problems, with what was thrown as `cause`. @internal */
export function errorOfProblems(parsed: { readonly problems: readonly Problem[]; readonly cause?: unknown }, prefix?: string): SecGovError {
  let error = SecGovError.fromProblems(parsed.problems);
  if (prefix !== undefined) error = new SecGovError('VALIDATION_FAILED', `${prefix}: ${error.message}`, { problems: parsed.problems });
  if ('cause' in parsed) (error as Error).cause = parsed.cause;
  return error;
}

/**
 * Parse `input` with `schema` at a public boundary: the parsed value, or a `VALIDATION_FAILED`
 * {@link SecGovError} listing every issue with its path (also when reading the input threw: see
 * {@link parseProblems}).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = parseProblems(schema, input);
  if (parsed.success) return parsed.data;
  throw errorOfProblems(parsed, `invalid ${what}`);
}
