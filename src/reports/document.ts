/**
 * The shape every report shares: a title, the instant it describes, summary figures, charts and
 * tables of typed rows. The renderers (JSON, CSV, Markdown, HTML) read only this shape.
 *
 * @module
 */
import { z } from 'zod';
import { SecGovError } from '../model/errors.js';
import { textSchema } from '../model/ids.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { assertIterable, invalid, isRecord, kindOf, readArgument } from '../model/arguments.js';

/** The value of one table cell. Lists are shown joined with `; `; null is an empty cell. */
export type CellValue = string | number | boolean | null | readonly string[];

/** How a column's values are compared when sorting and how they are aligned. */
export type ColumnType = 'text' | 'number' | 'instant' | 'list' | 'boolean';

/** One column of a report table. */
export interface ReportColumn<Row> {
  /** A stable key (CSV header, HTML `data-key`). */
  readonly key: string;
  /** The header people read. */
  readonly label: string;
  /** How values sort and align. */
  readonly type: ColumnType;
  /** The cell of one row. */
  readonly value: (row: Row) => CellValue;
}

/** One table of a report. */
export interface ReportTable<Row = unknown> {
  /** A stable id, unique in its report (JSON key, HTML anchor, CSV table selector). */
  readonly id: string;
  /** The table's heading. */
  readonly title: string;
  /** The columns, in display order. */
  readonly columns: readonly ReportColumn<Row>[];
  /**
   * The rows. Any iterable: renderers read it once, in order, and never hold more than one output
   * chunk, so a generator of millions of rows streams.
   */
  readonly rows: Iterable<Row>;
}

/** One bar of a chart: a label and one value per series (stacked). */
export interface ChartBar {
  /** The bar's label. */
  readonly label: string;
  /** One value per series of the chart, in series order. */
  readonly values: readonly number[];
}

/** A horizontal stacked bar chart, drawn as inline SVG in HTML. */
export interface ReportChart {
  /** A stable id, unique in its report. */
  readonly id: string;
  /** The chart's caption. */
  readonly title: string;
  /** The names of the stacked series (one colour each). */
  readonly series: readonly string[];
  /** The bars, top to bottom. */
  readonly bars: readonly ChartBar[];
}

const chartSchema = z.object({
  id: textSchema,
  title: textSchema,
  series: z.array(textSchema),
  bars: z.array(z.object({ label: textSchema, values: z.array(z.number().finite()) })),
});

/**
 * Check a chart argument before drawing it: strings (at most `MAX_TEXT_LENGTH` characters each),
 * finite numbers, arrays where the type has them.
 *
 * @param what - the argument's name in the message
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument and every problem
 * @internal
 */
export function checkChart(chart: unknown, what: string): asserts chart is ReportChart {
  parseOrThrow(chartSchema, chart, what);
}

/** One headline figure of a report. */
export interface SummaryItem {
  /** What it counts. */
  readonly label: string;
  /** The figure. */
  readonly value: string | number;
}

/** The names of the built-in reports. */
export type ReportName =
  | 'sod-conflicts'
  | 'separation-of-privileges'
  | 'license-usage'
  | 'license-usage-diff'
  | 'user-aging'
  | 'dormant-users'
  | 'security-analysis'
  | 'sessions'
  | 'role-assignment-trail';

/**
 * A report ready to render: what every report function returns (the functions add typed row arrays
 * next to these fields). Build your own to render other tables with the same renderers.
 */
export interface ReportDocument {
  /** The report's name (a {@link ReportName} for the built-in ones). */
  readonly name: string;
  /** The title. */
  readonly title: string;
  /** What the report answers, in one or two sentences. */
  readonly description: string;
  /** The instant the report describes (ISO-8601), or null when time plays no part. */
  readonly at: string | null;
  /** Headline figures. */
  readonly summary: readonly SummaryItem[];
  /** Charts, drawn in HTML (other formats carry their data in tables). */
  readonly charts: readonly ReportChart[];
  /** The tables, main table first. */
  readonly tables: readonly ReportTable<never>[];
}

/** Check a column as the renderers read it (`name` names it in the message). */
function checkColumn(c: unknown, name: string): void {
  readArgument(name, () => {
    if (!isRecord(c)) throw invalid(name, 'a column { key, label, type, value }', c);
    if (typeof c['key'] !== 'string') throw invalid(`${name}.key`, 'a string', c['key']);
    if (typeof c['label'] !== 'string') throw invalid(`${name}.label`, 'a string', c['label']);
    if (typeof c['type'] !== 'string') throw invalid(`${name}.type`, 'a column type', c['type']);
    if (typeof c['value'] !== 'function') throw invalid(`${name}.value`, 'a function from a row to a cell value', c['value']);
  });
}

