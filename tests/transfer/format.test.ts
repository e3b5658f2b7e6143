/**
 * The secgov transfer format: exact round trip (property test and the generated "d365" model),
 * determinism, every problem located, merge and replace, preview.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  applyChanges,
  createModel,
  emptyModel,
  exportXml,
  exportXmlChunks,
  exportXmlStream,
  importChanges,
  importXml,
  modelToData,
  parseXml,
  previewImport,
  type SecurityModel,
} from '../../src/index.js';
import { generateModel } from '../../src/testing/index.js';
import { anyState } from './arbitraries.js';

/** The exported parts of a model as plain data, order-independent. */
function parts(model: SecurityModel) {
  const data = modelToData(model);
  const byId = <T>(list: readonly T[], id: (v: T) => string) => Object.fromEntries(list.map((v) => [id(v).toLowerCase(), v]));
  return {
    entryPoints: byId(data.entryPoints, (e) => `${e.kind}:${e.name}/${e.childName ?? ''}`),
    privileges: byId(data.privileges, (p) => p.id),
    duties: byId(data.duties, (p) => p.id),
    roles: byId(data.roles, (p) => p.id),
    sodRules: byId(data.sodRules, (p) => p.id),
    assignmentRules: byId(data.assignmentRules, (p) => p.id),
    securityCategories: byId(data.securityCategories, (p) => p.id),
    processes: byId(data.processes, (p) => p.id),
    tasks: byId(data.tasks, (p) => p.id),
    licenses: data.licenses,
    parameters: data.parameters,
  };
}

function problemsOf(fn: () => unknown): { code: string; message: string; line: number; column: number }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecGovError);
    return ((error as SecGovError).details.problems ?? []) as never;
  }
  throw new Error('expected an error');
}

