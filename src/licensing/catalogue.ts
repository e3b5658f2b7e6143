/**
 * The licence catalogue compiled for fast questions: positions, the reflexive and transitive
 * "covers" relation as bitmasks, and the licences that mean "no licence needed".
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import { licenseCatalogueSchema } from '../model/schemas.js';
import type { LicenseCatalogue } from '../model/schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { bigintMasks, MAX_NUMBER_MASK_LICENSES, numberMasks } from './masks.js';
import type { MaskOps } from './masks.js';
import { shownId, tooLongForAnId } from './shown.js';

/**
 * The id of the licence that means "no licence needed" (case-insensitive). It and every licence it
 * covers are dropped from requirements.
 */
export const NO_LICENSE = 'none';

/** A catalogue compiled to bitmasks of representation `M`. @internal */
export interface CompiledCatalogue<M> {
  /** The set operations for `M`. */
  readonly ops: MaskOps<M>;
  /** Display id of each licence, by catalogue position. */
  readonly ids: readonly string[];
  /** Catalogue position by {@link idKey} of the licence id. */
  readonly positionOf: ReadonlyMap<string, number>;
  /** `down[i]`: the licences licence `i` covers, itself included. */
  readonly down: readonly M[];
  /** `downSize[i]`: how many licences licence `i` covers, itself included. */
  readonly downSize: readonly number[];
  /** Licences that mean "no licence needed": {@link NO_LICENSE} and all it covers. */
  readonly free: M;
  /** The maximal elements of `mask` under "covers": the smallest set covering all of it. */
  maximal(mask: M): M;
}

/** A compiled catalogue of either representation. @internal */
export type AnyCompiledCatalogue = CompiledCatalogue<number> | CompiledCatalogue<bigint>;

const compiled = new WeakMap<object, AnyCompiledCatalogue>();

/**
 * Compile `catalogue` (memoised per catalogue object). Checks what a model's validation checks:
 * unique ids, covered licences that exist, and no licence covering itself through the relation.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED`, `DUPLICATE_ID` or `MISSING_REFERENCE`
 * @internal
 */
export function compileCatalogue(catalogue: LicenseCatalogue, options: { readonly wide?: boolean } = {}): AnyCompiledCatalogue {
  const wide = options.wide === true;
  const cached = wide ? undefined : compiled.get(catalogue);
  if (cached) return cached;
  const parsed = parseOrThrow(licenseCatalogueSchema, catalogue, 'licence catalogue');
  const result: AnyCompiledCatalogue =
    wide || parsed.licenses.length > MAX_NUMBER_MASK_LICENSES ? build(parsed, bigintMasks) : build(parsed, numberMasks);
  if (!wide && typeof catalogue === 'object' && catalogue !== null) compiled.set(catalogue, result);
  return result;
}

function build<M>(catalogue: LicenseCatalogue, ops: MaskOps<M>): CompiledCatalogue<M> {
  const { licenses } = catalogue;
  const positionOf = new Map<string, number>();
  const problems: Problem[] = [];
  licenses.forEach((license, position) => {
    const key = idKey(license.id);
    if (positionOf.has(key)) problems.push({ code: 'DUPLICATE_ID', message: `licence "${license.id}" is listed twice`, ids: [license.id] });
    else positionOf.set(key, position);
  });
  const edges = licenses.map((license) =>
    license.covers.flatMap((covered) => {
      const position = positionOf.get(idKey(covered));
      if (position === undefined) {
        problems.push({ code: 'MISSING_REFERENCE', message: `licence "${license.id}" covers missing licence "${covered}"`, ids: [license.id, covered] });
        return [];
      }
      return [position];
    }),
  );
  if (problems.length > 0) throw SecGovError.fromProblems(problems);

  const down = closeDownward(licenses.map((l) => l.id), edges, ops);
  const none = positionOf.get(idKey(NO_LICENSE));
  const free = none === undefined ? ops.empty : down[none]!;
  const strictDown = down.map((mask, position) => ops.andNot(mask, ops.bit(position)));
  return {
    ops,
    ids: licenses.map((l) => l.id),
    positionOf,
    down,
    downSize: down.map((mask) => ops.indices(mask).length),
    free,
    maximal(mask) {
      let dominated = ops.empty;
      for (const position of ops.indices(mask)) dominated = ops.or(dominated, strictDown[position]!);
      return ops.andNot(mask, dominated);
    },
  };
}

/**
 * The reflexive, transitive closure of `edges` (licence → licences it covers directly), computed
 * with an iterative depth-first search so long chains cannot overflow the stack.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming a licence that covers itself
 */
function closeDownward<M>(ids: readonly string[], edges: readonly (readonly number[])[], ops: MaskOps<M>): M[] {
  const down: (M | undefined)[] = ids.map(() => undefined);
  const onPath = new Uint8Array(ids.length);
  for (let start = 0; start < ids.length; start += 1) {
    if (down[start] !== undefined) continue;
    const stack: { position: number; next: number }[] = [{ position: start, next: 0 }];
    onPath[start] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const children = edges[frame.position]!;
      if (frame.next < children.length) {
        const child = children[frame.next++]!;
        if (onPath[child] === 1) {
          throw new SecGovError('VALIDATION_FAILED', `licence "${ids[child]}" covers itself through the covers relation`, { ids: [ids[child]!] });
        }
        if (down[child] === undefined) {
          onPath[child] = 1;
          stack.push({ position: child, next: 0 });
        }
        continue;
      }
      let mask = ops.bit(frame.position);
      for (const child of children) mask = ops.or(mask, down[child]!);
      down[frame.position] = mask;
      onPath[frame.position] = 0;
      stack.pop();
    }
  }
  return down as M[];
}

/**
 * True when licence `a` covers licence `b` in `catalogue`: `a` is `b`, or `a` covers `b` directly
 * or through other licences. Ids are case-insensitive.
 *
 * @example licenseCovers(defaultLicenseCatalogue, 'operations', 'team-members') // true
 * @throws {@link SecGovError} `NOT_FOUND` when either licence is not in the catalogue;
 *   `VALIDATION_FAILED` when the catalogue itself is invalid
 */
export function licenseCovers(catalogue: LicenseCatalogue, a: string, b: string): boolean {
  const compiledCatalogue = compileCatalogue(catalogue);
  const position = (id: string): number => {
    const found = typeof id === 'string' && !tooLongForAnId(id) ? compiledCatalogue.positionOf.get(idKey(id)) : undefined;
    if (found === undefined) throw new SecGovError('NOT_FOUND', `licence "${shownId(id)}" is not in the catalogue`, { ids: [shownId(id)] });
    return found;
  };
  const pa = position(a);
  const pb = position(b);
  return coversAt(compiledCatalogue, pa, pb);
}

/** True when the licence at position `a` covers the one at position `b`. @internal */
export function coversAt(catalogue: AnyCompiledCatalogue, a: number, b: number): boolean {
  const { ops, down } = catalogue as CompiledCatalogue<unknown>;
  return !ops.isEmpty(ops.and(down[a], ops.bit(b)));
}
