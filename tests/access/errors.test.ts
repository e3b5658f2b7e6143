import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
import { SecGovError, createModel } from '../../src/model/index.js';
import type { Right } from '../../src/model/index.js';
import { EP, fixtureModel } from './fixture.js';

const access = compileAccess(fixtureModel());
const code = (code: string, message?: string) => expect.objectContaining({ code, ...(message ? { message: expect.stringContaining(message) } : {}) });

describe('caller mistakes', () => {
  it('names an unknown user, entry point or organization', () => {
    expect(() => access.check('zoe', EP.journal, 'read')).toThrow(code('NOT_FOUND', 'user "zoe"'));
    expect(() => access.check('alice', 'table:Nope', 'read')).toThrow(code('NOT_FOUND', 'entry point "table:Nope"'));
    expect(() => access.check('alice', EP.journal, 'read', 'Mars')).toThrow(code('NOT_FOUND', 'organization "Mars"'));
    expect(() => access.rightsOf('zoe')).toThrow(code('NOT_FOUND'));
    expect(() => access.rightsOf('alice', 'Mars')).toThrow(code('NOT_FOUND'));
    expect(() => access.whoCanReach('table:Nope', 'read')).toThrow(code('NOT_FOUND'));
    expect(() => access.explain('alice', EP.journal, 'read', 'Mars')).toThrow(code('NOT_FOUND'));
    try {
      access.check('zoe', EP.journal, 'read');
    } catch (error) {
      expect(error).toBeInstanceOf(SecGovError);
      expect((error as SecGovError).details.ids).toEqual(['zoe']);
    }
  });

  it('refuses a right that is not one of the six', () => {
    for (const right of ['write', 'READ', '', 'constructor', '__proto__']) {
      expect(() => access.check('alice', EP.journal, right as Right)).toThrow(code('VALIDATION_FAILED', 'is not one of'));
      expect(() => access.whoCanReach(EP.journal, right as Right)).toThrow(code('VALIDATION_FAILED'));
      expect(() => access.explain('alice', EP.journal, right as Right)).toThrow(code('VALIDATION_FAILED'));
    }
  });

  it('gives a typed error for arguments of the wrong type, without calling them', () => {
    const hostile = {
      toString() {
        throw new Error('must not be called');
      },
    };
    const values: unknown[] = [undefined, null, 42, hostile, Symbol('s'), ['alice'], { id: 'alice' }];
    for (const value of values) {
      if (value !== undefined) expect(() => access.check(value as string, EP.journal, 'read')).toThrow(SecGovError);
      expect(() => access.check('alice', value as string, 'read')).toThrow(SecGovError);
      expect(() => access.check('alice', EP.journal, value as Right)).toThrow(code('VALIDATION_FAILED'));
      if (value !== undefined) expect(() => access.check('alice', EP.journal, 'read', value as string)).toThrow(code('VALIDATION_FAILED'));
      expect(() => access.rightsOf(value as string)).toThrow(SecGovError);
      expect(() => access.checkAssignments(value as never, EP.journal, 'read')).toThrow(code('VALIDATION_FAILED'));
      expect(() => access.setEffectiveAssignments('alice', value === undefined ? { assignments: 'x' as never } : (value as never))).toThrow(SecGovError);
    }
    expect(() => access.check(undefined as unknown as string, EP.journal, 'read')).toThrow(code('VALIDATION_FAILED'));
  });

  it('answers huge ids with NOT_FOUND, quoting them shortened', () => {
    const huge = 'x'.repeat(1_000_000);
    expect(() => access.check(huge, EP.journal, 'read')).toThrow(code('NOT_FOUND'));
    try {
      access.check('alice', huge, 'read');
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(400);
    }
  });

  it('refuses overrides naming unknown roles or organizations, or another user, and changes nothing', () => {
    const index = compileAccess(fixtureModel());
    const a = (role: string, scope: 'all' | { organizations: { id: string; includeChildren: boolean }[] } = 'all', user = 'alice') => ({ user, role, scope, source: 'manual' as const });
    expect(() => index.setEffectiveAssignments('alice', { assignments: [a('Ghost')] })).toThrow(code('NOT_FOUND', 'role "Ghost"'));
    expect(() => index.setEffectiveAssignments('alice', { assignments: [a('Clerk', { organizations: [{ id: 'Mars', includeChildren: false }] })] })).toThrow(
      code('NOT_FOUND', 'organization "Mars"'),
    );
    expect(() => index.setEffectiveAssignments('alice', { assignments: [a('Clerk', 'all', 'bob')] })).toThrow(code('VALIDATION_FAILED', '"bob"'));
    expect(() => index.setEffectiveAssignments('zoe', { assignments: [] })).toThrow(code('NOT_FOUND', 'user "zoe"'));
    expect(index.check('alice', EP.journal, 'update')).toBe(true);
    expect(() => index.checkAssignments({ assignments: [a('Ghost')], enabled: true }, EP.journal, 'read')).toThrow(code('NOT_FOUND'));
  });

  it('refuses something that is not a model', () => {
    expect(() => compileAccess({} as never)).toThrow(code('VALIDATION_FAILED'));
    expect(() => compileAccess(null as never)).toThrow(code('VALIDATION_FAILED'));
    expect(() => access.update({} as never, [])).toThrow(code('VALIDATION_FAILED'));
    expect(() => access.update(fixtureModel(), 'x' as never)).toThrow(code('VALIDATION_FAILED'));
  });
});

