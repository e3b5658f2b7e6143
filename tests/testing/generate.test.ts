import { describe, expect, it } from 'vitest';
import { generateModel, generateModelData, generatedReferenceDate, modelSizes } from '../../src/testing/generate.js';
import { SecGovError } from '../../src/model/errors.js';
import { modelToData } from '../../src/model/data.js';
import { idKey } from '../../src/model/ids.js';
import { entryPointKinds, rights, type Right } from '../../src/model/schemas.js';
import type { SecurityModel } from '../../src/model/model.js';

const grantCount = (model: SecurityModel): number => [...model.privileges.values()].reduce((n, p) => n + p.grants.length, 0);

describe('generateModel', () => {
  it('is deterministic: the same seed and size give the same model', () => {
    const a = modelToData(generateModel({ seed: 7, size: 'small' }));
    const b = modelToData(generateModel({ seed: 7, size: 'small' }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('gives different models for different seeds', () => {
    const a = generateModelData({ seed: 1, size: 'tiny' });
    const b = generateModelData({ seed: 2, size: 'tiny' });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('accepts seeds beyond 32 bits and keeps them apart', () => {
    const a = generateModelData({ seed: 2 ** 40, size: 'tiny' });
    const b = generateModelData({ seed: 2 ** 40 + 1, size: 'tiny' });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it.each(['tiny', 'small', 'medium'] as const)('hits the counts of size %s', (size) => {
    const profile = modelSizes[size];
    const model = generateModel({ seed: 3, size });
    expect(model.entryPoints.size).toBe(profile.entryPoints);
    expect(model.privileges.size).toBe(profile.privileges);
    expect(model.duties.size).toBe(profile.duties);
    expect(model.roles.size).toBe(profile.roles);
    expect(model.users.size).toBe(profile.users);
    expect(model.organizations.size).toBe(profile.organizations);
    if (size !== 'tiny') {
      expect(grantCount(model)).toBeGreaterThan(profile.grants * 0.85);
      expect(grantCount(model)).toBeLessThan(profile.grants * 1.15);
    }
    // Every user holds 1 to 6 roles.
    const perUser = new Map<string, number>();
    for (const a of model.assignments.values()) perUser.set(idKey(a.user), (perUser.get(idKey(a.user)) ?? 0) + 1);
    expect(perUser.size).toBe(profile.users);
    for (const n of perUser.values()) {
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(6);
    }
  });

  it('builds a valid model of the size of a Dynamics 365 installation', () => {
    // The one full-size run of the suite: everything goes through createModel's validation.
    const profile = modelSizes.d365;
    const model = generateModel({ seed: 1, size: 'd365' });
    expect(model.entryPoints.size).toBe(60_000);
    expect(model.privileges.size).toBe(25_000);
    expect(model.duties.size).toBe(6_000);
    expect(model.roles.size).toBe(1_200);
    expect(model.users.size).toBe(20_000);
    expect(model.organizations.size).toBe(profile.organizations);
    expect(grantCount(model)).toBeGreaterThan(270_000);
    expect(grantCount(model)).toBeLessThan(330_000);
    expect(model.assignments.size).toBeGreaterThan(40_000);
    expect(model.assignments.size).toBeLessThan(120_000);
  });

  it('is realistic at medium size', () => {
    const model = generateModel({ seed: 11, size: 'medium' });
    // All eight kinds, AOT-like names, form controls with a child name.
    const kinds = new Set([...model.entryPoints.values()].map((e) => e.kind));
    expect([...kinds].sort()).toEqual([...entryPointKinds].sort());
    const controls = [...model.entryPoints.values()].filter((e) => e.kind === 'form-control');
    expect(controls.every((c) => c.childName !== undefined)).toBe(true);
    expect([...model.privileges.keys()].some((k) => k.endsWith('maintain'))).toBe(true);
    expect([...model.privileges.keys()].some((k) => k.endsWith('view'))).toBe(true);

    // Maintain licences mostly operations or activity; view licences never above maintain.
    const rank: Record<string, number> = { 'none': 0, 'self-serve': 1, 'team-members': 2, 'activity': 3, 'operations': 4 };
    let expensive = 0;
    for (const ep of model.entryPoints.values()) {
      if (ep.maintainLicense === 'operations' || ep.maintainLicense === 'activity') expensive++;
      expect(rank[ep.viewLicense]!).toBeLessThanOrEqual(rank[ep.maintainLicense]!);
    }
    expect(expensive / model.entryPoints.size).toBeGreaterThan(0.5);

    // Mostly allows, a few denies; service operations only know invoke.
    let denies = 0;
    let allows = 0;
    for (const p of model.privileges.values()) for (const g of p.grants) {
      for (const r of rights) {
        if (g[r] === 'deny') denies++;
        if (g[r] === 'allow') allows++;
      }
      if (g.entryPoint.startsWith('service-operation:')) {
        for (const r of rights.filter((x): x is Exclude<Right, 'invoke'> => x !== 'invoke')) expect(g[r]).toBe('unset');
      }
    }
    expect(denies).toBeGreaterThan(0);
    expect(denies).toBeLessThan(allows / 50);

    // Duties of 3 to 8 privileges; some roles with sub-roles; the administrator role held by a few.
    for (const d of model.duties.values()) {
      expect(d.privileges.length).toBeGreaterThanOrEqual(3);
      expect(d.privileges.length).toBeLessThanOrEqual(8);
    }
    const withSubRoles = [...model.roles.values()].filter((r) => r.subRoles.length > 0).length;
    expect(withSubRoles).toBeGreaterThan(0);
    expect(withSubRoles).toBeLessThan(model.roles.size * 0.25);
    const admins = [...model.assignments.values()].filter((a) => idKey(a.role) === '-sysadmin-');
    expect(admins.length).toBeGreaterThanOrEqual(1);
    expect(admins.length).toBeLessThan(10);

    // About 15% of assignments scoped to organizations, some with their children.
    const assignments = [...model.assignments.values()];
    const scoped = assignments.filter((a) => a.scope !== 'all');
    expect(scoped.length / assignments.length).toBeGreaterThan(0.05);
    expect(scoped.length / assignments.length).toBeLessThan(0.25);
    expect(scoped.some((a) => a.scope !== 'all' && a.scope.organizations.some((o) => o.includeChildren))).toBe(true);
    expect([...model.organizations.values()].filter((o) => o.parent !== undefined).length).toBe(model.organizations.size - 1);

    // Some disabled users, some never signed in, all sign-ins within two years before the reference date.
    const users = [...model.users.values()];
    expect(users.some((u) => !u.enabled)).toBe(true);
    expect(users.some((u) => u.lastSignIn === null)).toBe(true);
    const reference = Date.parse(generatedReferenceDate(11));
    for (const u of users) {
      if (u.lastSignIn === null) continue;
      const at = Date.parse(u.lastSignIn);
      expect(at).toBeLessThanOrEqual(reference);
      expect(at).toBeGreaterThan(reference - 2 * 366 * 86_400_000);
    }
    expect(users[1]!.attributes['department']).toBeTypeOf('string');
  });

  it('derives the reference date from the seed only', () => {
    expect(generatedReferenceDate(5)).toBe(generatedReferenceDate(5));
    expect(generatedReferenceDate(5)).toMatch(/^2025-\d\d-\d\dT00:00:00\.000Z$/);
  });

  it.each([
    { seed: -1, size: 'tiny' },
    { seed: 1.5, size: 'tiny' },
    { seed: Number.NaN, size: 'tiny' },
    { seed: '1', size: 'tiny' },
    { seed: 2 ** 60, size: 'tiny' },
    { seed: 1, size: 'huge' },
    { seed: 1, size: '__proto__' },
    { seed: 1 },
    null,
  ])('refuses bad options %j with VALIDATION_FAILED', (options) => {
    const run = () => generateModel(options as never);
    expect(run).toThrow(SecGovError);
    try {
      run();
    } catch (error) {
      expect((error as SecGovError).code).toBe('VALIDATION_FAILED');
    }
  });
});