/** Check a table as the renderers read it: strings, columns, rows that can be iterated. */
function checkTable(t: unknown, name: string): void {
  readArgument(name, () => {
    if (!isRecord(t)) throw invalid(name, 'a table { id, title, columns, rows }', t);
    if (typeof t['id'] !== 'string') throw invalid(`${name}.id`, 'a string', t['id']);
    if (typeof t['title'] !== 'string') throw invalid(`${name}.title`, 'a string', t['title']);
    const columns = t['columns'];
    if (!Array.isArray(columns)) throw invalid(`${name}.columns`, 'an array of columns', columns);
    for (let i = 0; i < columns.length; i++) checkColumn(columns[i], `${name}.columns[${i}]`);
    assertIterable(t['rows'], `${name}.rows`, 'an array or iterable of rows');
  });
}

/**
 * Check a report before rendering it: what every renderer reads (charts are checked where they are
 * drawn, rows and cells as they are read, so a stream of rows is still read once).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the field
 * @internal
 */
export function checkReport(report: unknown, name = 'report'): asserts report is ReportDocument {
  readArgument(name, () => {
    if (!isRecord(report)) throw invalid(name, 'a report { name, title, description, at, summary, charts, tables }', report);
    for (const field of ['name', 'title', 'description'] as const) if (typeof report[field] !== 'string') throw invalid(`${name}.${field}`, 'a string', report[field]);
    if (report['at'] !== null && typeof report['at'] !== 'string') throw invalid(`${name}.at`, 'an instant or null', report['at']);
    const summary = report['summary'];
    if (!Array.isArray(summary)) throw invalid(`${name}.summary`, 'an array of { label, value }', summary);
    for (let i = 0; i < summary.length; i++) {
      const item: unknown = summary[i];
      if (!isRecord(item) || typeof item['label'] !== 'string' || (typeof item['value'] !== 'string' && typeof item['value'] !== 'number')) {
        throw invalid(`${name}.summary[${i}]`, 'a summary item { label: string, value: string or number }', item);
      }
    }
    if (!Array.isArray(report['charts'])) throw invalid(`${name}.charts`, 'an array of charts', report['charts']);
    const tables = report['tables'];
    if (!Array.isArray(tables)) throw invalid(`${name}.tables`, 'an array of tables', tables);
    for (let i = 0; i < tables.length; i++) checkTable(tables[i], `${name}.tables[${i}]`);
  });
}

/**
 * Check the options of a renderer (`table` and `bom` for CSV, `footer` for HTML; `renderReport`
 * passes one object to both).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the option
 * @internal
 */
export function checkRenderOptions(options: unknown): void {
  readArgument('options', () => {
    if (!isRecord(options)) throw invalid('options', 'an object { table?, bom?, footer? }', options);
    if (options['table'] !== undefined && typeof options['table'] !== 'string') throw invalid('options.table', 'a table id', options['table']);
    if (options['bom'] !== undefined && typeof options['bom'] !== 'boolean') throw invalid('options.bom', 'a boolean', options['bom']);
    if (options['footer'] !== undefined && typeof options['footer'] !== 'string') throw invalid('options.footer', 'a string', options['footer']);
  });
}

/**
 * A table with its row type checked against its columns; stored in a {@link ReportDocument} whose
 * renderers read rows only through the columns.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `id` or `title` is not a string, `columns`
 *   not an array of columns or `rows` not iterable
 */
export function table<Row>(id: string, title: string, columns: readonly ReportColumn<Row>[], rows: Iterable<Row>): ReportTable<never> {
  const t = { id, title, columns, rows };
  checkTable(t, 'table');
  return t as unknown as ReportTable<never>;
}

/**
 * A column; a short form for report definitions.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `key`, `label` or `type` is not a string or
 *   `value` not a function
 */
export function column<Row>(key: string, label: string, type: ColumnType, value: (row: Row) => CellValue): ReportColumn<Row> {
  const c = { key, label, type, value };
  checkColumn(c, 'column');
  return c;
}

/** The `VALIDATION_FAILED` error for a value that is not a {@link CellValue}. */
function invalidCell(value: unknown, index?: number): SecGovError {
  const got = index === undefined ? kindOf(value) : `a list holding ${kindOf(value)} at index ${index}`;
  return new SecGovError('VALIDATION_FAILED', `invalid value: a cell value must be a string, a number, a boolean, null or a list of strings, not ${got}`);
}

/**
 * A cell as plain text: lists joined with `; `, booleans `yes`/`no`, null empty, numbers that are
 * not finite empty.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `value` is not a {@link CellValue} (undefined,
 * an object, a list holding anything but strings)
 */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (!Array.isArray(value)) throw invalidCell(value);
  const list: readonly unknown[] = value;
  return readArgument('cell', () => {
    for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') throw invalidCell(list[i], i);
    return list.join('; ');
  });
}

/** Collects output into chunks of about `size` characters. @internal */
export class Chunker {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly size = 64 * 1024) {}

  /** Add text; returns a chunk when the buffer is full. */
  push(text: string): string | undefined {
    this.parts.push(text);
    this.length += text.length;
    if (this.length < this.size) return undefined;
    return this.flush();
  }

  /** Whatever is buffered, or undefined when empty. */
  flush(): string | undefined {
    if (this.length === 0) return undefined;
    const out = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return out;
  }
}
