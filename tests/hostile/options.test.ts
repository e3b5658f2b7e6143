/**
 * Hostile values NESTED in otherwise valid inputs: the whole option object or input record, then
 * each of its fields (and of the records nested in it), set in turn to every value of
 * hostile-values.ts: null, undefined, {}, [], 42, NaN, a 100,000-character string, [null], an
 * object without prototype, a function, a symbol, a bigint, and values whose reading throws (a
 * Proxy, getters, an array whose length throws); callbacks answering those values or throwing what
 * is not an Error. Every call answers a value or a SecGovError (never a TypeError from deep inside),
 * a value of the wrong type is refused rather than silently taken for a default, and a refused call
 * changes nothing. tests/hostile/exports.test.ts puts hostile values in each argument position with
 * the others implausible; this file does it with the others valid, and goes down into the fields.
 */
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  column,
  compareModels,
  compileLicenses,
  comparisonChanges,
  copyTask,
  createModel,
  createTask,
  dormantUsersReport,
  dutyFromTask,
  duplicateToLicense,
  effectiveEntryPoints,
  explodeEntryPoint,
  exportXml,
  exportXmlChunks,
  exportXmlStream,
  importChanges,
  importXml,
  licenseUsageReport,
  mergeDuties,
  objectHistory,
  parseXml,
  partsOfRestore,
  previewImport,
  readAotObject,
  renderComparison,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderReport,
  renderReportToString,
  restoreChanges,
  roleAssignmentEvents,
  roleAssignmentTrail,
  roleFromProcess,
  roleFromResponsibilities,
  SecGovError,
  separationOfPrivilegesReport,
  sessionsReport,
  sodConflictsReport,
  subtractDuty,
  table,
  taskFromAccess,
  taskFromRecording,
  tasksUnder,
  userAgingReport,
  userSecurityAnalysis,
  writeAotText,
  type ReportDocument,
  type Session,
} from '../../src/index.js';
import { designModel, LJT, TILE, WORKSPACE } from '../design/fixture.js';
import { AT, financeModel } from '../reports/fixture.js';
import { caught, errorCode, refused } from '../support/errors.js';
import { huge, namedHostileValues } from './hostile-values.js';
import { isPlain, variants } from './sweep.js';

/** The hostile values, with a label for messages. */
const hostile = namedHostileValues;

/** What a call did: `value`, the code of the SecGovError it threw, or `CRASH ...` for anything else. */
function outcome(work: () => unknown): string {
  try {
    const value = work();
    // Generators (the renderers, exportXmlChunks) do their work as they are read.
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { next?: unknown }).next === 'function') for (const _ of value as Iterable<unknown>) void _;
    return 'value';
  } catch (error) {
    if (error instanceof SecGovError) return error.code;
    return `CRASH ${(error as Error)?.constructor?.name}: ${String((error as Error)?.message ?? error).slice(0, 120)}`;
  }
}

/**
 * Call `call` with `base` whole, then with each field in turn, set to each hostile value. Returns the crashes and
 * the variants answered with a value (as `path=label`), for the caller to compare with what the
 * function may accept.
 */
function sweep(base: unknown, call: (input: unknown) => unknown, depth = 4): { crashes: string[]; accepted: string[] } {
  const crashes: string[] = [];
  const accepted: string[] = [];
  for (const [name, input] of variants(base, depth)) {
    const result = outcome(() => call(input));
    if (result.startsWith('CRASH')) crashes.push(`${name} -> ${result}`);
    else if (result === 'value') accepted.push(name);
  }
  return { crashes, accepted };
}

/** The whole options object left out or empty: accepted where every option is optional. */
const NO_OPTIONS = ['=undefined', '={}', '=bare'];

/** The accepted variants a sweep may answer: optional fields left out, and the listed ones. */
function onlyOptional(accepted: readonly string[], optional: readonly string[], also: readonly string[] = []): void {
  const allowed = new Set([...optional.map((p) => `${p}=undefined`), ...also]);
  expect(accepted.filter((a) => !allowed.has(a))).toEqual([]);
}

