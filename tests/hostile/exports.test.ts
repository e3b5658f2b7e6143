/**
 * Every function and class the package exports (the main entry and `secgov/testing`), given
 * hostile values for its arguments, answers with a value or a SecGovError (thrown, or a rejected
 * promise): never a TypeError or another crash. Hostile includes values whose reading runs code
 * that throws (a getter, a Proxy's traps). The focused tests beside each module check the codes
 * and messages; this one makes sure no export is left out, including ones added later.
 */
import { describe, expect, it } from 'vitest';
import * as secgov from '../../src/index.js';
import * as testing from '../../src/testing/index.js';
import { outcomeOf } from '../support/errors.js';
import { hostileValues as hostile, labelOf } from './hostile-values.js';

/** The exports that are functions or classes, with how many arguments to fill. */
const callables = [
  ...Object.entries(secgov),
  // describeStoreConformance registers tests with the framework it is given: not callable inside a test.
  ...Object.entries(testing).filter(([name]) => name !== 'describeStoreConformance').map(([name, f]) => [`testing.${name}`, f] as const),
].filter((entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function');
const isClass = (f: unknown) => /^class\s/.test(Function.prototype.toString.call(f));


describe('every export answers hostile arguments with a value or a SecGovError', () => {
  it.each(callables.map(([name, f]) => [name, f] as const))('%s', async (name, f) => {
    const arity = Math.max(1, Math.min(4, f.length));
    const crashes: string[] = [];
    for (const value of hostile) {
      // The hostile value everywhere, then in each place with plausible strings elsewhere.
      const calls: unknown[][] = [Array.from({ length: arity }, () => value)];
      for (let at = 0; at < arity; at++) calls.push(Array.from({ length: arity }, (_, i) => (i === at ? value : 'x')));
      for (const args of calls) {
        const result = await outcomeOf(() => (isClass(f) ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args)));
        if (result !== 'value' && result !== 'SecGovError') crashes.push(`${name}(${args.map(labelOf).join(', ')}) -> ${result}`);
      }
    }
    expect(crashes).toEqual([]);
  });
});
