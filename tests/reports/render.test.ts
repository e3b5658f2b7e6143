/**
 * Renderers: CSV (RFC 4180 and formula injection), JSON, Markdown and HTML escaping, streaming.
 */
import { describe, expect, it } from 'vitest';
import {
  column,
  csvField,
  renderCsv,
  renderHtml,
  renderJson,
  renderReport,
  renderReportToString,
  table,
  userAgingReport,
  type ReportDocument,
} from '../../src/index.js';
import { AT, financeModel } from './fixture.js';

interface Row {
  readonly text: string;
  readonly n: number | null;
  readonly list: readonly string[];
  readonly flag: boolean;
}

function doc(rows: Iterable<Row>): ReportDocument {
  return {
    name: 'test',
    title: 'Test <report> & "more"',
    description: 'A <b>bold</b> claim',
    at: AT,
    summary: [{ label: 'Rows <n>', value: 3 }],
    charts: [{ id: 'c', title: 'Chart <x>', series: ['a', 'b'], bars: [{ label: 'one <i>', values: [1, 2] }] }],
    tables: [
      table<Row>('main', 'Main', [
        column('text', 'Text', 'text', (r) => r.text),
        column('n', 'N', 'number', (r) => r.n),
        column('list', 'List', 'list', (r) => r.list),
        column('flag', 'Flag', 'boolean', (r) => r.flag),
      ], rows),
      table<Row>('second', 'Second', [column('text', 'Text', 'text', (r) => r.text)], [{ text: 'x', n: 1, list: [], flag: false }]),
    ],
  };
}

