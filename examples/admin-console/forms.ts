/**
 * Reading and validating what the browser sends: URL-encoded form bodies and query strings,
 * checked with the library's own schemas (ids, rights, texts, instants, session inputs) composed
 * with zod. A failure is a `SecGovError` (`VALIDATION_FAILED`) listing every problem.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { SecGovError, idSchema, textSchema, type Problem } from '../../src/index.js';

/** Largest accepted request body, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Most fields in one form. */
const MAX_FIELDS = 200;

/** An HTTP-level refusal before any validation (wrong content type, body too large). */
export class HttpError extends Error {
  /** @param status - the HTTP status; @param message - a readable message */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Fields of a form or query string: a null-prototype object (so `__proto__` is an ordinary key),
 * a field given once is a string, a field given several times (a multiple select) an array.
 */
export type Fields = Record<string, string | string[]>;

/** Fields from URL-encoded text. */
export function fieldsOf(params: URLSearchParams): Fields {
  const out = Object.create(null) as Fields;
  let count = 0;
  for (const [key, value] of params) {
    if (++count > MAX_FIELDS) throw new SecGovError('LIMIT_EXCEEDED', `a form may have at most ${MAX_FIELDS} fields`);
    const before = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    const next = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Read and parse a URL-encoded request body (at most {@link MAX_BODY_BYTES}). */
export async function readForm(req: IncomingMessage): Promise<Fields> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'forms must be sent as application/x-www-form-urlencoded');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, `the form is larger than ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the form is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return fieldsOf(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

/** Problems of a zod error, each naming its field. */
function problemsOf(error: z.ZodError, what: string): Problem[] {
  return error.issues.slice(0, 50).map((issue) => {
    const path = issue.path.map(String);
    const field = path.length > 0 ? path.join('.') : what;
    const message = issue.code === 'unrecognized_keys' ? `unexpected field(s): ${issue.keys.join(', ')}` : issue.message;
    return { code: 'VALIDATION_FAILED' as const, message: `${field}: ${message}`, path: issue.path.filter((p): p is string | number => typeof p !== 'symbol') };
  });
}

/**
 * Validate fields with a schema; the CSRF field is not part of any schema and is left out.
 * @throws SecGovError `VALIDATION_FAILED` naming every field that failed
 */
export function parseFields<S extends z.ZodType>(schema: S, fields: Fields, what: string): z.output<S> {
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === 'csrf') continue;
    Object.defineProperty(copy, key, { value: fields[key], enumerable: true, writable: true, configurable: true });
  }
  const result = schema.safeParse(copy);
  if (result.success) return result.data;
  const problems = problemsOf(result.error, what);
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new SecGovError('VALIDATION_FAILED', `${what}: ${problems[0]?.message ?? 'invalid input'}${more}`, { problems });
}

/** An optional text field: empty means absent. */
export const optionalText = z.preprocess((v) => (v === '' ? undefined : v), textSchema.optional());
/** An optional id field: empty means absent. */
export const optionalId = z.preprocess((v) => (v === '' ? undefined : v), idSchema.optional());
/** A field given once or several times, as a list (a multiple select). */
export const idList = z.preprocess((v) => (v === undefined || v === '' ? [] : typeof v === 'string' ? [v] : v), z.array(idSchema).max(1_000));

/**
 * A date and time from a `datetime-local` input (read as UTC, as the console shows every time) or
 * an ISO-8601 instant; to an ISO string the library's `instantSchema` accepts.
 */
export const instantField = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value);
    const date = new Date(local ? `${value}Z` : value);
    if (value === '' || !Number.isFinite(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be a date and time (YYYY-MM-DDTHH:MM, UTC)' });
      return z.NEVER;
    }
    return date.toISOString();
  });
/** An optional {@link instantField}: empty means absent. */
export const optionalInstant = z.preprocess((v) => (v === '' ? undefined : v), instantField.optional());

/** A path on this site to go back to after an action (anything else becomes `/`). */
export const backField = z.preprocess(
  (v) => (typeof v === 'string' && /^\/(?![/\\])[\w\-./%?=&~+]*$/.test(v) && v.length <= 500 ? v : '/'),
  z.string(),
);
