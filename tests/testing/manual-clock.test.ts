import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';

describe('clocks', () => {
  it('ManualClock: epochMilliseconds equals now() after set and advance, without a Date', () => {
    const clock = new ManualClock('2026-03-29T00:30:00Z');
    expect(clock.epochMilliseconds()).toBe(clock.now().getTime());
    clock.advance({ hours: 1, minutes: 30 });
    expect(clock.epochMilliseconds()).toBe(Date.parse('2026-03-29T02:00:00Z'));
    clock.set('2026-10-25T01:00:00Z');
    expect(clock.epochMilliseconds()).toBe(clock.now().getTime());
  });

  it('systemClock: epochMilliseconds is the wall clock in milliseconds', () => {
    const before = Date.now();
    const ms = systemClock.epochMilliseconds!();
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(Math.abs(ms - systemClock.now().getTime())).toBeLessThan(1000);
  });
});
