import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyChanges, compareModels, comparisonChanges, renderComparison, restoreChanges, type Part, type SecurityModel } from '../../src/index.js';
import { governedModel, randomEdits } from './arbitrary.js';

const seed = fc.integer({ min: 0, max: 1_000_000 });
const RUNS = 40;

function expectSame(x: SecurityModel, y: SecurityModel, parts?: Part[]): void {
  const c = compareModels(x, y, parts ? { parts } : {});
  if (!c.identical) expect.fail(renderComparison(c));
}

describe('comparisonChanges: applying the differences of compare(a, b) to a gives b', () => {
  it('for models of different seeds with random edits (all parts)', () => {
    fc.assert(
      fc.property(seed, seed, seed, (s1, s2, s3) => {
        const a = randomEdits(governedModel(s1), s3, 15);
        const b = randomEdits(governedModel(s2), s3 + 1, 15);
        const result = applyChanges(a, comparisonChanges(a, b));
        expectSame(result, b);
      }),
      { numRuns: RUNS },
    );
  });

  it('for a model and a random edit of it, conflicts included (all parts)', () => {
    fc.assert(
      fc.property(seed, seed, fc.integer({ min: 1, max: 40 }), (s1, s2, count) => {
        const a = randomEdits(governedModel(s1), s2, 10, undefined, true);
        const b = randomEdits(a, s2 + 7, count, undefined, true);
        const changes = comparisonChanges(a, b);
        expectSame(applyChanges(a, changes), b);
        expect(comparisonChanges(b, b)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('for one part, when the other parts of b equal those of a', () => {
    fc.assert(
      fc.property(seed, seed, fc.constantFrom<Part>('configuration', 'governance', 'assignments'), (s1, s2, part) => {
        const a = randomEdits(governedModel(s1), s2, 10);
        const b = randomEdits(a, s2 + 3, 25, [part]);
        const changes = comparisonChanges(a, b, [part]);
        expectSame(applyChanges(a, changes), b);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('restoreChanges: restore(v) after random changes makes compare(v, current) empty for the restored parts', () => {
  it('restores exactly, or reports every record it left as it is', () => {
    fc.assert(
      fc.property(seed, seed, fc.constantFrom('governance', 'configuration', 'both') as fc.Arbitrary<'governance' | 'configuration' | 'both'>, fc.boolean(), (s1, s2, parts, removeCustomizations) => {
        const version = randomEdits(governedModel(s1), s2, 10);
        const current = randomEdits(version, s2 + 11, 30);
        const plan = restoreChanges(current, version, { parts, removeCustomizations });
        const restored = applyChanges(current, plan.changes);
        const partList: Part[] = parts === 'both' ? ['configuration', 'governance'] : [parts];
        const kept = new Set(plan.kept.map((k) => `${k.kind}:${k.id.toLowerCase()}`));
        const left = compareModels(version, restored, { parts: partList }).entries.filter(
          (e) => !kept.has(`${e.kind}:${e.key}`) && !(e.status === 'added' && !removeCustomizations),
        );
        expect(left.map((e) => `${e.kind} ${e.id} ${e.status}`)).toEqual([]);
        // Assignments are never restored.
        expectSame(current, restored, ['assignments']);
        // Restoring again changes nothing.
        expect(restoreChanges(restored, version, { parts, removeCustomizations }).changes).toEqual([]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('restores exactly when both parts are restored and nothing outside them refers to what changed', () => {
    fc.assert(
      fc.property(seed, seed, (s1, s2) => {
        const version = randomEdits(governedModel(s1), s2, 10);
        const current = randomEdits(version, s2 + 5, 30, ['configuration', 'governance']);
        const plan = restoreChanges(current, version, { parts: 'both' });
        const restored = applyChanges(current, plan.changes);
        if (plan.kept.length === 0) expectSame(version, restored);
        expect(plan.kept.every((k) => k.reason === 'kept')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
