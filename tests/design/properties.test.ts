import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, createModel, duplicateToLicense, effectiveEntryPoints, isSecGovError, subtractDuty, type SecurityModel } from '../../src/index.js';
import { modelDataArb } from '../licensing/arbitraries.js';
import { referenceLicenses } from '../reference/licensing.js';
import { referenceGrants, referencePrivileges, rightsOf } from './reference.js';

const lower = (s: string) => s.toLowerCase();

/** A model with at least one role or duty, and picks into it. */
const caseArb = fc.record({ data: modelDataArb, pick: fc.nat(), licence: fc.nat(), removals: fc.array(fc.nat(), { maxLength: 6 }), kind: fc.constantFrom('role' as const, 'duty' as const, 'privilege' as const), keepRead: fc.boolean() });

function pickSource(model: SecurityModel, kind: 'role' | 'duty' | 'privilege', pick: number): string | undefined {
  const list = [...(kind === 'role' ? model.roles : kind === 'duty' ? model.duties : model.privileges).values()];
  return list.length === 0 ? undefined : list[pick % list.length]!.id;
}

describe('duty subtraction (property)', () => {
  it('keeps exactly the source entry points minus the removed ones, with the combined rights', () => {
    fc.assert(
      fc.property(caseArb, ({ data, pick, kind, removals }) => {
        const model = createModel(data);
        const id = pickSource(model, kind, pick);
        if (id === undefined) return;
        const epIds = [...model.entryPoints.keys()];
        const remove = [...new Set(removals.map((r) => epIds[r % epIds.length]!))];
        const expected = referenceGrants(model, kind, id);
        expect(new Map(effectiveEntryPoints(model, { kind, id }).map((g) => [lower(g.entryPoint), rightsOf(g)]))).toEqual(expected);
        const kept = [...expected.keys()].filter((k) => !remove.includes(k));
        let result;
        try {
          result = subtractDuty(model, { source: { kind, id }, remove, duty: { id: 'NewDuty', name: 'New duty' } });
        } catch (error) {
          expect(isSecGovError(error, 'VALIDATION_FAILED')).toBe(true);
          expect(kept).toEqual([]); // refused only when nothing is left
          return;
        }
        expect(result.kept.map(lower).sort()).toEqual(kept.sort());
        expect(result.removed.map(lower).sort()).toEqual(remove.filter((k) => expected.has(k)).sort());
        expect(result.notInSource.map(lower).sort()).toEqual(remove.filter((k) => !expected.has(k)).sort());
        const next = applyChanges(model, result.changes);
        const grants = next.privileges.get('newduty')!.grants;
        for (const g of grants) expect(rightsOf(g)).toEqual(expected.get(lower(g.entryPoint)));
        expect(next.duties.get('newduty')!.privileges).toEqual(['NewDuty']);
      }),
      { numRuns: 300 },
    );
  });
});

describe('duplicate to licence (property)', () => {
  it('every kept grant is covered by the target, every dropped one is listed, nothing else changes', () => {
    fc.assert(
      fc.property(caseArb, ({ data, pick, licence, kind: k, keepRead }) => {
        const kind = k === 'privilege' ? 'duty' : k;
        const model = createModel(data);
        const id = pickSource(model, kind, pick);
        if (id === undefined) return;
        const target = model.licenses.licenses[licence % model.licenses.licenses.length]!.id;
        const result = duplicateToLicense(model, { source: { kind, id }, license: target, keepReadAccess: keepRead });
        const next = applyChanges(model, result.changes);
        const ref = referenceLicenses(model);
        const fits = (g: Parameters<typeof ref.grantLicense>[0]) => {
          const need = ref.grantLicense(g);
          return need === null || ref.covers(target, need);
        };

        // Map each privilege of the copy back to its original.
        const original = new Map<string, string>([...model.privileges.keys()].map((key) => [key, key]));
        for (const c of result.copies) if (c.kind === 'privilege') original.set(lower(c.to), lower(c.from));

        const copyGrants = new Set<string>();
        for (const p of referencePrivileges(next, kind, result.copy)) {
          for (const g of next.privileges.get(p)!.grants) {
            expect(fits(g)).toBe(true); // every kept grant is covered by the target
            copyGrants.add(`${original.get(p)}|${lower(g.entryPoint)}|${JSON.stringify(rightsOf(g))}`);
          }
        }
        const expectedGrants = new Set<string>();
        const expectedOmitted = new Set<string>();
        for (const p of referencePrivileges(model, kind, id)) {
          for (const g of model.privileges.get(p)!.grants) {
            if (fits(g)) expectedGrants.add(`${p}|${lower(g.entryPoint)}|${JSON.stringify(rightsOf(g))}`);
            else expectedOmitted.add(`${p}|${lower(g.entryPoint)}`);
          }
        }
        const omitted = new Set(result.omitted.map((o) => `${lower(o.privilege)}|${lower(o.entryPoint)}`));
        expect(omitted).toEqual(expectedOmitted); // every dropped (or reduced) grant is listed, once
        expect(result.omitted.length).toBe(omitted.size);
        for (const o of result.omitted) expect(ref.covers(target, o.requires)).toBe(false);
        // The copy holds exactly the grants that fit, plus read-only versions of the reduced ones.
        const reduced = result.omitted.filter((o) => o.action === 'reduced-to-read');
        if (!keepRead) expect(reduced).toEqual([]);
        const withoutReduced = new Set([...copyGrants].filter((s) => !reduced.some((o) => s.startsWith(`${lower(o.privilege)}|${lower(o.entryPoint)}|`))));
        expect(withoutReduced).toEqual(expectedGrants);
        expect(copyGrants.size - withoutReduced.size).toBe(reduced.length);
        // Originals are untouched.
        for (const [key, role] of model.roles) expect(next.roles.get(key)).toEqual(role);
        for (const [key, duty] of model.duties) expect(next.duties.get(key)).toEqual(duty);
      }),
      { numRuns: 300 },
    );
  });
});
