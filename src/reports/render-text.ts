/**
 * Text renderers: JSON, CSV (RFC 4180, guarded against formula injection) and Markdown. Each is a
 * generator of chunks that reads every table's rows once, so large reports stream.
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';
import { cellText, checkChart, checkRenderOptions, checkReport, Chunker, type CellValue, type ReportDocument, type ReportTable } from './document.js';
import { invalid, kindOf } from '../model/arguments.js';

/** A row as JSON text, or a `VALIDATION_FAILED` error naming it when it is not plain data. */
function rowJson(row: unknown, table: number, index: number): string {
  let json: unknown;
  try {
    json = JSON.stringify(row);
  } catch {
    // A cycle, a bigint, a throwing toJSON: not plain data.
    throw invalid(`report.tables[${table}].rows[${index}]`, 'plain data (JSON)', row);
  }
  // undefined, a function or a symbol has no JSON: writing it would break the document.
  if (typeof json !== 'string') throw invalid(`report.tables[${table}].rows[${index}]`, 'plain data (JSON)', row);
  return json;
}

/**
 * Render a report as one JSON document: `{ report, title, description, at, summary, charts, tables }`
 * where `tables` maps each table id to its rows as the report function typed them (plain data).
 * Rows are written one per line, so the output streams.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` (as the output is read) for a report that is not a
 *   {@link ReportDocument}, a malformed chart, or a row that is not plain data
 */
export function* renderJson(report: ReportDocument): Generator<string, void, undefined> {
  const doc = checkReport(report);
  const charts = doc.charts.map((chart, i) => checkChart(chart, `report.charts[${i}]`));
  const out = new Chunker();
  const head = {
    report: doc.name,
    title: doc.title,
    description: doc.description,
    at: doc.at,
    summary: Object.fromEntries(doc.summary.map((s) => [s.label, s.value])),
    charts,
  };
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)},"tables":{`;
  for (let ti = 0; ti < doc.tables.length; ti++) {
    const t = doc.tables[ti]!;
    const chunk = out.push(`${ti === 0 ? '' : ','}\n${JSON.stringify(t.id)}:[`);
    if (chunk) yield chunk;
    let index = 0;
    for (const row of t.rows as Iterable<unknown>) {
      const c = out.push(`${index === 0 ? '' : ','}\n${rowJson(row, ti, index)}`);
      index += 1;
      if (c) yield c;
    }
    const c = out.push(']');
    if (c) yield c;
  }
  const rest = out.flush();
  yield `${rest ?? ''}\n}}\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * prefixed with `'` so spreadsheets do not run it as a formula; fields holding a comma, quote,
 * CR or LF (and every neutralised field) are quoted, with quotes doubled. Numbers are written as
 * they are (a negative number is not a formula).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `value` is not a {@link CellValue} (undefined,
 * an object, a list holding anything but strings)
 */
export function csvField(value: CellValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = cellText(value);
  let quote = false;
  if (FORMULA_START.test(text)) {
    text = `'${text}`;
    quote = true;
  }
  if (quote || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** Options of {@link renderCsv}. */
export interface CsvOptions {
  /** The id of the table to write; the report's first (main) table by default. */
  readonly table?: string;
  /** Start with a UTF-8 byte order mark, for spreadsheets that need one to read UTF-8 (default false). */
  readonly bom?: boolean;
}

/** The table a single-table format writes. */
function pickTable(report: ReportDocument, id: string | undefined): ReportTable<never> {
  const found = id === undefined ? report.tables[0] : report.tables.find((t) => t.id === id);
  if (!found) {
    const known = report.tables.map((t) => t.id).join(', ');
    throw new SecGovError('NOT_FOUND', id === undefined ? `report "${report.name}" has no table` : `report "${report.name}" has no table "${id}" (tables: ${known})`, { ids: id === undefined ? [] : [id] });
  }
  return found;
}

/**
 * Render one table of a report as CSV (RFC 4180: CRLF line ends, a header line of column labels,
 * fields quoted when needed), guarded against formula injection (see {@link csvField}).
 *
 * @throws {@link SecGovError} `NOT_FOUND` when the report has no such table; `VALIDATION_FAILED` for
 *   a report that is not a {@link ReportDocument}, bad options or a cell that is not a cell value
 */
export function* renderCsv(report: ReportDocument, options: CsvOptions = {}): Generator<string, void, undefined> {
  const doc = checkReport(report);
  const read = checkRenderOptions(options);
  const t = pickTable(doc, read.table) as unknown as ReportTable<unknown>;
  const out = new Chunker();
  const header = t.columns.map((c) => csvField(c.label)).join(',');
  { const c = out.push(`${read.bom ? '\ufeff' : ''}${header}\r\n`); if (c) yield c; }
  const columns = t.columns;
  for (const row of t.rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) line += (i === 0 ? '' : ',') + csvField(columns[i]!.value(row));
    const chunk = out.push(`${line}\r\n`);
    if (chunk) yield chunk;
  }
  const rest = out.flush();
  if (rest) yield rest;
}

/**
 * Text safe in a Markdown table cell: HTML and Markdown specials escaped, line breaks flattened.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `text` is not a string
 */
export function markdownText(text: string): string {
  if (typeof text !== 'string') throw new SecGovError('VALIDATION_FAILED', `invalid text: must be a string, not ${kindOf(text)}`);
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~!()])/g, '\\$1');
}

/**
 * Render a report as Markdown: title, description, summary figures, each chart as a small table,
 * then every table. Cells are escaped so report data cannot inject Markdown or HTML.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for a report that is not a {@link ReportDocument},
 *   a malformed chart or a cell that is not a cell value
 */
export function* renderMarkdown(report: ReportDocument): Generator<string, void, undefined> {
  const doc = checkReport(report);
  const out = new Chunker();
  let head = `# ${markdownText(doc.title)}\n\n${markdownText(doc.description)}\n\n`;
  if (doc.at !== null) head += `As of ${markdownText(doc.at)}.\n\n`;
  for (const s of doc.summary) head += `- ${markdownText(s.label)}: ${markdownText(String(s.value))}\n`;
  if (doc.summary.length > 0) head += '\n';
  for (let i = 0; i < doc.charts.length; i++) {
    const chart = checkChart(doc.charts[i], `report.charts[${i}]`);
    head += `## ${markdownText(chart.title)}\n\n| | ${chart.series.map(markdownText).join(' | ')} |\n| --- |${chart.series.map(() => ' ---: |').join('')}\n`;
    for (const bar of chart.bars) head += `| ${markdownText(bar.label)} | ${bar.values.join(' | ')} |\n`;
    head += '\n';
  }
  { const c = out.push(head); if (c) yield c; }
  for (const t of doc.tables as unknown as readonly ReportTable<unknown>[]) {
    const align = t.columns.map((c) => (c.type === 'number' ? ' ---: |' : ' --- |')).join('');
    { const c = out.push(`## ${markdownText(t.title)}\n\n| ${t.columns.map((c) => markdownText(c.label)).join(' | ')} |\n|${align}\n`); if (c) yield c; }
    let count = 0;
    for (const row of t.rows) {
      count += 1;
      let line = '|';
      for (const c of t.columns) line += ` ${markdownText(cellText(c.value(row)))} |`;
      const chunk = out.push(`${line}\n`);
      if (chunk) yield chunk;
    }
    { const c = out.push(count === 0 ? '\n_No rows._\n\n' : '\n'); if (c) yield c; }
  }
  const rest = out.flush();
  if (rest) yield rest;
}
