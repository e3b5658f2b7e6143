/**
 * Helpers that compare every answer of an access index with another index or with the reference,
 * over all users × entry points × rights × organizations (and no organization) of a small model.
 */
import { expect } from 'vitest';
import type { AccessIndex } from '../../src/access/index.js';
import type { SecurityModel } from '../../src/model/index.js';
import { entryPointId, rights } from '../../src/model/index.js';
import type { ReferenceAccess } from '../reference/access.js';

/** Every organization argument worth asking: none, and each organization. */
export function organizationArgs(model: SecurityModel): (string | undefined)[] {
  return [undefined, ...[...model.organizations.values()].map((o) => o.id)];
}

/** Expect `index` to answer check, rightsOf and whoCanReach exactly as the reference does. */
export function expectMatchesReference(index: AccessIndex, reference: ReferenceAccess, model: SecurityModel): void {
  const orgs = organizationArgs(model);
  const users = [...model.users.values()].map((u) => u.id);
  const eps = [...model.entryPoints.values()].map(entryPointId);
  for (const org of orgs) {
    for (const user of users) {
      for (const ep of eps) {
        for (const right of rights) {
          const got = index.check(user, ep, right, org);
          const want = reference.check(user, ep, right, org);
          if (got !== want) expect({ user, ep, right, org, got }).toEqual({ user, ep, right, org, got: want });
        }
      }
      expect(index.rightsOf(user, org)).toEqual(reference.rightsOf(user, org));
    }
    for (const ep of eps) for (const right of rights) expect(index.whoCanReach(ep, right, org)).toEqual(reference.whoCanReach(ep, right, org));
  }
}

/** Expect two indexes over the same model to give identical answers, explanations included. */
export function expectSameAnswers(actual: AccessIndex, expected: AccessIndex, model: SecurityModel): void {
  const orgs = organizationArgs(model);
  const users = [...model.users.values()].map((u) => u.id);
  const eps = [...model.entryPoints.values()].map(entryPointId);
  for (const org of orgs) {
    for (const user of users) {
      for (const ep of eps) {
        for (const right of rights) {
          const got = actual.explain(user, ep, right, org);
          const want = expected.explain(user, ep, right, org);
          if (got.allowed !== actual.check(user, ep, right, org)) expect(got.allowed).toBe(actual.check(user, ep, right, org));
          expect(got).toEqual(want);
        }
      }
      expect(actual.rightsOf(user, org)).toEqual(expected.rightsOf(user, org));
    }
    for (const ep of eps) for (const right of rights) expect(actual.whoCanReach(ep, right, org)).toEqual(expected.whoCanReach(ep, right, org));
  }
  if (eps.length > 0) {
    const request = eps.slice(0, 2).map((entryPoint, i) => ({ entryPoint, rights: [rights[i % rights.length]!] }));
    expect(actual.grantersOf(request)).toEqual(expected.grantersOf(request));
  }
}
