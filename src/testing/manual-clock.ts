/**
 * A clock that only moves when told to, for tests and simulations.
 *
 * @module
 */
import { add, type Duration } from 'date-fns';
import { invalid, readArgument } from '../model/arguments.js';
import { SecGovError } from '../model/errors.js';
import type { Clock } from '../ports/clock.js';

function toDate(value: Date | string | number, what: string): Date {
  const ms = readArgument(what, () => {
    if (typeof value === 'string' || typeof value === 'number') return new Date(value).getTime();
    // getTime from the prototype: an object that only claims to be a Date has no time to give.
    if (value instanceof Date) return Date.prototype.getTime.call(value);
    throw invalid(what, 'a Date, an ISO-8601 string or epoch milliseconds', value);
  });
  if (!Number.isFinite(ms)) throw new SecGovError('VALIDATION_FAILED', `${what} is not a valid date`);
  return new Date(ms);
}

const durationKeys = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/** A date-fns duration of `by`'s fields, each read once and checked to be a finite number (or left out). */
function durationOf(by: unknown): Duration {
  if (typeof by !== 'object' || by === null || Array.isArray(by)) throw invalid('by', 'a duration such as { hours: 2 } or a number of milliseconds', by);
  const duration: Record<string, number> = {};
  for (const key of durationKeys) {
    const value: unknown = readArgument('by', () => (by as Record<string, unknown>)[key]);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`by.${key}`, 'a finite number', value);
    duration[key] = value;
  }
  return duration;
}

/**
 * A {@link Clock} for tests: it stands still until {@link ManualClock.set} or
 * {@link ManualClock.advance} moves it.
 *
 * @example
 * const clock = new ManualClock('2026-03-01T08:00:00Z');
 * clock.advance({ hours: 2 }); // 10:00 UTC
 */
export class ManualClock implements Clock {
  private current: Date;

  /** @param start - the initial instant (default 2026-01-01T00:00:00Z) */
  constructor(start: Date | string | number = '2026-01-01T00:00:00.000Z') {
    this.current = toDate(start, 'start');
  }

  /** The current instant (a fresh `Date` each time, so callers cannot move the clock by mutating it). */
  now(): Date {
    return new Date(this.current.getTime());
  }

  /** The current instant in milliseconds since the epoch. */
  epochMilliseconds(): number {
    return this.current.getTime();
  }

  /** Move the clock to `instant` (backwards too). */
  set(instant: Date | string | number): void {
    this.current = toDate(instant, 'instant');
  }

  /**
   * Move the clock forward by a date-fns duration (`{ hours: 2 }`, `{ days: 1 }`) or a number of
   * milliseconds. Hours, minutes and seconds are elapsed time; days, weeks, months and years follow
   * the calendar of the host's time zone, as date-fns `add` does.
   *
   * @returns the new instant
   */
  advance(by: Duration | number): Date {
    const next = typeof by === 'number' ? new Date(this.current.getTime() + by) : add(this.current, durationOf(by));
    this.current = toDate(next, 'advanced instant');
    return this.now();
  }
}
