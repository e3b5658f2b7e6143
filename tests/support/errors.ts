/**
 * What a call answered, for the hostile-input tests. Any error other than a SecGovError fails the
 * test: hostile input must get a typed error.
 */
import { expect } from 'vitest';
import { SecGovError } from '../../src/model/errors.js';

/** The {@link SecGovError} `work` throws (any other error fails the test), or undefined when it returns. */
export function caught(work: () => unknown): SecGovError | undefined {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(SecGovError);
    return error as SecGovError;
  }
  return undefined;
}

/** The code of the {@link SecGovError} `work` throws, or `'OK'` when it returns. */
export function errorCode(work: () => unknown): string {
  return caught(work)?.code ?? 'OK';
}

/** Expect `work` to be refused with `VALIDATION_FAILED` in a short message naming `parameter`; the error. */
export function refused(work: () => unknown, parameter: string): SecGovError {
  const error = caught(work);
  expect(error?.code, `expected VALIDATION_FAILED naming ${parameter}`).toBe('VALIDATION_FAILED');
  expect(error!.message).toContain(parameter);
  expect(error!.message.length).toBeLessThan(2_000);
  return error!;
}

/**
 * What `work` answered, awaited when it is a promise: `'value'`, `'SecGovError'`, or the name and
 * message of any other error (a crash, which the sweeps list).
 */
export async function outcomeOf(work: () => unknown): Promise<string> {
  try {
    const value = work();
    if (value instanceof Promise) await value;
    return 'value';
  } catch (error) {
    if (error instanceof SecGovError) return 'SecGovError';
    return `${(error as Error)?.constructor?.name}: ${String((error as Error)?.message).slice(0, 120)}`;
  }
}
