/**
 * Instants as they appear in records: ISO-8601 UTC strings, so every record is plain, serializable data.
 *
 * @module
 */
import { z } from 'zod';

/**
 * Schema of an instant: accepts a valid `Date` or an ISO-8601 date-time string with an offset,
 * and yields the canonical UTC form (`2026-01-31T09:00:00.000Z`).
 */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value);
    const ms = date.getTime();
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a valid date' });
      return z.NEVER;
    }
    return date.toISOString();
  });

/** An instant in canonical ISO-8601 UTC form. */
export type Instant = string;
