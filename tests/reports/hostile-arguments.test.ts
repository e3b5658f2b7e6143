/**
 * Public report and comparison renderers answer hostile arguments (null, undefined, objects of the
 * wrong shape, arrays holding null, huge or non-finite values) with a typed `VALIDATION_FAILED`
 * error, never a `TypeError` or a stack overflow, and never emit injected markup.
 */
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  cellText,
  chartSvg,
  column,
  compareModels,
  createModel,
  csvField,
  markdownText,
  renderComparison,
  renderFieldChange,
  renderReportToString,
  SecGovError,
  table,
  type CellValue,
  type FieldChange,
  type ModelComparison,
  type ReportChart,
  type ReportDocument,
} from '../../src/index.js';
import { errorCode } from '../support/errors.js';

const huge = 'x'.repeat(1_000_000);
const circular: Record<string, unknown> = {};
circular['self'] = circular;


function message(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(SecGovError);
    return (error as SecGovError).message;
  }
  return '';
}

/** Values that are not a cell value (a string, number, boolean, null or list of strings). */
const notCells: unknown[] = [undefined, {}, { toString: () => 'x' }, Object.create(null), [null], ['a', null], [42], [{}], [['a']], [undefined], Symbol('s'), 1n, () => 'x', new String('x')];

describe('cell renderers', () => {
  it('cellText refuses what is not a cell value and answers every cell value', () => {
    for (const bad of notCells) expect(errorCode(() => cellText(bad as CellValue))).toBe('VALIDATION_FAILED');
    expect(message(() => cellText(undefined as never))).toMatch(/^invalid value:/);
    expect(message(() => cellText(['a', null] as never))).toContain('index 1');
    expect(cellText(null)).toBe('');
    expect(cellText([])).toBe('');
    expect(cellText(42)).toBe('42');
    expect(cellText(Number.NaN)).toBe('');
    expect(cellText(huge)).toBe(huge);
    expect(cellText(['a', 'b'])).toBe('a; b');
  });

  it('csvField refuses what is not a cell value and answers every cell value', () => {
    for (const bad of notCells) expect(errorCode(() => csvField(bad as CellValue))).toBe('VALIDATION_FAILED');
    expect(message(() => csvField({} as never))).toMatch(/^invalid value:/);
    expect(csvField(null)).toBe('');
    expect(csvField([])).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(`=${huge}`)).toBe(`"'=${huge}"`);
  });

  it('markdownText refuses what is not a string and escapes huge text', () => {
    for (const bad of [null, undefined, {}, [], 42, Number.NaN, [null], ['a'], { toString: () => '<b>' }, Symbol('s')]) {
      expect(errorCode(() => markdownText(bad as string))).toBe('VALIDATION_FAILED');
    }
    expect(message(() => markdownText(null as never))).toMatch(/^invalid text:/);
    expect(markdownText('<'.repeat(1_000_000))).toBe('&lt;'.repeat(1_000_000));
  });

  it('a hostile cell in a table is a typed error in every format', () => {
    const report: ReportDocument = {
      name: 'r',
      title: 'R',
      description: 'd',
      at: null,
      summary: [],
      charts: [],
      tables: [table<unknown>('t', 'T', [column('c', 'C', 'text', () => ({ toString: () => '<script>' }) as never)], [1])],
    };
    for (const format of ['csv', 'md', 'html'] as const) expect(errorCode(() => renderReportToString(report, format))).toBe('VALIDATION_FAILED');
  });
});

describe('charts', () => {
  const chart: ReportChart = { id: 'c', title: 'C', series: ['a', 'b'], bars: [{ label: 'one', values: [1, 2] }] };
  const badCharts: unknown[] = [
    null,
    undefined,
    {},
    [],
    42,
    Number.NaN,
    huge,
    [chart],
    { ...chart, id: 42 },
    { ...chart, title: huge },
    { ...chart, series: null },
    { ...chart, series: [null] },
    { ...chart, series: 'ab' },
    { ...chart, bars: null },
    { ...chart, bars: [null] },
    { ...chart, bars: [{ label: null, values: [1] }] },
    { ...chart, bars: [{ label: 'one', values: null }] },
    { ...chart, bars: [{ label: 'one', values: [null] }] },
    { ...chart, bars: [{ label: 'one', values: ['"><script>alert(1)</script>'] }] },
    { ...chart, bars: [{ label: 'one', values: [Number.NaN] }] },
    { ...chart, bars: [{ label: 'one', values: [Infinity] }] },
    { ...chart, bars: [{ label: { toString: () => '<script>' }, values: [1] }] },
  ];

  it('chartSvg refuses what is not a chart', () => {
    for (const bad of badCharts) expect(errorCode(() => chartSvg(bad as ReportChart))).toBe('VALIDATION_FAILED');
    expect(message(() => chartSvg(null as never))).toMatch(/^invalid chart:/);
  });

  it('chartSvg draws a chart of very many bars without overflowing the stack', () => {
    const bars = Array.from({ length: 200_000 }, (_, i) => ({ label: `b${i}`, values: [i % 7] }));
    const svg = chartSvg({ id: 'big', title: 'Big', series: ['n'], bars });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(errorCode(() => chartSvg({ ...chart, bars: [...bars, null] } as never))).toBe('VALIDATION_FAILED');
  });

  it('HTML and Markdown reports refuse hostile charts and column types instead of emitting them', () => {
    const report = (over: Partial<ReportDocument>): ReportDocument => ({ name: 'r', title: 'R', description: 'd', at: null, summary: [], charts: [], tables: [], ...over });
    const injected = { ...chart, bars: [{ label: 'x', values: ['<img src=x onerror=alert(1)>'] }] } as never;
    expect(errorCode(() => renderReportToString(report({ charts: [injected] }), 'html'))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => renderReportToString(report({ charts: [injected] }), 'md'))).toBe('VALIDATION_FAILED');
    const typed = report({ tables: [table<number>('t', 'T', [column('c', 'C', '"><script>alert(1)</script>' as never, (n) => n)], [1])] });
    expect(renderReportToString(typed, 'html')).not.toContain('<script>alert(1)');
    const at = report({ at: '<img src=x onerror=alert(1)>' });
    expect(renderReportToString(at, 'md')).not.toContain('<img');
  });
});

