/**
 * The `Clock` port: the only source of time for the governance service.
 *
 * @module
 */

/**
 * Where the governance service gets the current time. The core never reads the wall clock:
 * pass `systemClock` in production and `ManualClock` (from `secgov/testing`) in tests and simulations.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /**
   * Optional: the current instant in milliseconds since the epoch (`now().getTime()`), without
   * allocating a Date. Access checks with sessions active read the clock on every call.
   */
  epochMilliseconds?(): number;
}
