/**
 * The callbacks callers hand to SoD functions (a user's effective assignments, with sessions in
 * force), checked as they answer: a wrong answer is a `VALIDATION_FAILED` error naming the
 * callback, not a `TypeError` from deep inside a scan.
 *
 * @module
 * @internal
 */
import { assertArrayOf, assertAssignmentShape, invalid, kindOf } from '../model/arguments.js';
import type { Assignment } from '../model/schemas.js';

/**
 * `fn` (the option `name`) wrapped so that each answer is checked: a list of assignments, or
 * `undefined` when `mayAnswerUndefined`. `undefined` when `fn` is.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `fn` is neither a function nor undefined; the
 *   wrapped function throws it for a wrong answer
 * @internal
 */
export function checkedAssignmentsCallback<A extends readonly unknown[], U extends boolean>(
  fn: unknown,
  name: string,
  mayAnswerUndefined: U,
): ((...args: A) => readonly Assignment[] | (U extends true ? undefined : never)) | undefined {
  if (fn === undefined) return undefined;
  if (typeof fn !== 'function') throw invalid(name, 'a function answering a list of assignments, or undefined', fn);
  return (...args: A) => {
    const answer: unknown = (fn as (...a: A) => unknown)(...args);
    if (answer === undefined && mayAnswerUndefined) return undefined as never;
    try {
      assertArrayOf(answer, name, assertAssignmentShape);
    } catch {
      // Named only on failure: building the name costs more than the check of a good answer.
      assertArrayOf(answer, `the answer of ${name} for ${kindOf(args[0])}`, assertAssignmentShape);
    }
    return answer as readonly Assignment[];
  };
}
