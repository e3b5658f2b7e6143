/**
 * The system clock: the `Clock` adapter over the host's wall clock.
 *
 * @module
 */
import type { Clock } from '../ports/clock.js';

/** A {@link Clock} that reads the host's wall clock. The default of `createGovernance`. */
export const systemClock: Clock = Object.freeze({ now: () => new Date(), epochMilliseconds: () => Date.now() });