describe('comparison renderers', () => {
  const a = createModel({ duties: [{ id: 'Post', name: 'Post' }], roles: [{ id: 'Clerk', name: 'Clerk', duties: ['Post'] }] });
  const b = applyChanges(a, [{ op: 'update', kind: 'role', id: 'Clerk', patch: { name: 'Clerk 2', duties: [] } }]);
  const comparison = compareModels(a, b);
  const entry = comparison.entries[0]!;

  const badChanges: unknown[] = [
    null,
    undefined,
    {},
    [],
    42,
    Number.NaN,
    huge,
    [{ type: 'value', field: 'name', from: 'a', to: 'b' }],
    { type: 'nope' },
    { type: '__proto__' },
    { type: 'value' },
    { type: 'value', field: null, from: 'a', to: 'b' },
    { type: 'value', field: huge, from: 'a', to: 'b' },
    { type: 'value', field: 'name', from: 1n, to: 'b' },
    { type: 'value', field: 'name', from: circular, to: 'b' },
    { type: 'value', field: 'name', from: () => 1, to: 'b' },
    { type: 'value', field: 'name', from: Symbol('s'), to: 'b' },
    { type: 'member', field: 'duties', change: 'added' },
    { type: 'member', field: 'duties', change: 'moved', id: 'x' },
    { type: 'member', field: 'duties', change: 'added', id: null },
    { type: 'attribute', field: 'attributes', key: null, from: 'a', to: 'b' },
    { type: 'attribute', field: 'attributes', key: 'k', from: {}, to: 'b' },
    { type: 'grant', field: 'grants', entryPoint: 'e', change: 'changed' },
    { type: 'grant', field: 'grants', entryPoint: 'e', change: 'changed', rights: null },
    { type: 'grant', field: 'grants', entryPoint: 'e', change: 'changed', rights: [null] },
    { type: 'grant', field: 'grants', entryPoint: 'e', change: 'changed', rights: [{ right: 'fly', from: 'allow', to: 'unset' }] },
    { type: 'grant', field: 'grants', entryPoint: 'e', change: 'changed', rights: [{ right: 'read', from: 'maybe', to: 'unset' }] },
    { type: 'grant', field: 'grants', entryPoint: null, change: 'changed', rights: [] },
    { type: 'grant', field: 'other', entryPoint: 'e', change: 'changed', rights: [] },
    { type: 'grant', field: 'grants', entryPoint: 'e', change: null, rights: [] },
  ];

  it('renderFieldChange refuses what is not a field change', () => {
    for (const bad of badChanges) expect(errorCode(() => renderFieldChange(bad as FieldChange))).toBe('VALIDATION_FAILED');
    expect(message(() => renderFieldChange(null as never))).toMatch(/^invalid change:/);
    expect(message(() => renderFieldChange({ type: 'member', field: 'duties', change: 'added', id: null } as never))).toMatch(/^invalid change\.id:/);
    expect(renderFieldChange({ type: 'value', field: 'name', from: undefined, to: huge })).toHaveLength('name: (none) → '.length + 200);
  });

  it('renderComparison refuses what is not a comparison', () => {
    const bad: unknown[] = [
      null,
      undefined,
      {},
      [],
      42,
      Number.NaN,
      huge,
      [comparison],
      { ...comparison, entries: null },
      { ...comparison, entries: [null] },
      { ...comparison, entries: [{ ...entry, kind: '__proto__' }] },
      { ...comparison, entries: [{ ...entry, kind: 'planet' }] },
      { ...comparison, entries: [{ ...entry, id: null }] },
      { ...comparison, entries: [{ ...entry, id: huge }] },
      { ...comparison, entries: [{ ...entry, status: 'gone' }] },
      { ...comparison, entries: [{ ...entry, changes: null }] },
      { ...comparison, entries: [{ ...entry, changes: [null] }] },
      { ...comparison, entries: [{ ...entry, changes: [{ type: 'value' }] }] },
      { ...comparison, parts: null },
      { ...comparison, parts: ['everything'] },
      { ...comparison, parts: [null] },
      { ...comparison, summary: null },
      { ...comparison, summary: { role: { added: 'many', removed: 0, changed: 0, unchanged: 0 } } },
      { ...comparison, summary: { role: null } },
      { ...comparison, identical: 'no' },
    ];
    for (const c of bad) expect(errorCode(() => renderComparison(c as ModelComparison))).toBe('VALIDATION_FAILED');
    expect(message(() => renderComparison(null as never))).toMatch(/^invalid comparison:/);
    expect(message(() => renderComparison({ ...comparison, entries: [{ ...entry, changes: [null] }] } as never))).toMatch(/^invalid comparison\.entries\[0\]\.changes\[0\]:/);
  });

  it('renderComparison renders an entry of very many changes without overflowing the stack', () => {
    const changes = Array.from({ length: 300_000 }, (_, i) => ({ type: 'member' as const, field: 'duties', change: 'added' as const, id: `d${i}` }));
    const text = renderComparison({ ...comparison, entries: [{ ...entry, changes }] });
    expect(text.split('\n')).toHaveLength(2 + changes.length);
  });
});
