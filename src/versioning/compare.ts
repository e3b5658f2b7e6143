/**
 * Comparing two models (two versions, or a version and the current state): per record added,
 * removed, changed or unchanged, and for a change exactly what.
 *
 * @module
 */
import { z } from 'zod';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { diffRecords, type FieldChange } from './fields.js';
import { kindsOf, partNames, partSchema, type ComparedKind, type Part } from './parts.js';
import { displayId, ModelTables, type VersionedRecord } from './records.js';

export type { VersionedRecord, RecordOfKind } from './records.js';

/** The status of one record in a comparison. */
export type ComparisonStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One record in a comparison. */
export interface ComparisonEntry {
  /** The kind of record. */
  readonly kind: ComparedKind;
  /** Its id, in the author's spelling (the newer one when both have it). */
  readonly id: string;
  /** Its lookup key (the id, case-folded). */
  readonly key: string;
  /** Added (only in the second model), removed (only in the first), changed, or unchanged (only with detail `all`). */
  readonly status: ComparisonStatus;
  /** For `changed`: exactly what changed, field by field. Empty otherwise. */
  readonly changes: readonly FieldChange[];
  /** The record in the first model (absent when added). */
  readonly before: VersionedRecord | undefined;
  /** The record in the second model (absent when removed). */
  readonly after: VersionedRecord | undefined;
}

/** Counts per status for one kind. */
export interface KindSummary {
  /** Records only in the second model. */
  readonly added: number;
  /** Records only in the first model. */
  readonly removed: number;
  /** Records in both, with differences. */
  readonly changed: number;
  /** Records in both, without differences. */
  readonly unchanged: number;
}

/** The result of {@link compareModels}. */
export interface ModelComparison {
  /** The detail asked for. */
  readonly detail: 'differences' | 'all';
  /** The parts compared. */
  readonly parts: readonly Part[];
  /** True when the compared parts have no difference. */
  readonly identical: boolean;
  /** The records, by kind in `comparedKinds` order, then by key. With detail `differences`, only the differing ones. */
  readonly entries: readonly ComparisonEntry[];
  /** Counts per kind, for the kinds of the compared parts. */
  readonly summary: Readonly<Partial<Record<ComparedKind, KindSummary>>>;
}

/** Options of {@link compareModels}. */
export interface CompareOptions {
  /** `differences` (default): only records that differ; `all`: unchanged records too. */
  readonly detail?: 'differences' | 'all';
  /** The parts to compare (default: all three, see {@link versionParts}). */
  readonly parts?: readonly Part[];
}

const compareOptionsSchema = z
  .strictObject({
    detail: z.enum(['differences', 'all']).default('differences'),
    parts: z.array(partSchema).min(1).max(partNames.length * 4).default([...partNames]),
  })
  .default({ detail: 'differences', parts: [...partNames] });

/** Parse compare options at the boundary. @internal */
export function parseCompareOptions(options: unknown): { detail: 'differences' | 'all'; parts: Part[] } {
  const parsed = parseOrThrow(compareOptionsSchema, options, 'compare options');
  return { detail: parsed.detail, parts: partNames.filter((p) => parsed.parts.includes(p)) };
}

/**
 * Compare two models: every record of the chosen parts that was added, removed or changed from `a`
 * to `b` (and with detail `all`, the unchanged ones too), with exactly what changed in each:
 * members added and removed, grants per entry point and right, values from → to, user attributes,
 * licences and parameters. Ids, references and members compare case-insensitively (ids are
 * case-insensitive; the author's spelling is kept for display), member lists and grants as sets
 * (their order carries no meaning), and so does the order of the licence catalogue.
 *
 * Records are compared by identity first: versions and models derived from one another share
 * every unchanged record, so comparing two large, similar models costs little more than a walk
 * over their keys.
 *
 * @example
 * const v1 = createModel(data);
 * const v2 = applyChanges(v1, [{ op: 'update', kind: 'role', id: 'Clerk', patch: { duties: ['Post'] } }]);
 * renderComparison(compareModels(v1, v2)); // 'role Clerk: changed\n  duties: + Post\n  ...'
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `a` or `b` is not a model or the options are malformed
 */
export function compareModels(a: SecurityModel, b: SecurityModel, options: CompareOptions = {}): ModelComparison {
  assertModel(a, 'first model');
  assertModel(b, 'second model');
  const { detail, parts } = parseCompareOptions(options);
  const ta = new ModelTables(a);
  const tb = new ModelTables(b);
  const entries: ComparisonEntry[] = [];
  const summary: Partial<Record<ComparedKind, KindSummary>> = {};
  for (const kind of kindsOf(parts)) summary[kind] = compareKind(kind, ta, tb, detail === 'all', entries);
  return { detail, parts, identical: entries.every((e) => e.status === 'unchanged'), entries, summary };
}

function compareKind(kind: ComparedKind, ta: ModelTables, tb: ModelTables, all: boolean, entries: ComparisonEntry[]): KindSummary {
  const ma = ta.get(kind);
  const mb = tb.get(kind);
  // Untouched collections are shared between derived models.
  if (ma === mb) {
    if (all) {
      const own: ComparisonEntry[] = [];
      for (const [key, record] of ma) own.push({ kind, id: displayId(kind, record), key, status: 'unchanged', changes: [], before: record, after: record });
      pushSorted(own, entries);
    }
    return { added: 0, removed: 0, changed: 0, unchanged: ma.size };
  }
  let added = 0;
  let removed = 0;
  let changed = 0;
  let unchanged = 0;
  const own: ComparisonEntry[] = [];
  for (const [key, after] of mb) {
    const before = ma.get(key);
    if (before === undefined) {
      added++;
      own.push({ kind, id: displayId(kind, after), key, status: 'added', changes: [], before: undefined, after });
      continue;
    }
    const changes = before === after ? [] : diffRecords(kind, before, after);
    if (changes.length > 0) {
      changed++;
      own.push({ kind, id: displayId(kind, after), key, status: 'changed', changes, before, after });
    } else {
      unchanged++;
      if (all) own.push({ kind, id: displayId(kind, after), key, status: 'unchanged', changes, before, after });
    }
  }
  if (ma.size > mb.size - added) {
    for (const [key, before] of ma) {
      if (mb.has(key)) continue;
      removed++;
      own.push({ kind, id: displayId(kind, before), key, status: 'removed', changes: [], before, after: undefined });
    }
  }
  pushSorted(own, entries);
  return { added, removed, changed, unchanged };
}

function pushSorted(own: ComparisonEntry[], entries: ComparisonEntry[]): void {
  own.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  for (const e of own) entries.push(e);
}