/** A minimal RFC 4180 parser, to read back what the renderer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i += 1; continue; }
      field += c; i += 1; continue;
    }
    if (c === '"') { quoted = true; i += 1; continue; }
    if (c === ',') { row.push(field); field = ''; i += 1; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    field += c; i += 1;
  }
  if (field !== '' || row.length > 0) throw new Error('missing final CRLF');
  return rows;
}

describe('CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+1', `"'+1+1"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
    ['safe=1', 'safe=1'],
  ])('writes %j as %s', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('writes numbers as numbers (a negative number is no formula), lists and booleans as text', () => {
    expect(csvField(-1)).toBe('-1');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(['=a', 'b'])).toBe(`"'=a; b"`);
    expect(csvField(true)).toBe('yes');
  });

  it('neutralises a list whose first item starts a formula', () => {
    expect(csvField(['-x'])).toBe(`"'-x"`);
  });

  it('writes RFC 4180: CRLF line ends, header of labels, fields read back exactly', () => {
    const rows: Row[] = [
      { text: 'plain', n: 1, list: ['a', 'b'], flag: true },
      { text: 'comma, "quote"\r\nnew line', n: -1, list: [], flag: false },
      { text: '=cmd|" /C calc"!A0', n: null, list: ['@x'], flag: false },
    ];
    const csv = renderReportToString(doc(rows), 'csv');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['Text', 'N', 'List', 'Flag'],
      ['plain', '1', 'a; b', 'yes'],
      ['comma, "quote"\r\nnew line', '-1', '', 'no'],
      [`'=cmd|" /C calc"!A0`, '', `'@x`, 'no'],
    ]);
    // Text cells never start a formula (column N holds numbers, written as they are).
    for (const line of parseCsv(csv)) for (const [i, cell] of line.entries()) if (i !== 1) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes another table on request, a BOM on request, and names an unknown table', () => {
    expect(renderReportToString(doc([]), 'csv', { table: 'second' })).toBe('Text\r\nx\r\n');
    expect(renderReportToString(doc([]), 'csv', { bom: true }).startsWith('\ufeffText,')).toBe(true);
    expect(() => renderReportToString(doc([]), 'csv', { table: 'nope' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('JSON', () => {
  it('writes one document holding the typed rows of every table', () => {
    const report = userAgingReport(financeModel(), { at: AT });
    const parsed = JSON.parse(renderReportToString(report, 'json')) as Record<string, unknown> & { tables: Record<string, unknown[]> };
    expect(parsed.report).toBe('user-aging');
    expect(parsed.at).toBe(AT);
    expect(parsed.tables.users).toEqual(JSON.parse(JSON.stringify(report.users)));
    expect(parsed.tables.buckets).toEqual(JSON.parse(JSON.stringify(report.buckets)));
    expect(parsed.summary).toMatchObject({ Users: 7 });
  });

  it('keeps empty tables as empty arrays', () => {
    const parsed = JSON.parse(renderReportToString(doc([]), 'json')) as { tables: Record<string, unknown[]> };
    expect(parsed.tables.main).toEqual([]);
  });
});

describe('Markdown', () => {
  it('escapes cells so data cannot break the table or inject HTML', () => {
    const md = renderReportToString(doc([{ text: 'a | b <script>alert(1)</script> *x* [l](http://e)', n: 3, list: [], flag: true }]), 'md');
    expect(md).toContain('# Test &lt;report&gt; &amp; "more"');
    expect(md).not.toContain('<script>');
    const line = md.split('\n').find((l) => l.includes('alert'))!;
    // Four cells: five unescaped pipes.
    expect(line.match(/(?<!\\)\|/g)).toHaveLength(5);
    expect(line).toContain('\\[l\\]\\(http://e\\)');
    expect(md).toContain('| --- | ---: | --- | --- |');
    expect(renderReportToString(doc([]), 'md')).toContain('_No rows._');
  });
});

describe('HTML', () => {
  it('escapes every value and carries a policy forbidding external requests', () => {
    const html = renderReportToString(doc([{ text: '<img src=x onerror=alert(1)>"\'&', n: 1, list: ['</td>'], flag: false }]), 'html');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(html).toContain('&lt;/td&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).toContain('<svg');
    expect(html.match(/<section class="report-table"/g)).toHaveLength(2);
  });
});

describe('streaming', () => {
  function* many(count: number): Generator<Row> {
    for (let i = 0; i < count; i++) yield { text: `row ${i}`, n: i, list: ['a'], flag: i % 2 === 0 };
  }

  it.each(['json', 'csv', 'md', 'html'] as const)('%s reads rows lazily and yields bounded chunks', (format) => {
    let pulled = 0;
    function* counted(): Generator<Row> {
      for (const r of many(50_000)) {
        pulled += 1;
        yield r;
      }
    }
    const iterator = renderReport(doc(counted()), format)[Symbol.iterator]();
    const first = iterator.next();
    expect(first.done).toBe(false);
    expect(pulled).toBeLessThan(50_000);
    let chunks = 1;
    let largest = first.value!.length;
    let all = first.value!;
    for (let r = iterator.next(); !r.done; r = iterator.next()) {
      chunks += 1;
      largest = Math.max(largest, r.value.length);
      all += r.value;
    }
    expect(pulled).toBe(50_000);
    // Nothing is lost between chunks: the whole output is complete.
    if (format === 'json') expect((JSON.parse(all) as { tables: { main: unknown[] } }).tables.main).toHaveLength(50_000);
    if (format === 'csv') expect(all.split('\r\n')).toHaveLength(50_002);
    if (format === 'html') {
      expect(all.match(/<tr>/g)).toHaveLength(50_000 + 1 + 1 + 1);
      expect(all.trimEnd().endsWith('</html>')).toBe(true);
    }
    if (format === 'md') expect(all.match(/^\| row \d+ \|/gm)).toHaveLength(50_000);
    for (const text of ['row 0', 'row 49999']) expect(all).toContain(text);
    expect(chunks).toBeGreaterThan(10);
    expect(largest).toBeLessThan(80 * 1024);
  });

  it.each(['json', 'csv', 'md', 'html'] as const)('%s: rows whose reading fails midway are VALIDATION_FAILED naming them, with what was thrown as the cause', (format) => {
    const broken = new Error('disk gone');
    function* failing(): Generator<Row> {
      yield* many(2);
      throw broken;
    }
    let caught: unknown;
    try {
      renderReportToString(doc(failing()), format);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('report.tables[0].rows'), cause: broken });
    // A column's value is the caller's code: what it throws reaches the caller as it is.
    const thrown = new Error('bug in a column');
    const withBadColumn = { ...doc(many(2)), tables: [table('main', 'Main', [column('x', 'X', 'text', () => { throw thrown; })], [{}])] };
    expect(() => renderReportToString(withBadColumn, format === 'json' ? 'csv' : format)).toThrow(thrown);
  });

  it('renderHtml and renderJson are generators over the same rows', () => {
    expect([...renderHtml(doc(many(3)))].join('')).toContain('row 2');
    expect([...renderJson(doc(many(3)))].join('')).toContain('"row 2"');
    expect(() => renderReport(doc([]), 'pdf' as never)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