describe('design: hostile fields in the inputs', () => {
  const model = designModel();
  const before = exportXml(model);

  const cases: readonly (readonly [string, unknown, (input: unknown) => unknown, readonly string[], readonly string[]])[] = [
    ['dutyFromTask', { task: 'EnterJournal', duty: 'D1', privilege: 'P1', name: 'N', description: 'd' }, (v) => dutyFromTask(model, v as never), ['duty', 'privilege', 'name', 'description'], []],
    [
      'subtractDuty',
      { source: { kind: 'role', id: 'Accountant' }, remove: [LJT], duty: { id: 'D2', name: 'D2', description: 'x' }, privilege: { id: 'P2', name: 'P2' } },
      (v) => subtractDuty(model, v as never),
      ['remove', 'duty.description', 'privilege', 'privilege.id', 'privilege.name'],
      ['remove=[]', 'privilege={}', 'privilege=bare'],
    ],
    ['mergeDuties', { duties: ['ViewJournals', 'MaintainJournals'], duty: { id: 'D3', name: 'D3', description: 'd' }, replaceInRoles: true }, (v) => mergeDuties(model, v as never), ['duty.description', 'replaceInRoles'], []],
    ['roleFromProcess', { node: { kind: 'process', id: 'GL' }, role: { id: 'R1', name: 'R1' }, duties: [{ task: 'EnterJournal', duty: 'DX' }] }, (v) => roleFromProcess(model, v as never), ['duties'], ['duties=[]']],
    ['roleFromResponsibilities', { role: { id: 'R2', name: 'R2' }, position: 'Clerk', responsibilities: [{ name: 'A', duties: ['ViewJournals'] }] }, (v) => roleFromResponsibilities(model, v as never), ['position'], []],
    ['createTask', { id: 'T1', name: 'T1', process: 'GL', description: 'd', entryPoints: [{ entryPoint: LJT, read: 'allow' }] }, (v) => createTask(model, v as never), ['description', 'entryPoints', 'entryPoints.0.read'], ['entryPoints=[]']],
    ['taskFromRecording', { id: 'T2', name: 'T2', process: 'GL', steps: [{ entryPoint: LJT, rights: ['read'] }] }, (v) => taskFromRecording(model, v as never), ['steps.0.rights'], []],
    ['taskFromAccess', { id: 'T3', name: 'T3', process: 'GL', source: { kind: 'user', id: 'alice', organization: 'USMF' } }, (v) => taskFromAccess(model, v as never), ['source.organization'], []],
    ['copyTask', { from: 'EnterJournal', id: 'T4', name: 'n', process: 'AP', description: 'd' }, (v) => copyTask(model, v as never), ['name', 'process', 'description'], []],
    [
      'duplicateToLicense',
      { source: { kind: 'role', id: 'Accountant' }, license: 'team-members', id: 'X', name: 'X', idSuffix: '-tm', keepReadAccess: true },
      (v) => duplicateToLicense(model, v as never),
      ['id', 'name', 'idSuffix', 'keepReadAccess'],
      [],
    ],
    ['effectiveEntryPoints', { kind: 'user', id: 'alice', organization: 'USMF' }, (v) => effectiveEntryPoints(model, v as never), ['organization'], []],
    ['tasksUnder', { kind: 'process', id: 'GL' }, (v) => tasksUnder(model, v as never), [], []],
    [
      'explodeEntryPoint',
      { task: 'ReviewLedger', entryPoints: [WORKSPACE], transitive: true, related: { [WORKSPACE]: [TILE] } },
      (v) => explodeEntryPoint(model, v as never),
      ['entryPoints', 'transitive', `related.${WORKSPACE}`],
      // An empty relation, or no related entry points for one, adds nothing.
      ['related={}', 'related=bare', `related.${WORKSPACE}=null`, `related.${WORKSPACE}=[]`],
    ],
  ];

  it.each(cases)('%s: every field refused or accepted as the schema says', (_name, base, call, optional, also) => {
    expect(outcome(() => call(base))).toBe('value');
    const { crashes, accepted } = sweep(base, call);
    expect(crashes).toEqual([]);
    onlyOptional(accepted, optional, also);
  });

  it('explodeEntryPoint: a relation answering hostile values is refused; what it throws is its own', () => {
    const input = (related: unknown) => ({ task: 'ReviewLedger', related }) as never;
    for (const [label, answer] of hostile) {
      const expected = label === 'null' || label === 'undefined' || label === '[]' ? 'OK' : 'VALIDATION_FAILED';
      expect(errorCode(() => explodeEntryPoint(model, input(() => answer))), label).toBe(expected);
      expect(errorCode(() => explodeEntryPoint(model, input(new Map([[WORKSPACE, answer]])))), label).toBe(expected);
    }
    // What the caller's relation throws reaches the caller as it was thrown: not a TypeError of ours.
    for (const thrown of [42, null, 'gone', { reason: 'x' }]) {
      let got: unknown = 'nothing';
      try {
        explodeEntryPoint(model, input(() => { throw thrown; }));
      } catch (error) {
        got = error;
      }
      expect(got).toBe(thrown);
    }
    expect(explodeEntryPoint(model, input({ [WORKSPACE]: [TILE] })).added).toEqual([{ entryPoint: TILE, from: WORKSPACE }]);
  });

  it('refused designs leave the model as it was', () => {
    expect(exportXml(model)).toBe(before);
  });
});

