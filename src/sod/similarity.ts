/**
 * Separation of privileges: how much one duty or privilege overlaps another, computed with an
 * inverted index over entry points rather than by comparing all pairs.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
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

/** Entry point keys each object of a kind lists in its grants (a duty: those of its privileges). */
export function entryPointSets(model: SecurityModel, kind: SimilarityKind): Map<string, Set<string>> {
  const privileges = new Map<string, Set<string>>();
  for (const [key, p] of model.privileges) privileges.set(key, new Set(p.grants.map((g) => idKey(g.entryPoint))));
  if (kind === 'privilege') return privileges;
  const duties = new Map<string, Set<string>>();
  for (const [key, d] of model.duties) {
    const set = new Set<string>();
    for (const p of d.privileges) for (const e of privileges.get(idKey(p)) ?? []) set.add(e);
    duties.set(key, set);
  }
  return duties;
}

/** An inverted index over entry points: which objects grant each. */
export class SimilarityIndex {
  /** Object numbers granting each entry point key. */
  private readonly byEntryPoint = new Map<string, number[]>();
  /** Object keys by number. */
  private readonly keys: string[] = [];

  /** @param sets - entry point keys of each object key (from {@link entryPointSets}) */
  constructor(
    readonly kind: SimilarityKind,
    private readonly sets: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly ids: (key: string) => string,
  ) {
    for (const [object, eps] of sets) {
      const n = this.keys.length;
      this.keys.push(object);
      for (const ep of eps) {
        const list = this.byEntryPoint.get(ep);
        if (list) list.push(n);
        else this.byEntryPoint.set(ep, [n]);
      }
    }
  }

  /** The entry point keys of an object (by key), if it exists. */
  entryPointsOf(key: string): ReadonlySet<string> | undefined {
    return this.sets.get(key);
  }

  /**
   * Every other object sharing entry points with an object given by its entry points, with the share
   * of those entry points it also grants, highest first. `self` (a key) is left out.
   */
  similarTo(entryPoints: ReadonlySet<string>, self?: string): SimilarityPair[] {
    const counts = new Map<number, number>();
    for (const ep of entryPoints) {
      for (const other of this.byEntryPoint.get(ep) ?? []) if (this.keys[other] !== self) counts.set(other, (counts.get(other) ?? 0) + 1);
    }
    const total = entryPoints.size;
    const name = self === undefined ? '(new)' : this.ids(self);
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
    let x = 0;
    for (const eps of this.sets.values()) {
      const self = x++;
      const total = eps.size;
      if (total === 0) continue;
      let touchedCount = 0;
      for (const ep of eps) {
        const list = this.byEntryPoint.get(ep)!;
        for (let k = 0; k < list.length; k++) {
          const other = list[k]!;
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
export function compileSimilarity(model: SecurityModel, kind: SimilarityKind): SimilarityIndex {
  const collection = kind === 'privilege' ? model.privileges : model.duties;
  return new SimilarityIndex(kind, entryPointSets(model, kind), (key) => collection.get(key)?.id ?? key);
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
 * @throws {@link SecGovError} `VALIDATION_FAILED` for an unknown kind or a level outside 0..100
 */
export function similarityReport(model: SecurityModel, kind: SimilarityKind, level: number): SimilarityPair[] {
  const k = parseOrThrow(kindSchema, kind, 'kind');
  const l = parseOrThrow(levelSchema, level, 'level');
  return compileSimilarity(model, k).pairsAbove(l);
}

/**
 * The duties or privileges that grant entry points of one duty or privilege, with the share of its
 * entry points each grants, highest first.
 *
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown object, `VALIDATION_FAILED` for an unknown kind
 */
export function similarTo(model: SecurityModel, kind: SimilarityKind, id: string): SimilarityPair[] {
  const k = parseOrThrow(kindSchema, kind, 'kind');
  const key = idKey(parseOrThrow(idSchema, id, 'id'));
  const index = compileSimilarity(model, k);
  const eps = index.entryPointsOf(key);
  if (!eps) throw new SecGovError('NOT_FOUND', `${k} "${id}" does not exist`, { ids: [id] });
  return eps.size === 0 ? [] : index.similarTo(eps, key);
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
      if (!eps || eps.size === 0) continue;
      for (const pair of index.similarTo(eps, key)) if (pair.shared * 100 >= level * pair.total) out.push(pair);
    }
  }
  return out;
}
