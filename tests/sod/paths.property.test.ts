/**
 * Property tests: the paths a role conflict names (role → sub-role → … → duty) against a plain
 * reference that lists every chain of sub-roles, on random acyclic role graphs; and a deep chain,
 * which must stay linear.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createModel, idKey, type SecurityModel } from '../../src/model/index.js';
import { dutyPaths } from '../../src/sod/context.js';
import { accessModelArb } from '../access/arbitraries.js';

/** Every chain of role ids from `start` (following sub-roles), by brute force. */
function allChains(model: SecurityModel, start: string): string[][] {
  const out: string[][] = [];
  const walk = (chain: string[]) => {
    out.push(chain);
    const role = model.roles.get(idKey(chain[chain.length - 1]!))!;
    for (const sub of role.subRoles) walk([...chain, model.roles.get(idKey(sub))!.id]);
  };
  walk([model.roles.get(idKey(start))!.id]);
  return out;
}

const lists = (model: SecurityModel, roleId: string, dutyKey: string) => model.roles.get(idKey(roleId))!.duties.some((d) => idKey(d) === dutyKey);

describe('duty paths', () => {
  it('name, for each role below that lists the duty, one of its shortest chains, shortest first, at most the limit', () => {
    fc.assert(
      fc.property(accessModelArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 }), (data, r, d, limit) => {
        const model = createModel(data);
        const roles = [...model.roles.keys()];
        const duties = [...model.duties.values()].map((x) => x.id);
        if (roles.length === 0 || duties.length === 0) return;
        const start = roles[r % roles.length]!;
        const dutyKey = idKey(duties[d % duties.length]!);
        const paths = dutyPaths(model, start, dutyKey, limit);

        // The reference: the shortest chain length to each role that lists the duty.
        const shortest = new Map<string, number>();
        for (const chain of allChains(model, start)) {
          const end = idKey(chain[chain.length - 1]!);
          if (lists(model, end, dutyKey)) shortest.set(end, Math.min(shortest.get(end) ?? Infinity, chain.length));
        }
        expect(paths.length).toBe(Math.min(limit, shortest.size));
        const ends = new Set<string>();
        let previousLength = 0;
        for (const path of paths) {
          const chain = path.slice(0, -1);
          const end = idKey(chain[chain.length - 1]!);
          expect(path[path.length - 1]).toBe(model.duties.get(dutyKey)!.id);
          expect(idKey(chain[0]!)).toBe(start);
          for (let i = 1; i < chain.length; i++) expect(model.roles.get(idKey(chain[i - 1]!))!.subRoles.map(idKey)).toContain(idKey(chain[i]!));
          expect(chain.length).toBe(shortest.get(end));
          expect(chain.length).toBeGreaterThanOrEqual(previousLength);
          expect(ends.has(end)).toBe(false);
          previousLength = chain.length;
          ends.add(end);
        }
        // Within the limit, the ends are those of the shortest chains.
        const cut = [...shortest.values()].sort((a, b) => a - b)[paths.length - 1] ?? 0;
        for (const [end, length] of shortest) if (length < cut) expect(ends.has(end)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a 20,000-deep chain of sub-roles is walked once (linear, not a copy of the chain per role)', () => {
    const n = 20_000;
    const model = createModel({
      duties: [{ id: 'D', name: 'D' }],
      roles: Array.from({ length: n }, (_, i) => ({ id: `R${i}`, name: `R${i}`, subRoles: i + 1 < n ? [`R${i + 1}`] : [], duties: i === n - 1 || i === 1 ? ['D'] : [] })),
    });
    const paths = dutyPaths(model, 'r0', 'd');
    expect(paths.map((p) => p.length)).toEqual([3, n + 1]);
    expect(paths[1]![n - 1]).toBe(`R${n - 1}`);
  });
});
