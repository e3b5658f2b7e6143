import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
import type { AccessIndex } from '../../src/access/index.js';
import { accessIndexStats } from '../../src/access/access-index.js';
import { changesSchema, entryPointId, rights, safeApplyChanges } from '../../src/model/index.js';
import type { SecurityModel } from '../../src/model/index.js';
import { generateModel } from '../../src/testing/index.js';
import { referenceAccess } from '../reference/access.js';
import { changeFrom } from './arbitraries.js';

// A generated model of "medium" size has entry points reached by dozens of roles, so the lists of
// the closure store overflow their slots, grow and shrink as changes come: the small random models
// of the property tests never get there.

/** A small seeded generator for the samples. */
function sampler(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[next() % items.length]! };
}

function questions(model: SecurityModel, count: number, seed: number) {
  const s = sampler(seed);
  const users = [...model.users.values()].map((u) => u.id);
  const eps = [...model.entryPoints.values()].map(entryPointId);
  const orgs = [undefined, ...[...model.organizations.values()].map((o) => o.id)];
  return Array.from({ length: count }, () => ({ user: s.pick(users), ep: s.pick(eps), right: s.pick(rights), org: s.next() % 4 === 0 ? s.pick(orgs) : undefined }));
}

function expectSameSample(actual: AccessIndex, expected: AccessIndex, model: SecurityModel, seed: number): void {
  for (const q of questions(model, 400, seed)) {
    if (actual.check(q.user, q.ep, q.right, q.org) !== expected.check(q.user, q.ep, q.right, q.org)) {
      expect({ ...q, allowed: actual.check(q.user, q.ep, q.right, q.org) }).toEqual({ ...q, allowed: expected.check(q.user, q.ep, q.right, q.org) });
    }
  }
  for (const q of questions(model, 6, seed + 1)) {
    expect(actual.rightsOf(q.user, q.org)).toEqual(expected.rightsOf(q.user, q.org));
    expect(actual.whoCanReach(q.ep, q.right, q.org)).toEqual(expected.whoCanReach(q.ep, q.right, q.org));
    expect(actual.explain(q.user, q.ep, q.right, q.org)).toEqual(expected.explain(q.user, q.ep, q.right, q.org));
  }
}

describe('a generated model of medium size', () => {
  const model = generateModel({ seed: 3, size: 'medium' });
  const index = compileAccess(model);

  it('answers like the reference', () => {
    const reference = referenceAccess(model);
    for (const q of questions(model, 300, 11)) expect(index.check(q.user, q.ep, q.right, q.org)).toBe(reference.check(q.user, q.ep, q.right, q.org));
  });

  it('follows random change batches incrementally, equal to a fresh compile', () => {
    const s = sampler(5);
    let current = model;
    let applied = 0;
    for (let step = 0; step < 40 && applied < 20; step++) {
      const input = changeFrom(current, Array.from({ length: 12 }, () => s.next() % 1_000_000));
      const result = safeApplyChanges(current, input);
      if (!result.ok) continue;
      index.update(result.model, changesSchema.parse(input));
      current = result.model;
      applied++;
      expectSameSample(index, compileAccess(current), current, step);
    }
    expect(applied).toBeGreaterThan(10);
    expect(accessIndexStats(index).rebuilds).toBe(0);
  });
});
