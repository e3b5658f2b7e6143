/**
 * How the nested hostile sweeps vary an input: the whole of it, then each field (and the fields of
 * the records nested in it) set in turn to each hostile value.
 */
import { outcomeOf } from '../support/errors.js';
import { namedHostileValues } from './hostile-values.js';

/** Where a field is: keys of objects and indexes of arrays, from the top. */
export type Path = readonly (string | number)[];

/** True for an object made by `{}` (the sweeps go into these, and into arrays). */
export const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** `base` with the value at `path` replaced (copies along the path; `base` is left as it is). */
export function setAt(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(base)) {
    const copy = [...base];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy;
  }
  return { ...(base as object), [head as string]: setAt((base as Record<string, unknown>)[head as string], rest, value) };
}

/** The whole input (the empty path), then every field path of `base`: keys of plain objects, the first element of arrays, to `depth` levels. */
export function variedPaths(base: unknown, depth = 4): Path[] {
  return [[], ...fieldPaths(base, depth)];
}

function fieldPaths(base: unknown, depth: number, prefix: Path = []): Path[] {
  if (depth === 0) return [];
  const out: Path[] = [];
  const visit = (key: string | number, value: unknown) => {
    out.push([...prefix, key]);
    out.push(...fieldPaths(value, depth - 1, [...prefix, key]));
  };
  if (Array.isArray(base)) {
    if (base.length > 0) visit(0, base[0]);
  } else if (isPlain(base)) for (const k of Object.keys(base)) visit(k, base[k]);
  return out;
}

/** Each variant of `base`: its name (`path=label`) and the input. */
export function* variants(base: unknown, depth = 4): Generator<readonly [string, unknown]> {
  for (const path of variedPaths(base, depth)) for (const [label, value] of namedHostileValues) yield [`${path.join('.')}=${label}`, setAt(base, path, value)];
}

/** The variants of `base` that `call` answers with neither a value nor a SecGovError (awaited), as `path=label -> what it threw`. */
export async function crashesOf(base: unknown, call: (input: unknown) => unknown, depth = 4): Promise<string[]> {
  const crashes: string[] = [];
  for (const [name, input] of variants(base, depth)) {
    const result = await outcomeOf(() => call(input));
    if (result !== 'value' && result !== 'SecGovError') crashes.push(`${name} -> ${result}`);
  }
  return crashes;
}