describe('hostile ids', () => {
  const model = createModel({
    entryPoints: [{ kind: 'table', name: '__proto__' }, { kind: 'table', name: 'constructor' }],
    privileges: [{ id: 'constructor', name: 'p', grants: [{ entryPoint: 'table:__proto__', read: 'allow' }, { entryPoint: 'TABLE:constructor', update: 'allow' }] }],
    duties: [{ id: '__proto__', name: 'd', privileges: ['Constructor'] }],
    roles: [
      { id: 'hasOwnProperty', name: 'r', duties: ['__PROTO__'] },
      { id: '__proto__', name: 'r2', subRoles: ['hasownproperty'] },
    ],
    organizations: [{ id: 'constructor', name: 'o' }, { id: '__proto__', name: 'o2', parent: 'constructor' }],
    users: [{ id: '__proto__', name: 'u' }, { id: 'toString', name: 'u2' }],
    assignments: [
      { user: '__proto__', role: '__proto__' },
      { user: 'tostring', role: 'HASOWNPROPERTY', scope: { organizations: [{ id: 'constructor', includeChildren: true }] } },
    ],
  });
  const index = compileAccess(model);

  it('treats them as ordinary ids', () => {
    expect(index.check('__proto__', 'table:__proto__', 'read')).toBe(true);
    expect(index.check('__PROTO__', 'table:constructor', 'update')).toBe(true);
    expect(index.check('toString', 'table:__proto__', 'read', '__proto__')).toBe(true);
    expect(index.whoCanReach('table:__proto__', 'read', 'constructor')).toEqual(['__proto__', 'toString']);
    expect(index.explain('__proto__', 'table:__proto__', 'read').paths[0]).toMatchObject({ roles: ['__proto__', 'hasOwnProperty'], duty: '__proto__', privilege: 'constructor' });
    expect(index.grantersOf([{ entryPoint: 'table:__proto__', rights: ['read'] }]).roles.map((r) => r.id)).toEqual(['__proto__', 'hasOwnProperty']);
  });

  it('does not find prototype members that are not ids', () => {
    for (const id of ['constructor', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(() => index.check(id, 'table:__proto__', 'read')).toThrow(code('NOT_FOUND'));
      expect(() => index.check('__proto__', `table:${id}x`, 'read')).toThrow(code('NOT_FOUND'));
      expect(() => index.check('__proto__', 'table:__proto__', 'read', id === 'constructor' ? 'valueOf' : id)).toThrow(code('NOT_FOUND'));
    }
    expect(Object.prototype).not.toHaveProperty('read');
  });
});
