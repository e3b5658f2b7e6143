/**
 * Separation of privileges: how much one duty or privilege overlaps another, computed with an
 * inverted index over entry points rather than by comparing all pairs.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { idSchema } from '../model/ids.js';
import { parseOrThrow } from '../model/zod-problems.js';

/** The kinds of object compared for similarity. */
export type SimilarityKind = 'privilege' | 'duty';

/** One overlap: the share of `object`'s entry points that `other` also grants. */
export interface SimilarityPair {
  /** The kind of both objects. */
  readonly kind: SimilarityKind;
  /** The object whose entry points are measured (X). */
  readonly object: string;
  /** The object that also grants them (Y). */
  readonly other: string;
  /** Entry points of X that Y also grants. */
  readonly shared: number;
  /** Entry points of X. */
  readonly total: number;
  /** `shared / total` as a percentage (0 to 100). */
  readonly percent: number;
}

/**
 * Duties or privileges of one kind, numbered, each with the entry points it grants (a duty: those
 * of its privileges), also numbered, and the inverted index over entry points: which objects grant
 * each. Numbers instead of id strings: at ERP size the index is built on every similarity check,
 * and string sets and lookups were most of its cost.
 */
class SimilarityIndex {
  /** Object keys by number, in the model's order. */
  private readonly keys: string[] = [];
  /** Object number by key. */
  private readonly numbers = new Map<string, number>();
  /** The entry point numbers of each object, each once. */
  private readonly entryPoints: Int32Array[] = [];
  /** Entry point number by id as spelled and by lookup key. */
  private readonly epNumbers = new Map<string, number>();
  /** The objects granting entry point `e`: `objects[start[e]]` to `objects[start[e + 1] - 1]`. */
  private readonly start: Int32Array;
  private readonly objects: Int32Array;

  constructor(
    readonly kind: SimilarityKind,
    model: SecurityModel,
    private readonly ids: (key: string) => string,
  ) {
    let epCount = 0;
    const epOf = (spelled: string): number => {
      let n = this.epNumbers.get(spelled);
      if (n === undefined) {
        const key = idKey(spelled);
        n = key === spelled ? undefined : this.epNumbers.get(key);
        if (n === undefined) this.epNumbers.set(key, (n = epCount++));
        this.epNumbers.set(spelled, n);
      }
      return n;
    };
    // Each entry point once per object, whatever its spelling or the number of privileges granting it.
    // Grants name existing entry points, so there are at most as many numbers as entry points.
    let seen = new Int32Array(model.entryPoints.size + 1);
    let stamp = 0;
    const out: number[] = [];
    const add = (n: number) => {
      if (n >= seen.length) {
        const grown = new Int32Array(2 * n + 1);
        grown.set(seen);
        seen = grown;
      }
      if (seen[n] === stamp) return;
      seen[n] = stamp;
      out.push(n);
    };
    const unique = (fill: () => void): Int32Array => {
      stamp++;
      out.length = 0;
      fill();
      return Int32Array.from(out);
    };
    const privileges = new Map<string, Int32Array>();
    for (const [key, p] of model.privileges) privileges.set(key, unique(() => p.grants.forEach((g) => add(epOf(g.entryPoint)))));
    const sets: Iterable<[string, Int32Array]> =
      kind === 'privilege'
        ? privileges
        : [...model.duties].map(([key, d]) => [key, unique(() => d.privileges.forEach((p) => privileges.get(idKey(p))?.forEach(add)))] as [string, Int32Array]);
    const counts = new Int32Array(epCount + 1);
    for (const [key, eps] of sets) {
      this.numbers.set(key, this.keys.length);
      this.keys.push(key);
      this.entryPoints.push(eps);
      for (let i = 0; i < eps.length; i++) counts[eps[i]! + 1]!++;
    }
    this.start = new Int32Array(epCount + 1);
    for (let e = 0; e < epCount; e++) this.start[e + 1] = this.start[e]! + counts[e + 1]!;
    const next = this.start.slice(0, epCount);
    this.objects = new Int32Array(this.start[epCount]!);
    this.entryPoints.forEach((eps, x) => {
      for (let i = 0; i < eps.length; i++) this.objects[next[eps[i]!]!++] = x;
    });
  }

  /** The entry point numbers of an object (by key), if it exists. */
  entryPointsOf(key: string): Int32Array | undefined {
    const x = this.numbers.get(key);
    return x === undefined ? undefined : this.entryPoints[x];
  }

  /**
   * Every other object sharing entry points with an object (by key), with the share of its entry
   * points each also grants, highest first.
   */
  similarTo(self: string): SimilarityPair[] {
    const x = this.numbers.get(self)!;
    const eps = this.entryPoints[x]!;
    const counts = new Map<number, number>();
    for (let i = 0; i < eps.length; i++) {
      const e = eps[i]!;
      for (let k = this.start[e]!; k < this.start[e + 1]!; k++) {
        const other = this.objects[k]!;
        if (other !== x) counts.set(other, (counts.get(other) ?? 0) + 1);
      }
    }
    const total = eps.length;
    const name = this.ids(self);
    return [...counts]
      .map(([other, shared]) => ({ kind: this.kind, object: name, other: this.ids(this.keys[other]!), shared, total, percent: (shared / total) * 100 }))
      .sort((a, b) => b.percent - a.percent || (a.other < b.other ? -1 : 1));
  }

