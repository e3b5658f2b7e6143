/**
 * The hostile argument values the export and method sweeps hand to every public function: wrong
 * types, empty and huge values, and objects whose reading runs code that throws.
 */

/** A string far past every length limit. */
export const huge = 'x'.repeat(100_000);

const trap = (name: string) => () => {
  throw new Error(`trap ${name}`);
};

/** A Proxy every trap of which throws: even asking what it is runs code that fails. */
const throwingProxy = new Proxy(
  {},
  { get: trap('get'), has: trap('has'), ownKeys: trap('ownKeys'), getOwnPropertyDescriptor: trap('getOwnPropertyDescriptor'), getPrototypeOf: trap('getPrototypeOf') },
);

/** An object whose usual fields are getters that throw. */
const throwingGetters = Object.defineProperties(
  {},
  Object.fromEntries(['id', 'user', 'role', 'kind', 'name', 'at', 'entryPoints', 'changes', 'store', 'clock'].map((key) => [key, { get: trap(key), enumerable: true }])),
);

/** An array whose length cannot be read. */
const throwingArray = new Proxy([], { get: (target, key) => (key === 'length' ? trap('length')() : Reflect.get(target, key)) });

/** Hostile values that run no code when read, each with a label for messages. */
const plainHostileValues: readonly (readonly [string, unknown])[] = [
  ['null', null],
  ['undefined', undefined],
  ['{}', {}],
  ['[]', []],
  ['42', 42],
  ['NaN', Number.NaN],
  ['huge', huge],
  ['[null]', [null]],
  ['bare', Object.create(null)],
  ['function', () => 'x'],
];

/**
 * Every hostile value, each with a label: the plain ones, other primitives, and values whose
 * reading runs code that throws. The export, method and nested-option sweeps use these.
 */
export const namedHostileValues: readonly (readonly [string, unknown])[] = [
  ...plainHostileValues,
  ['Symbol()', Symbol('hostile')],
  ['10n', 10n],
  ['a throwing proxy', throwingProxy],
  ['throwing getters', throwingGetters],
  ['[a throwing proxy]', [throwingProxy]],
  ['an array whose length throws', throwingArray],
];

/** The values. */
export const hostileValues: readonly unknown[] = namedHostileValues.map(([, value]) => value);

/** A short label for a value in a failure message (reading a hostile value to describe it would throw). */
export function labelOf(value: unknown): string {
  const found = namedHostileValues.find(([, v]) => v === value);
  return found ? found[0] : typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
