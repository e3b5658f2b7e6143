/**
 * Instants as they appear in records: ISO-8601 UTC strings, so every record is plain, serializable data.
 *
 * @module
 */
import { z } from 'zod';

const MIN_INSTANT_MS = Date.UTC(1000, 0, 1);
const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Schema of an instant: accepts a valid `Date` or an ISO-8601 date-time string with an offset,
 * and yields the canonical UTC form (`2026-01-31T09:00:00.000Z`). Canonical instants compare
 * correctly as strings.
 */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })], { error: 'expected an ISO-8601 instant such as 2026-01-31T09:00:00.000Z, or a Date' })
  .transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value);
    const ms = date.getTime();
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a valid date' });
      return z.NEVER;
    }
    // Canonical strings compare correctly as text only within four-digit years.
    if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) {
      ctx.addIssue({ code: 'custom', message: 'date must be between the years 1000 and 9999' });
      return z.NEVER;
    }
    return date.toISOString();
  });

/** An instant in canonical ISO-8601 UTC form. */
export type Instant = string;
