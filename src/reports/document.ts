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
import { assertIterable, invalid, isRecord, kindOf, readArgument, unreadable } from '../model/arguments.js';

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
export function checkChart(chart: unknown, what: string): ReportChart {
  // The parsed copy: drawing reads it, not the caller's object (a getter could answer differently).
  return parseOrThrow(chartSchema, chart, what);
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

/** A column as the renderers read it, each field read once (`name` names it in the message). */
function readColumn(c: unknown, name: string): ReportColumn<unknown> {
  return readArgument(name, () => {
    if (!isRecord(c)) throw invalid(name, 'a column { key, label, type, value }', c);
    const { key, label, type, value } = c;
    if (typeof key !== 'string') throw invalid(`${name}.key`, 'a string', key);
    if (typeof label !== 'string') throw invalid(`${name}.label`, 'a string', label);
    if (typeof type !== 'string') throw invalid(`${name}.type`, 'a column type', type);
    if (typeof value !== 'function') throw invalid(`${name}.value`, 'a function from a row to a cell value', value);
    return { key, label, type: type as ColumnType, value: value as ReportColumn<unknown>['value'] };
  });
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * `rows` read through a guard: what reading the caller's iterable throws (a getter, a Proxy's
 * trap, an array whose length throws) is `VALIDATION_FAILED` naming `name`, as for the other
 * fields. What a generator of rows throws is reported the same way: the renderer cannot tell it
 * from a broken iterable.
 */
function guardedRows(rows: Iterable<unknown>, name: string): Iterable<unknown> {
  return { [Symbol.iterator]: () => new GuardedIterator(readArgument(name, () => rows[Symbol.iterator]()), name) };
}

/** The iterator of {@link guardedRows}: a class, so a row costs no closure (reports stream millions). */
class GuardedIterator implements Iterator<unknown> {
  constructor(
    private readonly iterator: Iterator<unknown>,
    private readonly name: string,
  ) {}

  next(): IteratorResult<unknown> {
    try {
      const step = this.iterator.next();
      return step.done ? DONE : { done: false, value: step.value };
    } catch (error) {
      throw unreadable(this.name, error);
    }
  }
}

/** A table as the renderers read it: strings, columns, rows that can be iterated (read lazily, guarded). */
function readTable(t: unknown, name: string): ReportTable<unknown> {
  return readArgument(name, () => {
    if (!isRecord(t)) throw invalid(name, 'a table { id, title, columns, rows }', t);
    const { id, title, columns, rows } = t;
    if (typeof id !== 'string') throw invalid(`${name}.id`, 'a string', id);
    if (typeof title !== 'string') throw invalid(`${name}.title`, 'a string', title);
    if (!Array.isArray(columns)) throw invalid(`${name}.columns`, 'an array of columns', columns);
    const read = readArgument(`${name}.columns`, () => Array.from(columns as unknown[]));
    assertIterable(rows, `${name}.rows`, 'an array or iterable of rows');
    return { id, title, columns: read.map((c, i) => readColumn(c, `${name}.columns[${i}]`)), rows: guardedRows(rows, `${name}.rows`) };
  });
}

/**
 * Check a report before rendering it, and answer what the renderers read: a copy of its fields,
 * each read once, with the rows read lazily through a guard (so a stream of rows is still read
 * once) and the charts checked where they are drawn.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the field
 * @internal
 */
export function checkReport(report: unknown, name = 'report'): ReportDocument {
  return readArgument(name, () => {
    if (!isRecord(report)) throw invalid(name, 'a report { name, title, description, at, summary, charts, tables }', report);
    const { name: reportName, title, description, at, summary, charts, tables } = report;
    for (const [field, value] of [['name', reportName], ['title', title], ['description', description]] as const) if (typeof value !== 'string') throw invalid(`${name}.${field}`, 'a string', value);
    if (at !== null && typeof at !== 'string') throw invalid(`${name}.at`, 'an instant or null', at);
    if (!Array.isArray(summary)) throw invalid(`${name}.summary`, 'an array of { label, value }', summary);
    const items = readArgument(`${name}.summary`, () => Array.from(summary as unknown[])).map((item, i): SummaryItem => {
      const label = isRecord(item) ? item['label'] : undefined;
      const value = isRecord(item) ? item['value'] : undefined;
      if (typeof label !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) throw invalid(`${name}.summary[${i}]`, 'a summary item { label: string, value: string or number }', item);
      return { label, value };
    });
    if (!Array.isArray(charts)) throw invalid(`${name}.charts`, 'an array of charts', charts);
    if (!Array.isArray(tables)) throw invalid(`${name}.tables`, 'an array of tables', tables);
    return {
      name: reportName as string,
      title: title as string,
      description: description as string,
      at,
      summary: items,
      charts: readArgument(`${name}.charts`, () => Array.from(charts as unknown[])) as ReportChart[],
      tables: readArgument(`${name}.tables`, () => Array.from(tables as unknown[])).map((t, i) => readTable(t, `${name}.tables[${i}]`)) as unknown as ReportTable<never>[],
    };
  });
}

/**
 * Check the options of a renderer (`table` and `bom` for CSV, `footer` for HTML; `renderReport`
 * passes one object to both).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the option
 * @internal
 */
export function checkRenderOptions(options: unknown): { readonly table: string | undefined; readonly bom: boolean | undefined; readonly footer: string | undefined } {
  return readArgument('options', () => {
    if (!isRecord(options)) throw invalid('options', 'an object { table?, bom?, footer? }', options);
    const { table, bom, footer } = options;
    if (table !== undefined && typeof table !== 'string') throw invalid('options.table', 'a table id', table);
    if (bom !== undefined && typeof bom !== 'boolean') throw invalid('options.bom', 'a boolean', bom);
    if (footer !== undefined && typeof footer !== 'string') throw invalid('options.footer', 'a string', footer);
    return { table, bom, footer };
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
  readTable(t, 'table');
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
  readColumn(c, 'column');
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