describe('versioning: hostile fields in the options', () => {
  const a = designModel();
  const b = applyChanges(a, [{ op: 'update', kind: 'role', id: 'Clerk', patch: { name: 'Clerk 2', duties: ['ViewJournals'] } }]);

  it('compareModels, comparisonChanges and restoreChanges parse their options', () => {
    let s = sweep({ detail: 'all', parts: ['configuration'] }, (v) => compareModels(a, b, v as never));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['detail', 'parts'], NO_OPTIONS);
    s = sweep({ parts: 'both', removeCustomizations: false }, (v) => restoreChanges(a, b, v as never));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['removeCustomizations']);
    for (const [label, value] of hostile) expect(errorCode(() => comparisonChanges(a, b, [value] as never)), label).toBe('VALIDATION_FAILED');
  });

  it('partsOfRestore refuses what is not a restore choice (it answered [42] for 42)', () => {
    for (const [, value] of hostile) refused(() => partsOfRestore(value as never), 'parts');
    refused(() => partsOfRestore('assignments' as never), 'parts');
    expect(partsOfRestore('both')).toEqual(['configuration', 'governance']);
    expect(partsOfRestore('governance')).toEqual(['governance']);
  });

  it('renderComparison checks every nested field of a comparison', () => {
    const comparison = compareModels(a, b, { detail: 'all' });
    const { crashes, accepted } = sweep({ ...comparison, entries: comparison.entries.filter((e) => e.status === 'changed') }, (v) => renderComparison(v as never), 5);
    expect(crashes).toEqual([]);
    // Only what it does not read (the detail, the records and keys), values of a value change (any
    // plain data, shown as JSON), or what may be empty.
    const unread = /^(detail|entries\.0\.(before|after|key)|summary\.[a-zA-Z]+)[.=]|^entries\.0\.changes\.0\.(from|to)=|^(parts|entries|entries\.0\.changes)=\[\]$|^summary=(\{\}|bare)$/;
    expect(accepted.filter((x) => !unread.test(x))).toEqual([]);
  });
});