  /** All pairs (X, Y) where Y grants at least `level` percent of X's entry points, highest first. */
  pairsAbove(level: number): SimilarityPair[] {
    const out: SimilarityPair[] = [];
    const n = this.keys.length;
    const counts = new Int32Array(n);
    const touched = new Int32Array(n);
    const names: (string | undefined)[] = new Array(n);
    const name = (i: number) => names[i] ?? (names[i] = this.ids(this.keys[i]!));
    const { start, objects } = this;
    for (let self = 0; self < n; self++) {
      const eps = this.entryPoints[self]!;
      const total = eps.length;
      if (total === 0) continue;
      let touchedCount = 0;
      for (let i = 0; i < total; i++) {
        const e = eps[i]!;
        for (let k = start[e]!, end = start[e + 1]!; k < end; k++) {
          const other = objects[k]!;
          if (counts[other] === 0) touched[touchedCount++] = other;
          counts[other]!++;
        }
      }
      for (let k = 0; k < touchedCount; k++) {
        const other = touched[k]!;
        const shared = counts[other]!;
        counts[other] = 0;
        if (other === self) continue;
        if (shared * 100 < level * total) continue; // integers: no rounding at the boundary
        out.push({ kind: this.kind, object: name(self), other: name(other), shared, total, percent: (shared / total) * 100 });
      }
    }
    return out.sort((a, b) => b.percent - a.percent || (a.object < b.object ? -1 : a.object > b.object ? 1 : a.other < b.other ? -1 : 1));
  }
}

/** Build the similarity index of one kind for a model. */
function compileSimilarity(model: SecurityModel, kind: SimilarityKind): SimilarityIndex {
  const collection = kind === 'privilege' ? model.privileges : model.duties;
  return new SimilarityIndex(kind, model, (key) => collection.get(key)?.id ?? key);
}

const kindSchema = z.enum(['privilege', 'duty']);
const levelSchema = z.number().min(0).max(100);

/**
 * Pairs of duties or privileges where one (Y, `other`) grants at least `level` percent of the other's
 * (X, `object`) entry points: the separation-of-privileges report, highest share first. Computed with
 * an inverted index over entry points: each object is compared only with objects sharing an entry
 * point with it, never with all others. Only pairs sharing at least one entry point are listed, so
 * level 0 lists every overlapping pair (not every pair), and objects without entry points have no
 * similarity.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for an unknown kind, a level outside 0..100, or
 *   when `model` is not a model
 */
export function similarityReport(model: SecurityModel, kind: SimilarityKind, level: number): SimilarityPair[] {
  assertModel(model);
  const k = parseOrThrow(kindSchema, kind, 'kind');
  const l = parseOrThrow(levelSchema, level, 'level');
  return compileSimilarity(model, k).pairsAbove(l);
}

/**
 * The duties or privileges that grant entry points of one duty or privilege, with the share of its
 * entry points each grants, highest first.
 *
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown object, `VALIDATION_FAILED` for an unknown kind
 *   or when `model` is not a model
 */
export function similarTo(model: SecurityModel, kind: SimilarityKind, id: string): SimilarityPair[] {
  assertModel(model);
  const k = parseOrThrow(kindSchema, kind, 'kind');
  const key = idKey(parseOrThrow(idSchema, id, 'id'));
  const index = compileSimilarity(model, k);
  const eps = index.entryPointsOf(key);
  if (!eps) throw new SecGovError('NOT_FOUND', `${k} "${id}" does not exist`, { ids: [id] });
  return eps.length === 0 ? [] : index.similarTo(key);
}

/**
 * The similarity findings of a batch: for each duty and privilege the batch added or changed (X),
 * the other objects of its kind (Y) granting at least `level` percent of X's entry points.
 * @internal
 */
export function similarityFindings(model: SecurityModel, changes: readonly Change[], level: number): SimilarityPair[] {
  const touched: Record<SimilarityKind, Set<string>> = { privilege: new Set(), duty: new Set() };
  for (const c of changes) {
    if ((c.op === 'add' || c.op === 'update') && (c.kind === 'privilege' || c.kind === 'duty')) {
      touched[c.kind].add(idKey(c.op === 'add' ? (c.value as { id: string }).id : c.id));
    } else if (c.op === 'setGrant' || c.op === 'removeGrant') touched.privilege.add(idKey(c.privilege));
  }
  const out: SimilarityPair[] = [];
  for (const kind of ['privilege', 'duty'] as const) {
    if (touched[kind].size === 0) continue;
    const index = compileSimilarity(model, kind);
    for (const key of touched[kind]) {
      const eps = index.entryPointsOf(key);
      if (!eps || eps.length === 0) continue;
      for (const pair of index.similarTo(key)) if (pair.shared * 100 >= level * pair.total) out.push(pair);
    }
  }
  return out;
}
