/**
 * How messages name a wrong value.
 *
 * @module
 */

/**
 * What kind of value `value` is, for an error message: its type, and a string quoted when short (up
 * to 20 characters, escaped as JSON), else its length: never long content, which may be huge or
 * hostile. @internal
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length <= 20 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : 'a number';
  return typeof value === 'object' ? 'an object' : typeof value;
}