describe('reports: hostile options, callbacks and precomputed inputs', () => {
  const model = financeModel();
  const at = AT;

  it('the activity reports refuse a lastSignInOf that is not a function (it was a TypeError), and check its answers', () => {
    for (const [label, value] of hostile) {
      if (label === 'undefined' || label === 'function') continue;
      refused(() => userAgingReport(model, { at, lastSignInOf: value as never }), 'lastSignInOf');
      refused(() => dormantUsersReport(model, { at, daysInactive: 30, lastSignInOf: value as never }), 'lastSignInOf');
    }
    for (const [label, answer] of hostile) {
      const expected = label === 'null' || label === 'undefined' ? 'OK' : 'VALIDATION_FAILED';
      expect(errorCode(() => userAgingReport(model, { at, lastSignInOf: () => answer as never })), label).toBe(expected);
      expect(errorCode(() => dormantUsersReport(model, { at, daysInactive: 30, lastSignInOf: () => answer as never })), label).toBe(expected);
    }
    for (const options of [null, 42, 'soon', []]) {
      refused(() => userAgingReport(model, options as never), 'options');
      refused(() => dormantUsersReport(model, options as never), 'options');
    }
    // A model that is not one: refused, not a TypeError reading its parameters.
    refused(() => userAgingReport({} as never, { at }), 'model');
    refused(() => dormantUsersReport({} as never, { at, daysInactive: 1 }), 'model');
    const s = sweep({ at, daysInactive: 30, status: 'all', lastSignInOf: () => undefined }, (v) => dormantUsersReport(model, v as never));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['status', 'lastSignInOf'], ['daysInactive=42']);
    expect(userAgingReport(model, { at, lastSignInOf: () => undefined }).users).toEqual(userAgingReport(model, { at }).users);
  });

  it('sodConflictsReport refuses an assignmentsOf that is not a function (NaN, null, 0 were silently ignored)', () => {
    for (const [label, value] of hostile) {
      if (label === 'undefined' || label === 'function') continue;
      refused(() => sodConflictsReport(model, { at, assignmentsOf: value as never }), 'assignmentsOf');
    }
    for (const falsy of [0, '', false]) refused(() => sodConflictsReport(model, { at, assignmentsOf: falsy as never }), 'assignmentsOf');
    const s = sweep({ at, minSeverity: 'low', assignmentsOf: () => undefined }, (v) => sodConflictsReport(model, v as never));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['minSeverity', 'assignmentsOf']);
  });

  it('separationOfPrivilegesReport parses its options (kinds of the wrong type were a TypeError, a null level the default)', () => {
    const s = sweep({ level: 50, kinds: ['duty'] }, (v) => separationOfPrivilegesReport(model, v as never));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['level', 'kinds'], ['level=42', 'kinds=[]', ...NO_OPTIONS]);
    for (const options of [null, 42, 'x', []]) refused(() => separationOfPrivilegesReport(model, options as never), 'options');
    refused(() => separationOfPrivilegesReport(model, { kinds: 'duty' } as never), 'kinds');
    refused(() => separationOfPrivilegesReport(model, { level: 20, other: 1 } as never), 'other');
    // A kind named twice is listed once.
    expect(separationOfPrivilegesReport(model, { level: 20, kinds: ['duty', 'duty'] }).pairs).toEqual(separationOfPrivilegesReport(model, { level: 20, kinds: ['duty'] }).pairs);
  });

  it('licenseUsageReport refuses a licence index that is not the model\'s (it crashed, or answered for the other model)', () => {
    for (const [label, value] of hostile) {
      if (label === 'undefined') continue;
      refused(() => licenseUsageReport(model, { by: 'user', licenses: value as never }), 'options.licenses');
    }
    const other = createModel({ users: [{ id: 'zed', name: 'Zed' }] });
    refused(() => licenseUsageReport(model, { by: 'user', licenses: compileLicenses(other) }), 'options.licenses');
    refused(() => licenseUsageReport({} as never, { by: 'user' }), 'model');
    for (const options of [null, 42, 'user', []]) refused(() => licenseUsageReport(model, options as never), 'options');
    expect(licenseUsageReport(model, { by: 'user', licenses: compileLicenses(model) }).rows).toEqual(licenseUsageReport(model, { by: 'user' }).rows);
    const s = sweep({ by: 'role', licenses: compileLicenses(model) }, (v) => licenseUsageReport(model, v as never), 1);
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['licenses']);
  });

  it('userSecurityAnalysis parses its options', () => {
    const s = sweep({ similarUsers: 3 }, (v) => userSecurityAnalysis(model, 'alice', v as never));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['similarUsers'], ['similarUsers=42', ...NO_OPTIONS]);
  });

  const session: Session = {
    id: 'S-1', kind: 'temporary-role', status: 'active', user: 'bob', roles: ['Accountant'], scope: 'all', type: 'merge', account: null,
    start: at, end: '2026-03-09T08:00:00.000Z', justification: 'cover', ticket: 'INC-1', requestedBy: 'admin', requestedAt: '2026-02-01T00:00:00.000Z',
    approvedBy: 'admin', approvedAt: '2026-02-01T00:00:00.000Z', startedAt: at, endedAt: null, endReason: null, assignedDuring: [], version: 3,
  };
  const audit = [{ at, session: 'S-1', event: 'start', from: 'approved', to: 'active', actor: 'processor', by: 'processor', reason: 'r' }];
  const userLog = { entries: [], sessionEndedAt: null, signIns: [{ signIn: 'i1', user: 'bob', signedInAt: at, signedOutAt: at, durationMs: 1000 }] };

  it('sessionsReport checks the sessions it is given (a session of the wrong shape was a TypeError or a row of the wrong type)', () => {
    const { crashes, accepted } = sweep([session], (v) => sessionsReport(v as never, { at }));
    expect(crashes).toEqual([]);
    // Only values a session may hold.
    const nullable = ['account', 'justification', 'ticket', 'approvedBy', 'approvedAt', 'startedAt', 'endedAt', 'endReason'];
    onlyOptional(accepted, [], ['=[]', ...nullable.map((f) => `0.${f}=null`), '0.roles=[]', '0.assignedDuring=[]', '0.version=42']);
    refused(() => sessionsReport([session, { ...session, status: 'paused' }] as never, { at }), 'sessions[1].status');
    refused(() => sessionsReport([{ ...session, id: 42 }] as never, { at }), 'sessions[0].id');
    for (const sessions of [null, 42, {}, 'S-1', new Set([session])]) refused(() => sessionsReport(sessions as never, { at }), 'sessions');
    for (const options of [null, 42, 'x', []]) refused(() => sessionsReport([session], options as never), 'options');
    expect(sessionsReport([session], { at }).active.map((r) => r.id)).toEqual(['S-1']);
  });

  it('sessionsReport checks the logs it is given (a log of the wrong shape was a TypeError or a row of the wrong type)', () => {
    const options = { at, auditLogs: new Map([['S-1', audit]]), userLogs: new Map([['S-1', userLog]]) };
    const good = sessionsReport([session], options as never);
    expect(good.log).toHaveLength(1);
    expect(good.signIns).toEqual([{ session: 'S-1', user: 'bob', signedInAt: at, signedOutAt: at, minutes: 0 }]);
    for (const [label, value] of hostile) {
      if (label === 'undefined') continue;
      refused(() => sessionsReport([session], { at, auditLogs: value as never }), 'auditLogs');
      refused(() => sessionsReport([session], { at, userLogs: value as never }), 'userLogs');
    }
    let s = sweep(audit, (v) => sessionsReport([session], { at, auditLogs: new Map([['S-1', v as never]]) }));
    expect(s.crashes).toEqual([]);
    // The report does not read the session field of an entry (the map key says which session).
    // A map holding no log for the session, or an empty one, is no log.
    expect(s.accepted.filter((x) => !x.startsWith('0.session='))).toEqual(['=undefined', '=[]', '0.event=huge', '0.from=null', '0.by=huge', '0.reason=null', '0.reason=undefined', '0.reason=huge']);
    s = sweep(userLog, (v) => sessionsReport([session], { at, userLogs: new Map([['S-1', v as never]]) }));
    expect(s.crashes).toEqual([]);
    // It reads only the sign-ins, and of them neither the sign-in id.
    expect(s.accepted.filter((x) => !/^(entries|sessionEndedAt|signIns\.0\.signIn)=/.test(x))).toEqual(['=undefined', 'signIns=[]', 'signIns.0.signedOutAt=null', 'signIns.0.durationMs=42']);
    refused(() => sessionsReport([session], { at, userLogs: new Map([['S-1', { ...userLog, signIns: [{ ...userLog.signIns[0], durationMs: -1 }] }]]) } as never), 'durationMs');
    // Logs of sessions the report does not list are not read.
    expect(sessionsReport([session], { at, auditLogs: new Map([['other', 42 as never]]) }).log).toEqual([]);
  });

  it('roleAssignmentTrail checks each entry', () => {
    const entries = [{ at, actor: 'a', user: 'bob', role: 'Clerk', change: 'assigned', source: 'manual', seq: 1, session: null, reason: 'r' }];
    const s = sweep(entries, (v) => roleAssignmentTrail(v as never, {}));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['0.seq', '0.session', '0.reason'], ['=[]', '0.session=null', '0.reason=null', '0.seq=42']);
    const f = sweep({ user: 'bob', role: 'Clerk', from: at, to: '2027-01-01T00:00:00.000Z' }, (v) => roleAssignmentTrail(entries as never, v as never));
    expect(f.crashes).toEqual([]);
    onlyOptional(f.accepted, ['user', 'role', 'from', 'to'], NO_OPTIONS);
  });

  const doc = (): ReportDocument => ({
    name: 'r',
    title: 'T',
    description: 'd',
    at,
    summary: [{ label: 'a', value: 1 }],
    charts: [{ id: 'c', title: 'C', series: ['s'], bars: [{ label: 'b', values: [1] }] }],
    // The column answers what the row holds: a row of the wrong shape gives a cell of the wrong type.
    // A row whose reading throws makes it answer undefined (which is not a cell): what the column,
    // the caller's code, throws would reach the caller as it is (docs/concepts.md).
    tables: [{ id: 't', title: 'T', columns: [{ key: 'k', label: 'K', type: 'text', value: (r: unknown) => { try { return (r as { k?: unknown } | null | undefined)?.k; } catch { return undefined; } } }], rows: [{ k: 'a' }] }] as never,
  });
  const renderers = {
    json: (r: unknown) => renderJson(r as never),
    csv: (r: unknown) => renderCsv(r as never),
    md: (r: unknown) => renderMarkdown(r as never),
    html: (r: unknown) => renderHtml(r as never),
    report: (r: unknown) => renderReport(r as never, 'json'),
    string: (r: unknown) => renderReportToString(r as never, 'html'),
  } as const;

  it.each(Object.keys(renderers) as (keyof typeof renderers)[])('renderer %s: every field of a report is checked (a wrong one was a TypeError, or JSON of the wrong type)', (name) => {
    const render = renderers[name];
    expect(outcome(() => render(doc()))).toBe('value');
    const { crashes, accepted } = sweep(doc(), render, 5);
    expect(crashes).toEqual([]);
    // What may be accepted: text of any length, a null instant, empty lists, a number as a summary
    // value, rows that are plain data (JSON writes them as they are), and charts where they are not drawn.
    const fine = /=huge$|^at=null$|=\[\]$|^summary\.0\.value=(42|NaN)$|^tables\.0\.columns\.0\.(type|value)=|^tables\.0\.columns\.0\.value=function$/;
    // JSON writes rows as they are (plain data); the other formats read cells through the columns.
    const rows = name === 'json' || name === 'report' ? /^tables\.0\.rows(\.0(\.k)?)?=/ : /^tables\.0\.rows\.0\.k=(42|NaN|\[\]|huge|null)$/;
    const chartsIgnored = name === 'csv' ? /^charts(\.0|=\[null\]$|=\[a throwing proxy\]$)/ : /^$/;
    expect(accepted.filter((x) => !fine.test(x) && !chartsIgnored.test(x) && !rows.test(x))).toEqual([]);
  });

  it('renderers refuse a row that has no JSON, bad options and a report of the wrong shape', () => {
    for (const row of [undefined, () => 1, Symbol('s'), 1n]) {
      const r = { ...doc(), tables: [{ ...doc().tables[0]!, rows: [row] }] };
      refused(() => [...renderJson(r as never)], 'report.tables[0].rows[0]');
    }
    for (const [label, value] of hostile) {
      if (label === 'undefined') continue;
      if (label !== 'huge') {
        refused(() => [...renderCsv(doc(), { table: value as never })], 'options.table');
        refused(() => [...renderHtml(doc(), { footer: value as never })], 'options.footer');
      }
      refused(() => [...renderCsv(doc(), { bom: value as never })], 'options.bom');
      refused(() => renderReport(doc(), 'csv', { bom: value as never }), 'options.bom');
    }
    for (const options of [null, 42, 'x', []]) {
      refused(() => renderReport(doc(), 'html', options as never), 'options');
      refused(() => [...renderCsv(doc(), options as never)], 'options');
    }
    // renderReport checks before it returns; the generators as soon as they are read.
    refused(() => renderReport({ ...doc(), tables: null } as never, 'csv'), 'report.tables');
    expect(renderReportToString(doc(), 'csv')).toBe('K\r\na\r\n');
  });

  it('table and column refuse parts of the wrong type instead of building a table the renderers cannot read', () => {
    const value = (r: unknown) => String(r);
    for (const [label, bad] of hostile) {
      if (label !== 'huge') {
        refused(() => column(bad as never, 'L', 'text', value), 'column.key');
        refused(() => column('k', bad as never, 'text', value), 'column.label');
        refused(() => table(bad as never, 'T', [], []), 'table.id');
      }
      if (label !== 'function') refused(() => column('k', 'L', 'text', bad as never), 'column.value');
      // Rows are read when rendered (they may be a one-pass stream): any array is taken here.
      if (!['[]', '[null]', '[a throwing proxy]', 'an array whose length throws'].includes(label)) refused(() => table('t', 'T', [], bad as never), 'table.rows');
    }
    refused(() => table('t', 'T', [null] as never, []), 'table.columns[0]');
    expect(table('t', 'T', [column('k', 'L', 'text', value)], new Set([1])).id).toBe('t');
  });
});