describe('transfer format round trip', () => {
  it('import(export(s)) equals s for random states (unicode, XML special characters, characters XML cannot carry, empty lists)', () => {
    fc.assert(
      fc.property(anyState, (state) => {
        const xml = exportXml(state);
        const { model } = importXml(emptyModel(), xml);
        expect(parts(model)).toEqual(parts(state));
        expect(exportXml(model)).toBe(xml);
        // Into the same state: nothing to change.
        expect(importChanges(state, xml)).toEqual([]);
        // Each part alone.
        for (const p of ['configuration', 'governance'] as const) {
          const one = exportXml(state, { parts: p });
          const into = importXml(p === 'configuration' ? emptyModel() : importXml(emptyModel(), exportXml(state, { parts: 'configuration' })).model, one).model;
          expect(exportXml(into, { parts: p })).toBe(one);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an empty model round-trips', () => {
    const xml = exportXml(emptyModel());
    expect(xml).toContain('<secgov xmlns="urn:secgov:transfer" formatVersion="1" parts="both">');
    expect(parts(importXml(emptyModel(), xml).model)).toEqual(parts(emptyModel()));
  });

  it('the generated "d365" model round-trips exactly, and export is deterministic and chunked', { timeout: 600_000 }, async () => {
    const model = generateModel({ seed: 7, size: 'd365' });
    const xml = exportXml(model);
    expect(exportXml(model)).toBe(xml);
    expect([...exportXmlChunks(model)].join('')).toBe(xml);
    let streamed = '';
    for await (const chunk of exportXmlStream(model)) streamed += chunk;
    expect(streamed).toBe(xml);
    const { model: back } = importXml(emptyModel(), xml);
    expect(exportXml(back)).toBe(xml);
    expect(importChanges(model, xml)).toEqual([]);
  });

  it('the same state built in another order gives the same bytes', () => {
    const data = modelToData(generateModel({ seed: 3, size: 'tiny' }));
    const a = createModel(data);
    const b = createModel({ ...data, entryPoints: [...data.entryPoints].reverse(), privileges: [...data.privileges].reverse(), roles: [...data.roles].reverse() });
    expect(exportXml(b)).toBe(exportXml(a));
  });
});

describe('transfer format import', () => {
  const base = createModel({
    entryPoints: [{ kind: 'table', name: 'CustTable' }, { kind: 'menu-item-display', name: 'CustTable' }],
    privileges: [{ id: 'CustView', name: 'View customers', grants: [{ entryPoint: 'table:CustTable', read: 'allow' }] }],
    duties: [{ id: 'CustInquire', name: 'Inquire customers', privileges: ['CustView'] }, { id: 'CustPay', name: 'Pay', privileges: [] }],
    roles: [{ id: 'Clerk', name: 'Clerk', duties: ['CustInquire'] }],
  });
  const xml = exportXml(base);

  it('reports every problem with its line and column, and applies nothing', () => {
    const bad = xml
      .replace('<duty id="CustInquire"', '<duty colour="red" id="CustInquire"')
      .replace('<privilege ref="CustView"/>', '<privilege ref="Nope"/>')
      .replace('read="allow"', 'read="maybe"')
      .replace('<role id="Clerk" name="Clerk">', '<role id="Clerk" name="Clerk">\n        <subRole ref="Ghost"/>');
    const problems = problemsOf(() => importXml(emptyModel(), bad));
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/unknown attribute "colour" on <duty>/);
    expect(messages).toMatch(/grants\.0\.read/);
    expect(messages).toMatch(/missing sub-role "Ghost"|missing role "Ghost"/);
    const lines = bad.split('\n');
    for (const p of problems) {
      expect(p.line).toBeGreaterThan(0);
      expect(lines[p.line - 1]!.length).toBeGreaterThanOrEqual(p.column - 1);
    }
    const colour = problems.find((p) => p.message.includes('colour'))!;
    expect(lines[colour.line - 1]!.slice(colour.column - 1)).toMatch(/^<duty colour/);
  });

  it('a reference resolves against the current state on merge, not on replace', () => {
    const doc = exportXml(base).replace(/<duty id="CustPay"[^>]*\/>\n/, '');
    expect(importXml(base, doc).model.duties.has('custpay')).toBe(true);
    const replaced = importXml(base, doc, { action: 'replace' });
    expect(replaced.model.duties.has('custpay')).toBe(false);
    expect(replaced.changes).toEqual([{ op: 'remove', kind: 'duty', id: 'CustPay' }]);
  });

  it('duplicate ids and ids differing only in case are reported with both lines', () => {
    const dup = xml.replace('<role id="Clerk" name="Clerk">', '<role id="clerk" name="Other"/>\n      <role id="Clerk" name="Clerk">');
    const problems = problemsOf(() => importXml(emptyModel(), dup));
    expect(problems[0]!.code).toBe('DUPLICATE_ID');
    expect(problems[0]!.message).toMatch(/role "Clerk" appears twice .*as "clerk".*first on line/);
  });

  it('a failing trial apply (a removed role still assigned) is placed on the document', () => {
    const assigned = applyChanges(base, [
      { op: 'add', kind: 'user', value: { id: 'ann', name: 'Ann' } },
      { op: 'assign', assignment: { user: 'ann', role: 'Clerk' } },
    ]);
    const withoutRole = xml.replace(/<role id="Clerk"[\s\S]*?<\/role>\n/, '');
    const problems = problemsOf(() => importXml(assigned, withoutRole, { action: 'replace' }));
    expect(problems[0]!.code).toBe('IN_USE');
    expect(problems[0]!.message).toMatch(/Clerk/);
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it('updates carry only the fields that changed; the result applies through applyChanges too', () => {
    const changed = xml.replace('name="View customers"', 'name="See customers"');
    const changes = importChanges(base, changed);
    expect(changes).toEqual([{ op: 'update', kind: 'privilege', id: 'CustView', patch: { name: 'See customers' } }]);
    expect(applyChanges(base, changes).privileges.get('custview')!.name).toBe('See customers');
  });

  it('preview returns the structured diff and changes nothing', () => {
    const changed = xml.replace('name="View customers"', 'name="See customers"');
    const preview = previewImport(base, changed);
    expect(preview.changes).toHaveLength(1);
    expect(preview.comparison.identical).toBe(false);
    expect(preview.comparison.entries.map((e) => [e.kind, e.id, e.status])).toEqual([['privilege', 'CustView', 'changed']]);
    expect(base.privileges.get('custview')!.name).toBe('View customers');
  });

  it('parts: an import of one part of a document leaves the other alone; asking for a missing part fails', () => {
    const gov = exportXml(base, { parts: 'governance' });
    expect(parseXml(gov).parts).toBe('governance');
    const problems = problemsOf(() => importXml(base, gov, { parts: 'configuration' }));
    expect(problems[0]!.message).toMatch(/carries only "governance"/);
  });

  it('rejects a document of another format version or namespace', () => {
    expect(problemsOf(() => parseXml(xml.replace('formatVersion="1"', 'formatVersion="2"')))[0]!.message).toMatch(/formatVersion "2" is not supported/);
    expect(problemsOf(() => parseXml(xml.replace('urn:secgov:transfer', 'urn:other')))[0]!.message).toMatch(/must declare xmlns/);
    expect(problemsOf(() => parseXml('<other/>'))[0]!.message).toMatch(/root element is <other>/);
  });
});
