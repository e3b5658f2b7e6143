/**
 * Every function and class the package exports, given hostile values for its arguments, answers
 * with a value or a SecGovError (thrown, or a rejected promise): never a TypeError or another crash.
 * The focused tests beside each module check the codes and messages; this one makes sure no export
 * is left out, including ones added later.
 */
import { describe, expect, it } from 'vitest';
import * as secgov from '../../src/index.js';

const huge = 'x'.repeat(100_000);
const hostile: readonly unknown[] = [null, undefined, {}, [], 42, Number.NaN, huge, [null], Object.create(null)];

/** The exports that are functions or classes, with how many arguments to fill. */
const callables = Object.entries(secgov).filter((entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function');
const isClass = (f: unknown) => /^class\s/.test(Function.prototype.toString.call(f));

async function outcome(work: () => unknown): Promise<string> {
  try {
    const value = work();
    if (value instanceof Promise) await value;
    return 'value';
  } catch (error) {
    if (error instanceof secgov.SecGovError) return 'SecGovError';
    return `${(error as Error)?.constructor?.name}: ${String((error as Error)?.message).slice(0, 120)}`;
  }
}

describe('every export answers hostile arguments with a value or a SecGovError', () => {
  it.each(callables.map(([name, f]) => [name, f] as const))('%s', async (name, f) => {
    const arity = Math.max(1, Math.min(4, f.length));
    const crashes: string[] = [];
    for (const value of hostile) {
      // The hostile value everywhere, then in each place with plausible strings elsewhere.
      const calls: unknown[][] = [Array.from({ length: arity }, () => value)];
      for (let at = 0; at < arity; at++) calls.push(Array.from({ length: arity }, (_, i) => (i === at ? value : 'x')));
      for (const args of calls) {
        const result = await outcome(() => (isClass(f) ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args)));
        if (result !== 'value' && result !== 'SecGovError') crashes.push(`${name}(${args.map((a) => (a === huge ? 'huge' : JSON.stringify(a) ?? String(a))).join(', ')}) -> ${result}`);
      }
    }
    expect(crashes).toEqual([]);
  });
});