describe('transfer: hostile options', () => {
  const model = designModel();
  const xml = exportXml(model);

  /** `options` with a detail, when they can be copied here (a hostile value goes as it is, to be refused). */
  const withDetail = (options: unknown): unknown => {
    try {
      return isPlain(options) ? { ...options, detail: 'all' } : options;
    } catch {
      return options;
    }
  };

  it('parse, import and preview options are parsed', () => {
    const base = { parts: 'configuration', action: 'merge', limits: { maxDepth: 60 }, file: 'f' };
    const limitsOptional = ['limits.maxDepth'];
    for (const [name, call] of [
      ['importXml', (v: unknown) => importXml(model, xml, v as never)],
      ['importChanges', (v: unknown) => importChanges(model, xml, v as never)],
      ['previewImport', (v: unknown) => previewImport(model, xml, withDetail(v) as never)],
    ] as const) {
      const s = sweep(base, call);
      expect(s.crashes, name).toEqual([]);
      onlyOptional(s.accepted, ['parts', 'action', 'limits', 'file', ...limitsOptional], ['limits={}', 'limits=bare', 'limits.maxDepth=42', ...NO_OPTIONS]);
    }
    const p = sweep({ limits: { maxDepth: 60 }, file: 'f' }, (v) => parseXml(xml, v as never));
    expect(p.crashes).toEqual([]);
    onlyOptional(p.accepted, ['limits', 'file', 'limits.maxDepth'], ['limits={}', 'limits=bare', 'limits.maxDepth=42', ...NO_OPTIONS]);
  });

  it('previewImport refuses options that are not an object (a TypeError) and a detail of the wrong type (null was the default)', () => {
    for (const options of [null, 42, 'x', []]) refused(() => previewImport(model, xml, options as never), 'options');
    for (const [label, detail] of hostile) {
      if (label === 'undefined') continue;
      refused(() => previewImport(model, xml, { detail: detail as never }), 'options.detail');
    }
    expect(previewImport(model, xml, { detail: 'all' }).comparison.detail).toBe('all');
  });

  it('export options are parsed, in every form of the export', async () => {
    const s = sweep({ parts: 'governance', categories: ['Finance'] }, (v) => exportXml(model, v as never));
    expect(s.crashes).toEqual([]);
    onlyOptional(s.accepted, ['parts', 'categories'], ['categories=[]', ...NO_OPTIONS]);
    const c = sweep({ parts: 'governance', categories: ['Finance'] }, (v) => exportXmlChunks(model, v as never));
    expect(c.crashes).toEqual([]);
    for (const [label, value] of hostile) {
      if (label === 'undefined') continue;
      await expect((async () => { for await (const _ of exportXmlStream(model, { parts: value as never })) void _; })()).rejects.toBeInstanceOf(SecGovError);
    }
  });

  it('AOT objects: hostile fields are refused by the writers and the reader options by the reader', () => {
    const object = { kind: 'AxSecurityRole', name: 'Clerk', label: 'Clerk', duties: ['CustDuty'], privileges: ['P'], subRoles: [], verbatim: [] };
    const s = sweep(object, (v) => writeAotText(v as never));
    expect(s.crashes).toEqual([]);
    // Names are not limited in length (the platform's are; the reader's limits apply to what is read).
    onlyOptional(s.accepted, ['label', 'duties', 'privileges', 'subRoles'], ['duties=[]', 'privileges=[]', 'subRoles=[]', 'verbatim=[]', 'label=huge', 'name=huge', 'duties.0=huge', 'privileges.0=huge']);
    const r = sweep({ limits: { maxDepth: 60 }, file: 'f' }, (v) => readAotObject(writeAotText(object as never), v as never));
    expect(r.crashes).toEqual([]);
  });
});

describe('audit: hostile fields in the entries and filters', () => {
  const at = AT;
  const entries = [
    {
      seq: 1,
      hash: 'h',
      at,
      actor: 'admin',
      command: 'apply',
      reason: null,
      details: { sessions: [{ session: 'S', user: 'bob', roles: ['Clerk'], event: 'start', to: 'active' }] },
      changes: [{ op: 'assign', assignment: { user: 'bob', role: 'Clerk', scope: 'all', source: 'manual' } }, { op: 'update', kind: 'role', id: 'Clerk', patch: {} }],
    },
  ];

  it('objectHistory and roleAssignmentEvents check every field they read', () => {
    // Fields the queries do not read (the hash, a change's patch), change records of other kinds, or
    // what may be empty or absent.
    const unread = /^0\.hash=|^0\.changes\.0\.op=huge$|^0\.changes\.1\.patch|^0\.changes\.0\.assignment\.scope|^0\.changes=\[\]$|^0\.reason=(null|huge)$|^0\.details=(null|undefined|\{\}|bare)$|^0\.details\.sessions=(undefined|\[\])$|^0\.seq=42$/;
    let s = sweep(entries, (v) => objectHistory(v as never, 'role', 'Clerk'), 5);
    expect(s.crashes).toEqual([]);
    // objectHistory does not read session notes, nor anything in the details.
    expect(s.accepted.filter((x) => !unread.test(x) && !x.startsWith('0.details.sessions') && !/^0\.details=(a throwing proxy|throwing getters)$/.test(x))).toEqual(['=[]']);
    s = sweep(entries, (v) => roleAssignmentEvents(v as never, {}), 5);
    expect(s.crashes).toEqual([]);
    // A note's event need only be a string; a note holding no role gives no event.
    // Details whose getters are not the notes' are not read.
    expect(s.accepted.filter((x) => !unread.test(x) && !/^0\.details\.sessions\.0\.(event=huge|roles=\[\]|to=huge)$|^0\.details=throwing getters$/.test(x))).toEqual(['=[]']);
    const f = sweep({ user: 'bob', role: 'Clerk', from: at, to: '2027-01-01T00:00:00.000Z' }, (v) => roleAssignmentEvents(entries as never, v as never));
    expect(f.crashes).toEqual([]);
    onlyOptional(f.accepted, ['user', 'role', 'from', 'to'], NO_OPTIONS);
  });

  it('roleAssignmentEvents refuses session notes that are not a list (they were silently skipped)', () => {
    for (const [label, value] of hostile) {
      if (label === 'undefined' || label === '[]' || label === '[null]') continue;
      const bad = [{ ...entries[0], details: { sessions: value } }];
      refused(() => roleAssignmentEvents(bad as never), 'entries[0].details.sessions');
    }
    expect(roleAssignmentEvents(entries as never).map((e) => [e.user, e.role, e.change, e.source])).toEqual([
      ['bob', 'Clerk', 'assigned', 'manual'],
      ['bob', 'Clerk', 'assigned', 'session'],
    ]);
  });

  it('a refusal is a SecGovError whatever the value', () => {
    expect(caught(() => roleAssignmentEvents([{ ...entries[0], details: { sessions: Object.create(null) } }] as never))?.code).toBe('VALIDATION_FAILED');
  });
});
